"""Issue 17 item 2: one card per cause. Row level security switched off by hand on a live database
built from our migrations gives the drift and the rules it breaks; they are one cause in every
format (JSON keeps each finding and names its cause; the terminal prints one line; the page one
card with every code and one fix), and the counts agree. Browser checks at desktop and phone
widths keep their screenshots in the test's tmp dir."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from auditor.findings import Category, Finding, Level
from auditor.report import write_reports
from auditor.report.causes import cause_ids, fix_statements
from auditor.report.model import Report
from auditor.report.text import terminal_summary
from tests.browser import Page
from tests.report.conftest import make_report
from tests.servers import Server

RLS_FIX = "ALTER TABLE public.jobs ENABLE ROW LEVEL SECURITY;"


def _f(code: str, obj: str, fix: str | None, **kw: Any) -> Finding:
    cat = Category.DRIFT if code.startswith("DRIFT") else Category.RULE
    return Finding(code=code, level=Level.ERROR, object=obj, message=code, category=cat, fix_sql=fix, **kw)


def test_fix_statements_compare_without_case_spacing_or_semicolon() -> None:
    assert fix_statements(
        "ALTER TABLE t\n  ENABLE ROW LEVEL SECURITY;\nALTER TABLE t FORCE ROW LEVEL SECURITY;"
    ) == {
        "alter table t enable row level security",
        "alter table t force row level security",
    }
    assert fix_statements("-- a comment\nalter  table t enable row level security") == {
        "alter table t enable row level security"
    }


def test_cause_ids_group_same_object_and_shared_statement() -> None:
    fs = [
        _f("SEC001", "table:public.jobs", RLS_FIX),
        _f(
            "DRIFT-TABLE-CHANGED",
            "table:public.jobs",
            RLS_FIX.lower() + "\nALTER TABLE public.jobs OWNER TO x;",
        ),
        _f("SEC003", "table:public.jobs", "alter table public.jobs enable row level security"),
        _f(
            "SEC002", "table:public.jobs", "ALTER TABLE public.jobs FORCE ROW LEVEL SECURITY;"
        ),  # another fact
        _f(
            "SEC001", "table:public.other", "ALTER TABLE public.jobs ENABLE ROW LEVEL SECURITY;"
        ),  # another object
        _f("SEC099", "table:public.jobs", None),  # no fix: a cause of its own
        _f("SEC003", "table:public.jobs", RLS_FIX, suppressed="accepted"),  # suppressed: its own
    ]
    ids = cause_ids(fs)
    assert ids[0] == ids[1] == ids[2] == fs[1].fingerprint  # led by the drift
    assert len({ids[0], ids[3], ids[4], ids[5], ids[6]}) == 5
    assert ids[3] == fs[3].fingerprint and ids[5] == fs[5].fingerprint


def test_counts_agree_and_a_clean_run_says_so() -> None:
    fs = [_f("SEC001", "table:public.jobs", RLS_FIX), _f("SEC003", "table:public.jobs", RLS_FIX)]
    report = make_report(fs)
    assert report.summary["causes"] == 1 and report.summary["total"] == 2
    assert "2 finding(s)" in terminal_summary(report, color=False)
    assert "1 cause(s)" in terminal_summary(report, color=False)


# --- a real audit: RLS off by hand ---------------------------------------------------------------
@pytest.fixture(scope="module")
def rls_off_report(server: Server, dsn: str) -> Report:
    from auditor.audit import AuditOptions, run_audit
    from auditor.gate import FailPolicy
    from tests.audit.seedlive import MIGRATIONS, SPEC, build_live, execute

    build_live(dsn, server.version_num)
    execute(dsn, "alter table public.jobs disable row level security")
    opts = AuditOptions(
        spec=str(SPEC),
        migrations=str(MIGRATIONS),
        dsn=dsn,
        shadow="dsn",
        shadow_dsn=server.admin_dsn,
        fail_on=FailPolicy.parse("error"),
    )
    report, run = run_audit(opts)
    assert run.failure is None, run.errors
    return report


def _on_jobs(report: Report) -> dict[str, str]:
    return {
        f.code: c
        for f, c in zip(report.findings, report.causes, strict=True)
        if f.object == "table:public.jobs" and f.suppressed is None
    }


def test_rls_off_is_one_cause_in_json_and_terminal(rls_off_report: Report) -> None:
    causes = _on_jobs(rls_off_report)
    assert {"DRIFT-TABLE-CHANGED", "SEC001", "SEC003"} <= set(causes), causes
    assert causes["DRIFT-TABLE-CHANGED"] == causes["SEC001"] == causes["SEC003"]
    doc = json.loads(json.dumps(rls_off_report.to_dict()))
    same = [f for f in doc["findings"] if f["cause"] == causes["SEC001"]]
    assert {f["code"] for f in same} >= {"DRIFT-TABLE-CHANGED", "SEC001", "SEC003"}  # every finding kept
    term = terminal_summary(rls_off_report, color=False)
    line = next(ln for ln in term.splitlines() if "table:public.jobs" in ln and "same cause" in ln)
    assert "SEC001" in line and "SEC003" in line, line
    assert f"{rls_off_report.summary['causes']} cause(s)" in term


@pytest.mark.browser
@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_rls_off_is_one_card_with_one_fix(
    rls_off_report: Report, browser: Any, tmp_path: Path, width: int, height: int
) -> None:
    (path,) = write_reports(rls_off_report, tmp_path, ["html"])
    p = Page(browser, bypass_csp=True, viewport={"width": width, "height": height})
    try:
        p.open(path)
        pg = p.page
        card = pg.locator("article.finding", has=pg.locator("code", has_text="SEC003"))
        assert card.count() == 1
        codes = card.first.get_attribute("data-codes") or ""
        assert {"DRIFT-TABLE-CHANGED", "SEC001", "SEC003"} <= set(codes.split())
        assert card.locator(".fix.revert pre").count() == 1  # one revert-live fix for the cause
        assert "ENABLE ROW LEVEL SECURITY" in card.locator(".fix.revert pre").inner_text()
        assert "DISABLE ROW LEVEL SECURITY" in card.locator(".fix.keep pre").inner_text()  # and keep it
        # the page counts as the terminal and the summary do
        s = rls_off_report.summary
        assert p.count() == s["total"]
        assert f"{s['causes']} cause{'s' if s['causes'] != 1 else ''} on" in pg.inner_text("#shown")
        # the Copy button never covers the SQL; nothing overflows the page sideways
        revert = card.locator(".fix.revert")
        btn, pre = revert.locator("button.copy").bounding_box(), revert.locator("pre").bounding_box()
        assert btn and pre and btn["y"] + btn["height"] <= pre["y"] + 0.5
        assert pg.evaluate("document.documentElement.scrollWidth") <= width
        card.first.scroll_into_view_if_needed()
        pg.screenshot(path=str(tmp_path / f"rls-off-{width}.png"), full_page=False)
        assert p.errors == []
    finally:
        p.close()


@pytest.mark.browser
def test_a_clean_run_says_so(browser: Any, tmp_path: Path) -> None:
    sup = _f("SEC001", "table:public.jobs", RLS_FIX, suppressed="accepted in ADR-1")
    for findings, want in (([], "No findings"), ([sup], "1 suppressed")):
        out = tmp_path / str(len(findings))
        (path,) = write_reports(make_report(findings), out, ["html"])
        p = Page(browser, bypass_csp=True)
        try:
            p.open(path)
            shown = p.page.inner_text("#shown")
            assert want in shown and "CLEAN" in shown and "nothing matches" not in shown, shown
        finally:
            p.close()
