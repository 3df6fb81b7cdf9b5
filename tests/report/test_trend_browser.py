"""Issue 17 item 5, end to end: two nightly audits of a real database with ``--store``; between
them one drift is fixed by hand and another made. The second run's reports say so: audit.json's
``trend``, the terminal's trend line, audit.md, and audit.html in headless Chromium at desktop and
phone widths (screenshots kept in the test's tmp dir): new and fixed listed, the new card marked,
each card's age, the chart of the runs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.browser import Page
from tests.commands import schema_auditor
from tests.servers import Server

pytestmark = pytest.mark.browser

SQL = """
create table public.accounts (id int primary key, name text not null);
create table public.invoices (id int primary key, account_id int not null references public.accounts (id),
  total numeric(12,2));
"""


def _audit(dsn: str, spec: Path, out: Path, store: str) -> Any:
    r = schema_auditor(
        "audit", "--dsn", dsn, "--spec", str(spec), "--no-migrations", "--no-rules",
        "--store", store, "--out", str(out), "--format", "json,html,md",
    )  # fmt: skip
    assert r.returncode in (0, 1), r.stdout + r.stderr
    return r


def test_two_runs_show_new_and_fixed(server: Server, browser: Any, tmp_path: Path) -> None:
    store = str(tmp_path / "history.sqlite")
    spec = tmp_path / "spec.yaml"
    with server.fresh_database("h5_trend") as dsn:
        with psycopg.connect(dsn, autocommit=True) as c:
            c.execute(SQL)  # type: ignore[arg-type]
        snap = schema_auditor("snapshot", "--dsn", dsn, "-o", str(spec))
        assert snap.returncode == 0, snap.stderr
        with psycopg.connect(dsn, autocommit=True) as c:
            c.execute("alter table public.accounts add column hotfix text")  # fixed before run 2
            c.execute("alter table public.invoices add column legacy text")  # there in both runs
        first = _audit(dsn, spec, tmp_path / "r1", store)
        assert "trend: first run recorded" in first.stdout
        with psycopg.connect(dsn, autocommit=True) as c:
            c.execute("alter table public.accounts drop column hotfix")
            c.execute("alter table public.invoices add column paid_at timestamptz")
        second = _audit(dsn, spec, tmp_path / "r2", store)
    doc = json.loads((tmp_path / "r2" / "audit.json").read_text())
    trend = doc["trend"]
    by_fp = {f["fingerprint"]: f for f in doc["findings"]}
    new_objects = {by_fp[fp]["object"] for fp in trend["new"]}
    fp_of = {f["object"]: f["fingerprint"] for f in doc["findings"]}
    legacy_fp, paid_fp = fp_of["column:public.invoices.legacy"], fp_of["column:public.invoices.paid_at"]
    assert new_objects == {"column:public.invoices.paid_at"}
    assert [f["object"] for f in trend["fixed"]] == ["column:public.accounts.hotfix"]
    assert [r["id"] for r in trend["history"]] == [1, 2] and trend["previous"]["id"] == 1
    line = [x for x in second.stdout.splitlines() if "trend:" in x]
    assert len(line) == 1 and "1 new, 1 fixed since run 1" in line[0], second.stdout
    md = (tmp_path / "r2" / "audit.md").read_text()
    assert "New since run 1:" in md and "Fixed since run 1:" in md and "public.accounts.hotfix" in md

    html = tmp_path / "r2" / "audit.html"
    for width, height in ((1280, 900), (390, 844)):
        p = Page(browser, bypass_csp=True, viewport={"width": width, "height": height})
        try:
            p.open(html)
            pg = p.page
            assert pg.inner_text("#trend-new-count") == "1" and pg.inner_text("#trend-fixed-count") == "1"
            assert "public.invoices.paid_at" in pg.inner_text("#trend-new")
            fixed = pg.inner_text("#trend-fixed")
            assert "public.accounts.hotfix" in fixed and "there since" in fixed
            assert pg.locator("svg.trend-chart polyline").count() == 4
            assert pg.locator("svg.trend-chart circle.dot").count() == 2
            card = pg.locator("article.finding", has_text="paid_at")
            assert card.locator(".badge.new").count() == 1 and "there since" in card.inner_text()
            old = pg.locator("article.finding", has_text="legacy")
            assert old.count() == 1 and old.locator(".badge.new").count() == 0
            assert f"there since {trend['since'][legacy_fp]}" in old.inner_text()
            # since: the run each was first seen in (the two runs may fall in the same second)
            assert trend["since"][legacy_fp] == trend["history"][0]["at"]
            assert trend["since"][paid_fp] == trend["history"][1]["at"]
            # "new since run 1 only": the filter, and in the URL
            assert p.count() == 2
            pg.check("#f-new")
            assert (
                p.count() == 1
                and "paid_at" in pg.inner_text("#groups")
                and "legacy" not in pg.inner_text("#groups")
            )
            assert "new=1" in pg.evaluate("location.hash")
            pg.click("#f-reset")
            assert p.count() == 2
            # the new finding's link in the trend list opens its card
            pg.locator("#trend-new a").first.click()
            assert pg.evaluate("location.hash").startswith("#f-")
            assert pg.evaluate("document.documentElement.scrollWidth") <= width
            pg.locator("#trend").screenshot(path=str(tmp_path / f"trend-{width}.png"))
            pg.screenshot(path=str(tmp_path / f"trend-page-{width}.png"), full_page=True)
            assert p.errors == []
        finally:
            p.close()
