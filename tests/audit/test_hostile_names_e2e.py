"""Issue 4 acceptance, end to end: a live database whose table, column, policy and comment carry
HTML/JS payloads is audited, and audit.html shows them as text in headless Chromium, running none."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from psycopg import sql

from tests.audit.seedlive import build_live, execute
from tests.browser import Page
from tests.commands import schema_auditor

pytestmark = pytest.mark.browser

TABLE = "<script>window.__pwned=1</script>"
COLUMN = '"><img src=x onerror="window.__pwned=2">'
POLICY = "<svg onload=window.__pwned=3>"
COMMENT = "</script><script>window.__pwned=4</script>"


def test_hostile_names_from_a_database_render_as_text(
    server: Any, dsn: str, tmp_path: Path, browser: Any
) -> None:
    build_live(dsn, server.version_num)
    q = sql.SQL(
        "create table {t} (id int primary key);"
        "alter table {t} enable row level security;"
        "alter table public.jobs add column {c} text;"
        "create policy {p} on public.jobs for select to authenticated using (true);"
        "comment on table public.jobs is {m};"
    ).format(
        t=sql.Identifier("public", TABLE),
        c=sql.Identifier(COLUMN),
        p=sql.Identifier(POLICY),
        m=sql.Literal(COMMENT),
    )
    execute(dsn, q.as_string())
    out = tmp_path / "reports"
    r = schema_auditor("audit", "--dsn", dsn, "--no-migrations", "--out", str(out))
    assert r.returncode == 1, r.stdout + r.stderr
    findings = json.loads((out / "audit.json").read_text())["findings"]
    objects = {f["object"] for f in findings}
    # object paths quote identifiers (a '"' doubles), so look for the payloads' quote-free cores
    cores = (TABLE, "<img src=x onerror=", POLICY)
    for core in cores:
        assert any(core in o for o in objects), core
    assert any(COMMENT in (f["actual"] or "") for f in findings)

    p = Page(browser)
    try:
        p.page.add_init_script("window.__pwned = 0;")
        p.open(out / "audit.html")
        p.page.wait_for_timeout(300)
        # open every group so that everything is rendered
        for button in p.page.locator("button:has-text('show')").all():
            if button.is_visible():
                button.click()
        assert p.dialogs == [] and p.errors == []
        assert p.page.evaluate("window.__pwned") == 0
        assert (
            p.page.evaluate("document.querySelectorAll('#groups img, #groups svg, #groups script').length")
            == 0
        )
        text = p.page.inner_text("body")
        for payload in (*cores, COMMENT):
            assert payload in text, payload
        assert p.cards() > 0
    finally:
        p.close()
