"""Issue 17 items 3 and 6 on the page: both fixes on a card, "copy all" leaving destructive fixes
out unless confirmed, filters in the URL hash, permalinks, the print stylesheet and the phone
layout. Headless Chromium; screenshots stay in each test's tmp dir."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from auditor.findings import Attribution, Category, Finding, Level
from auditor.report import write_reports
from tests.browser import Page
from tests.report.conftest import all_findings, make_report

pytestmark = pytest.mark.browser

LONG = (
    "ALTER TABLE public.a_table_with_a_rather_long_name_for_a_phone ALTER COLUMN some_column SET DEFAULT "
    + ("'" + "x" * 180 + "'::text;")
)


def dropped_by_hand() -> Finding:
    return Finding(
        code="DRIFT-COLUMN-UNEXPECTED",
        level=Level.WARNING,
        object="column:public.jobs.scratch",
        message="column scratch on public.jobs exists in live but not in migrations",
        category=Category.DRIFT,
        kind="unexpected",
        actual="ALTER TABLE public.jobs ADD COLUMN scratch text;",
        attribution=Attribution.OUTSIDE_MIGRATIONS,
        fix_sql="-- DESTRUCTIVE: drops column scratch of public.jobs and every value in it\n"
        "ALTER TABLE public.jobs DROP COLUMN scratch;",
        extra=(
            ("destructive", "drops column scratch of public.jobs and every value in it"),
            ("keep_sql", "ALTER TABLE public.jobs ADD COLUMN scratch text;"),
        ),
    )


def long_fix() -> Finding:
    return Finding(
        code="DRIFT-COLUMN-CHANGED",
        level=Level.ERROR,
        object="column:public.a_table_with_a_rather_long_name_for_a_phone.some_column",
        message="default differs",
        expected="default: " + "'" + "x" * 180 + "'::text",
        actual="default: (none)",
        fix_sql=LONG,
    )


def _open(browser: Any, tmp_path: Path, findings: list[Finding], hash_: str = "", **ctx: Any) -> Page:
    (path,) = write_reports(make_report(findings), tmp_path, ["html"])
    p = Page(browser, bypass_csp=True, **ctx)
    p.page.goto(path.as_uri() + hash_)
    p.page.wait_for_selector("body[data-ready='1']", state="attached")
    return p


def test_both_fixes_and_copy_all_without_destructive(browser: Any, tmp_path: Path) -> None:
    p = _open(browser, tmp_path, [*all_findings(), dropped_by_hand()])
    try:
        pg = p.page
        card = pg.locator("article.finding", has_text="column scratch on public.jobs")
        labels = [t.lower() for t in card.locator(".fix-bar .label").all_text_contents()]
        assert labels[0] == "revert live" and labels[1].startswith("keep it: as a migration")
        assert "destroys data" in card.locator(".fix.revert .fix-bar").inner_text()
        pg.click("#copy-all")
        text = pg.get_attribute("#copy-all", "data-text") or ""
        assert "DROP COLUMN scratch" not in text and "ENABLE ROW LEVEL SECURITY" in text
        assert "1 that destroy data left out" in pg.inner_text("#copy-all-status")
        pg.check("#f-destructive")
        pg.click("#copy-all")
        text = pg.get_attribute("#copy-all", "data-text") or ""
        assert "-- DESTRUCTIVE: drops column scratch" in text and "DROP COLUMN scratch;" in text
        assert p.errors == []
    finally:
        p.close()


def test_filters_live_in_the_url_and_findings_have_permalinks(browser: Any, tmp_path: Path) -> None:
    fs = all_findings()
    p = _open(browser, tmp_path, fs, "#level=error")
    try:
        pg = p.page
        assert pg.input_value("#f-level") == "error" and p.count() == 3
        pg.select_option("#f-category", "rule")
        assert pg.evaluate("location.hash") == "#level=error&category=rule"
        pg.fill("#f-q", "jobs")
        pg.wait_for_function("location.hash.indexOf('q=jobs') >= 0")
    finally:
        p.close()
    target = fs[-2]  # deep in the list: the page opens its group and scrolls to it
    p = _open(browser, tmp_path, fs, f"#f-{target.fingerprint}")
    try:
        card = p.page.locator(f"#f-{target.fingerprint}")
        assert card.count() == 1 and card.is_visible()
        href = card.locator("a.permalink").get_attribute("href")
        assert href == f"#f-{target.fingerprint}"
    finally:
        p.close()


def test_print_hides_controls_and_never_clips_sql(browser: Any, tmp_path: Path) -> None:
    p = _open(browser, tmp_path, [*all_findings(), long_fix()])
    try:
        pg = p.page
        pg.emulate_media(media="print")
        assert pg.evaluate("getComputedStyle(document.querySelector('.toolbar')).display") == "none"
        assert pg.evaluate("getComputedStyle(document.querySelector('button.copy')).display") == "none"
        pre = pg.locator("article.finding", has_text="default differs").locator(".fix pre")
        assert pg.evaluate("(e) => getComputedStyle(e).whiteSpace", pre.element_handle()) == "pre-wrap"
        assert pg.evaluate("(e) => e.scrollWidth <= e.clientWidth", pre.element_handle())
        pg.pdf(path=str(tmp_path / "report.pdf"))
    finally:
        p.close()


@pytest.mark.parametrize("width,height", [(1280, 900), (360, 740)], ids=["desktop", "phone"])
def test_layout_does_not_overflow(browser: Any, tmp_path: Path, width: int, height: int) -> None:
    p = _open(browser, tmp_path, [*all_findings(), long_fix()], viewport={"width": width, "height": height})
    try:
        pg = p.page
        assert pg.evaluate("document.documentElement.scrollWidth") <= width
        for card in pg.locator("article.finding").all():
            pres = card.locator(".fix pre")
            if pres.count():
                btn, pre = card.locator("button.copy").first.bounding_box(), pres.first.bounding_box()
                assert btn and pre and btn["y"] + btn["height"] <= pre["y"] + 0.5  # Copy never covers SQL
        pg.screenshot(path=str(tmp_path / f"report-{width}.png"), full_page=True)
        assert p.errors == []
    finally:
        p.close()


def test_rule_codes_link_to_their_embedded_documentation(browser: Any, tmp_path: Path) -> None:
    from auditor.rules.docs import rule_doc

    (path,) = write_reports(make_report(all_findings()), tmp_path, ["html"], rule_docs=rule_doc)
    p = Page(browser)  # with the page's own Content-Security-Policy
    try:
        p.open(path)
        pg = p.page
        link = pg.locator("article.finding a.doc-link", has_text="SEC001").first
        assert link.get_attribute("href") == "#doc-SEC001"
        link.click()
        doc = pg.locator("#doc-SEC001")
        assert doc.is_visible() and "rls-enabled" in doc.inner_text()
        assert "Why it matters" in doc.inner_text()  # the rule's docstring, offline
        assert p.requests == [path.as_uri()] and p.errors == []
    finally:
        p.close()
