"""audit.html in headless Chromium: hostile names stay text, filters and search work, and 10,000
findings open and filter fast. Needs Debian's chromium (``apt-get install chromium``) and the
playwright package; skipped with a reason otherwise."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from auditor.findings import Attribution, Category, Finding, Level
from auditor.model import Location, object_path
from auditor.report import write_reports
from tests.browser import Page
from tests.report.conftest import XSS, XSS_IMG, all_findings, make_report, rls_disabled

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser: Any) -> Iterator[Page]:
    # The report's CSP forbids eval, which Playwright's string predicates use; the CSP itself is
    # tested in test_hostile_names_render_as_text_and_run_nothing.
    p = Page(browser, bypass_csp=True)
    yield p
    p.close()


def _html(tmp_path: Path, findings: list[Finding], **kw: Any) -> Path:
    (path,) = write_reports(make_report(findings, **kw), tmp_path, ["html"])
    return path


@pytest.mark.parametrize("csp", [True, False], ids=["with-csp", "without-csp"])
def test_hostile_names_render_as_text_and_run_nothing(browser: Any, tmp_path: Path, csp: bool) -> None:
    path = _html(tmp_path, all_findings())
    if not csp:
        # Escaping must hold on its own: take the Content-Security-Policy away and look again.
        html = path.read_text()
        html, n = re.subn(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
        assert n == 1
        path.write_text(html)
    p = Page(browser)
    try:
        p.page.add_init_script("window.__pwned = 0;")
        p.open(path)
        p.page.wait_for_timeout(300)  # give any injected handler (img onerror, svg onload) time to fire
        assert p.dialogs == []
        assert p.page.evaluate("window.__pwned") == 0
        assert p.errors == []
        injected = p.page.evaluate(
            "document.querySelectorAll('img, svg, iframe, object, embed, #groups b, #groups script').length"
        )
        assert injected == 0
        assert p.page.evaluate("document.scripts.length") == 2  # ours: the data and the app
        text = p.page.inner_text("#groups")
        assert XSS in text and XSS_IMG in text and "<svg onload=alert(1)>" in text
        assert "</script><script>window.__pwned=1</script>" in text
        assert p.cards() == 7
        assert p.requests == [path.as_uri()]  # nothing fetched beyond the file itself
    finally:
        p.close()


def test_filters_and_search(page: Page, tmp_path: Path) -> None:
    page.open(_html(tmp_path, all_findings()))
    assert page.count() == 7 and page.cards() == 7
    pg = page.page
    pg.select_option("#f-level", "error")
    assert page.count() == 3 and page.cards() == 3
    pg.select_option("#f-level", "")
    pg.select_option("#f-category", "rule")
    assert page.count() == 2
    pg.check("#f-suppressed")
    assert page.count() == 3 and page.cards() == 3
    assert "suppressed: small table, accepted in ADR-12" in pg.inner_text("#groups")
    pg.click("#f-reset")
    assert page.count() == 7
    pg.select_option("#f-kind", "missing")
    assert page.count() == 1
    pg.click("#f-reset")
    pg.select_option("#f-attribution", Attribution.MIGRATION_NOT_APPLIED.value)
    assert page.count() == 1
    pg.click("#f-reset")

    def search(q: str, expect: int) -> None:
        # Back to the full list first, so each wait below sees this search's result, not the last one.
        pg.fill("#f-q", "")
        pg.wait_for_function("document.getElementById('shown-count').textContent === '7'")
        pg.fill("#f-q", q)
        pg.wait_for_function(f"document.getElementById('shown-count').textContent === '{expect}'")

    search("jobs_owner_select", 1)
    assert page.cards() == 1
    search("<script>alert(1)", 1)
    assert "DRIFT_UNEXPECTED" in pg.inner_text("#groups")
    search("complete_rls_setup.sql", 1)  # provenance is searchable
    assert "SEC001" in pg.inner_text("#groups")
    search("JOBS status", 1)  # words in any order, any case
    search("no such thing anywhere", 0)
    assert "nothing matches" in pg.inner_text("#shown")


def test_drift_and_rule_on_the_same_object_show_together(page: Page, tmp_path: Path) -> None:
    page.open(_html(tmp_path, all_findings()))
    section = page.page.locator(
        "section.object", has=page.page.locator("h3", has_text=re.compile(r"^table:public\.jobs$"))
    )
    assert section.count() == 1
    codes = section.locator("article.finding .head code").all_inner_texts()
    assert sorted(codes) == ["DRIFT_CHANGED", "SEC001"]
    badges = section.locator(".badge").all_inner_texts()
    assert "drift" in badges and "rule" in badges


def test_expected_actual_diff_and_fix_sql(page: Page, tmp_path: Path) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.open(_html(tmp_path, all_findings()))
    card = page.page.locator("article.finding", has_text="column public.jobs.status differs")
    assert card.locator(".exp mark").all_inner_texts() == ["queued"]
    assert card.locator(".act mark").all_inner_texts() == ["pending"]
    assert card.locator(".fix pre").inner_text() == (
        "ALTER TABLE public.jobs ALTER COLUMN status SET DEFAULT 'queued'::text;"
    )
    card.locator("button.copy").click()
    page.page.wait_for_function(
        "[...document.querySelectorAll('button.copy')].some(b => b.textContent === 'Copied')"
    )
    assert page.page.evaluate("navigator.clipboard.readText()") == (
        "ALTER TABLE public.jobs ALTER COLUMN status SET DEFAULT 'queued'::text;"
    )
    assert page.errors == []


def test_readable_without_javascript(browser: Any, tmp_path: Path) -> None:
    p = Page(browser, java_script_enabled=False)
    try:
        p.open(_html(tmp_path, all_findings()), wait=False)
        assert p.page.inner_text("#verdict").upper().startswith("FAIL")
        counts = p.page.inner_text("#counts")
        assert "3\nerror" in counts and "1\nsuppressed" in counts
        assert "needs JavaScript" in p.page.inner_text("main")
    finally:
        p.close()


def test_long_lists_render_lazily_with_show_more(page: Page, tmp_path: Path) -> None:
    tables = [replace(rls_disabled(), object=object_path("table", "public", f"t{i:03}")) for i in range(45)]
    one_object = [
        replace(rls_disabled(), code=f"SEC{i:03}", object="table:public.big", fix_sql=None) for i in range(30)
    ]
    wide = [
        replace(rls_disabled(), object=object_path("column", "public", "wide", f"c{i:03}")) for i in range(60)
    ]
    page.open(_html(tmp_path, tables + one_object + wide))
    pg = page.page
    assert page.count() == 135
    assert pg.locator("details.group").count() == 30  # one page of groups
    pg.click("#more-groups")
    assert pg.locator("details.group").count() == 47
    assert pg.locator("#more-groups").is_hidden()
    big = pg.locator("details.group", has=pg.locator("summary", has_text="table:public.big"))
    assert big.get_attribute("open") is not None  # 135 findings: a short list opens fully
    assert big.locator("article.finding").count() == 25
    big.locator("section.object button.more").click()
    assert big.locator("article.finding").count() == 30
    wide_group = pg.locator("details.group", has=pg.locator("summary", has_text="table:public.wide"))
    assert wide_group.locator("section.object").count() == 50
    wide_group.locator(".group-body > button.more").click()
    assert wide_group.locator("section.object").count() == 60


def _many(n: int) -> list[Finding]:
    """n findings on n/5 tables: a missing column, a changed default, a policy, an RLS rule, an index."""
    out: list[Finding] = []
    for i in range(n // 5):
        t = f"orders_{i:05}"
        src = Location(f"supabase/migrations/2024{i % 12 + 1:02}01_{t}.sql", i % 300 + 1)
        out += [
            Finding(
                "DRIFT_MISSING",
                Level.ERROR,
                object_path("column", "public", t, "customer_id"),
                f"column public.{t}.customer_id is missing",
                Category.DRIFT,
                "missing",
                expected="bigint NOT NULL",
                attribution=Attribution.OUTSIDE_MIGRATIONS,
                fix_sql=f"ALTER TABLE public.{t} ADD COLUMN customer_id bigint NOT NULL;",
                provenance=(src,),
            ),
            Finding(
                "DRIFT_CHANGED",
                Level.WARNING,
                object_path("column", "public", t, "status"),
                f"column public.{t}.status differs: default",
                Category.DRIFT,
                "changed",
                expected="'new'::text",
                actual="'pending'::text",
                changes=("default",),
                attribution=Attribution.MIGRATION_NOT_APPLIED,
                provenance=(src,),
            ),
            Finding(
                "DRIFT_UNEXPECTED",
                Level.WARNING,
                object_path("policy", "public", t, f"{t}_all"),
                f"policy {t}_all is not in the spec",
                Category.DRIFT,
                "unexpected",
                actual=f"CREATE POLICY {t}_all ON public.{t} USING (true)",
                attribution=Attribution.SPEC_OUT_OF_DATE,
            ),
            Finding(
                "SEC001",
                Level.ERROR,
                object_path("table", "public", t),
                f"row level security is disabled on public.{t}",
                Category.RULE,
                "security",
                rule_name="rls-enabled",
                fix_sql=f"ALTER TABLE public.{t} ENABLE ROW LEVEL SECURITY;",
            ),
            Finding(
                "PERF001",
                Level.INFO,
                object_path("constraint", "public", t, f"{t}_customer_fk"),
                "foreign key has no covering index",
                Category.RULE,
                "performance",
                rule_name="fk-index",
            ),
        ]
    return out


def test_ten_thousand_findings_render_lazily_and_filter(page: Page, tmp_path: Path) -> None:
    findings = _many(10_000)
    t0 = time.perf_counter()
    path = _html(tmp_path, findings)
    write_s = time.perf_counter() - t0
    open_s = page.open(path)
    pg = page.page
    assert page.count() == 10_000
    assert pg.locator("details.group").count() == 30
    assert pg.locator("article.finding").count() == 50  # ten open groups of five: the rest is lazy
    closed = pg.locator("details.group").nth(15)
    assert closed.locator("article.finding").count() == 0
    closed.locator("summary").click()
    # the group renders on its (asynchronous) toggle event: wait for it, then count
    closed.locator("article.finding").first.wait_for()
    assert closed.locator("article.finding").count() == 5

    def timed(action: Any, expect: str) -> float:
        t = time.perf_counter()
        action()
        pg.wait_for_function(f"document.getElementById('shown-count').textContent === '{expect}'")
        return time.perf_counter() - t

    level_s = timed(lambda: pg.select_option("#f-level", "error"), "4000")
    category_s = timed(lambda: pg.select_option("#f-category", "rule"), "2000")
    pg.click("#f-reset")
    # typing: measured from the last keystroke, minus the 120 ms debounce that waits for it
    search_s = timed(lambda: pg.fill("#f-q", "orders_01234"), "5") - 0.12
    search_all_s = timed(lambda: pg.fill("#f-q", "pending"), "2000") - 0.12
    js_ms = pg.evaluate("document.body.getAttribute('data-filter-ms')")
    size_mb = path.stat().st_size / 1e6
    print(
        f"\n10,000 findings: html {size_mb:.1f} MB written in {write_s:.2f}s; open+render {open_s:.2f}s; "
        f"filter level {level_s:.3f}s, category {category_s:.3f}s; search (first, builds index) "
        f"{search_s:.3f}s, search 'pending' {search_all_s:.3f}s (in-page filter {js_ms} ms)"
    )
    # Speed is measured in bench/run.py; here: everything rendered lazily still filters correctly.
    assert page.errors == []
