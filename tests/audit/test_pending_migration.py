"""A migration in the repository that live has not applied: the history check reports it pending,
the drift it explains is attributed to it ("migration not applied", pointing at the pending file),
and the audit lints that file (only that one) for unsafe operations."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from tests.audit.seedlive import MIGRATIONS, SPEC, build_live
from tests.commands import schema_auditor

PENDING = "20250301000000_index_completed_at.sql"
PENDING_SQL = """set lock_timeout = '5s';
-- Dashboards sort finished jobs by completion time.
create index idx_jobs_completed_at on public.jobs (completed_at);
"""


def test_pending_migration_is_attributed_and_linted(server: Any, dsn: str, tmp_path: Path) -> None:
    build_live(dsn, server.version_num)  # all five seed migrations applied and recorded
    project = tmp_path / "project"
    shutil.copytree(MIGRATIONS, project / "migrations")
    (project / "migrations" / PENDING).write_text(PENDING_SQL)
    shutil.copy(SPEC, project / "expected_schema.yaml")
    out = tmp_path / "reports"
    r = schema_auditor(
        "audit",
        "--dsn",
        dsn,
        "--no-spec",
        "--shadow",
        "dsn",
        "--shadow-dsn",
        server.admin_dsn,
        "--out",
        str(out),
        cwd=project,
    )
    assert r.returncode == 1, r.stdout + r.stderr
    findings = json.loads((out / "audit.json").read_text())["findings"]
    by_code: dict[str, list[dict[str, Any]]] = {}
    for f in findings:
        by_code.setdefault(f["code"], []).append(f)

    (pending,) = by_code["HIS001"]
    assert PENDING.split("_")[0] in pending["object"]

    (missing,) = [
        f
        for f in findings
        if f["category"] == "drift" and f["object"] == "index:public.jobs.idx_jobs_completed_at"
    ]
    assert missing["kind"] == "missing"
    assert missing["attribution"] == "migration not applied"
    assert missing["provenance"][0]["file"].endswith(PENDING)

    # the pending file is linted (an index built without CONCURRENTLY on a busy table) ...
    (lint,) = by_code["MIG001"]
    assert lint["location"]["file"].endswith(PENDING) and lint["location"]["line"] == 3
    # ... and the applied ones are not (their findings are history)
    assert all(f["location"]["file"].endswith(PENDING) for f in findings if f["category"] == "lint")
