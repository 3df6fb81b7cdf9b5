"""Issue 6 acceptance: drift found on our seed carries its provenance (the migration file:line that
created the object) in audit.json and in audit.html as a person sees it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.audit.seedlive import build_live, execute
from tests.browser import Page
from tests.commands import ROOT, schema_auditor

MIGRATION = "migrations/20241201000004_complete_rls_setup.sql"


def _line_of(pattern: str) -> int:
    lines = (ROOT / MIGRATION).read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if re.search(pattern, line))


@pytest.mark.browser
def test_provenance_in_json_and_html(server: Any, dsn: str, tmp_path: Path, browser: Any) -> None:
    build_live(dsn, server.version_num)
    execute(dsn, "drop policy jobs_owner_delete on public.jobs")
    out = tmp_path / "reports"
    r = schema_auditor(
        "audit", "--dsn", dsn, "--shadow", "dsn", "--shadow-dsn", server.admin_dsn, "--out", str(out)
    )
    assert r.returncode == 1, r.stderr
    created = _line_of(r"create policy jobs_owner_delete on public\.jobs")
    doc = json.loads((out / "audit.json").read_text())
    (f,) = [x for x in doc["findings"] if x["object"] == "policy:public.jobs.jobs_owner_delete"]
    assert f["provenance"][0] == {"file": MIGRATION, "line": created, "column": 1}

    p = Page(browser)
    try:
        p.open(out / "audit.html")
        text = p.page.inner_text("#groups")
        assert f"created in {MIGRATION}:{created}" in text
    finally:
        p.close()
