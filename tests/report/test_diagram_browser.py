"""Issue 17 item 4: the schema diagram in audit.html, in headless Chromium at desktop and phone
widths (screenshots kept in each test's tmp dir). A real schema's foreign keys laid out as a
neighbourhood (referenced tables to the right, drifted ones marked); 5,000 tables open as an
overview of tiles, and a click, the search box, pan and zoom work on it; hostile and secret names
stay text and redacted. Timings are measured by bench/diagram.py, not here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from auditor.findings import Category, Finding, Level
from auditor.introspect import introspect
from auditor.report import write_reports
from auditor.report.diagram import schema_graph
from auditor.report.model import Report, SourceInfo
from bench.diagram import findings_on, synthetic_graph
from tests.browser import Page
from tests.servers import Server

pytestmark = pytest.mark.browser

TOKEN = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"
HOSTILE = "<img src=x onerror=alert(1)>"
SQL = f"""
create table public.users (id int primary key, email text);
create table public.projects (id int primary key, name text);
create table public.jobs (id int primary key, project_id int references public.projects (id),
  owner_id int references public.users (id), title text);
create table public.job_runs (id int primary key, job_id int references public.jobs (id), status text);
create table public.audit_log (id int primary key, note text);
create view public.job_titles as select id, title from public.jobs;
create table public."{HOSTILE}" (id int primary key, job_id int references public.jobs (id));
create table public.{TOKEN} (id int primary key, "{TOKEN}" text);
"""
WIDTHS = [(1280, 900), (390, 844)]
PINCH = """([x, y]) => {
  const svg = document.querySelector("svg.d-svg");
  const at = (type, id, cx) => svg.dispatchEvent(new PointerEvent(type,
    {pointerId: id, clientX: cx, clientY: y, bubbles: true, pointerType: "touch", isPrimary: id === 11}));
  at("pointerdown", 11, x - 40); at("pointerdown", 12, x + 40);
  at("pointermove", 11, x - 80); at("pointermove", 12, x + 80);
  at("pointerup", 11, x - 80); at("pointerup", 12, x + 80);
}"""
WIDTH_IDS = ["desktop", "phone"]


@pytest.fixture(scope="module")
def real_graph(server: Server) -> Iterator[Any]:
    with server.fresh_database("h5_diagram") as dsn:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(SQL)  # type: ignore[arg-type]
        yield schema_graph(introspect(dsn), "live")


def _page(browser: Any, path: Path, width: int, height: int) -> Page:
    p = Page(browser, bypass_csp=True, viewport={"width": width, "height": height})
    p.open(path)
    return p


def _write(tmp_path: Path, graph: Any, findings: list[Finding]) -> Path:
    report = Report.create(
        sources=[SourceInfo("live", "app on db:5432", "18.1")], findings=findings, diagram=graph
    )
    (path,) = write_reports(report, tmp_path, ["html"])
    return path


def drift_on(table: str) -> Finding:
    return Finding(
        "DRIFT-COLUMN-CHANGED",
        Level.ERROR,
        f"column:public.{table}.title",
        f"column public.{table}.title differs: type",
        Category.DRIFT,
        "changed",
        expected="text",
        actual="character varying(20)",
    )


@pytest.mark.parametrize("width,height", WIDTHS, ids=WIDTH_IDS)
def test_a_neighbourhood_of_a_real_schema(
    browser: Any, real_graph: Any, tmp_path: Path, width: int, height: int
) -> None:
    path = _write(tmp_path, real_graph, [drift_on("jobs")])
    p = _page(browser, path, width, height)
    try:
        pg = p.page
        svg = pg.locator("svg.d-svg")
        # a schema this small is drawn whole at first: every table in layers, the drifted one marked
        assert svg.get_attribute("data-view") == "all" and "1 with drift" in pg.inner_text("#d-status")
        assert svg.locator("g.d-node").count() == 8 and svg.locator("g.d-node.drift").count() == 1
        assert svg.locator("path.d-edge").count() == 4
        pg.click("#d-overview")
        assert svg.get_attribute("data-view") == "overview" and "with drift" in pg.inner_text("#d-status")
        pg.locator("#d-flagged button.d-hit", has_text="public.jobs").click()
        assert (
            svg.get_attribute("data-view") == "detail" and svg.get_attribute("data-center") == "public.jobs"
        )
        boxes = {}
        for g in svg.locator("g.d-node").all():
            name = (g.locator("title").text_content() or "").split(" (", 1)[0]  # the full name
            boxes[name] = (g.bounding_box(), g.get_attribute("class") or "")
        # jobs, what it references (projects, users) and what references it (job_runs, the hostile one)
        assert set(boxes) == {
            "public.jobs",
            "public.projects",
            "public.users",
            "public.job_runs",
            f'public."{HOSTILE}"',
        }
        x = {name: box["x"] for name, (box, _) in boxes.items() if box}
        assert x["public.projects"] > x["public.jobs"] and x["public.users"] > x["public.jobs"]
        assert x["public.job_runs"] < x["public.jobs"]
        assert "drift" in boxes["public.jobs"][1] and "center" in boxes["public.jobs"][1]
        assert svg.locator("path.d-edge").count() == 4
        jobs_cols = svg.locator("g.d-node.center text.d-col").all_text_contents()
        assert jobs_cols[:2] == ["id integer PK", "project_id integer FK"]
        pg.screenshot(path=str(tmp_path / f"diagram-neighbourhood-{width}.png"), full_page=False)
        # a click on a neighbour moves there
        svg.locator("g.d-node", has_text="public.projects").click()
        assert svg.get_attribute("data-center") == "public.projects"
        # "Show its findings" filters the findings list to the table
        pg.locator("#d-flagged button.d-hit", has_text="public.jobs").click()
        pg.locator("button.d-show").click()
        assert pg.input_value("#f-q") == "public.jobs" and p.count() == 1
        # and back: the card's "diagram" button shows the table's neighbourhood
        pg.click("#d-overview")
        pg.locator("article.finding button.d-link").click()
        assert (
            svg.get_attribute("data-view") == "detail" and svg.get_attribute("data-center") == "public.jobs"
        )
        assert pg.evaluate("document.documentElement.scrollWidth") <= width
        assert p.errors == [] and p.dialogs == []
    finally:
        p.close()


def test_names_are_text_and_redacted(browser: Any, real_graph: Any, tmp_path: Path) -> None:
    path = _write(tmp_path, real_graph, [drift_on("jobs")])
    html = path.read_text()
    assert TOKEN not in html and HOSTILE not in html  # redacted, and escaped in the data island
    p = Page(browser)  # with the page's own Content-Security-Policy
    try:
        p.page.add_init_script("window.__pwned = 0;")
        p.open(path)
        pg = p.page
        pg.fill("#d-q", "public.")
        pg.wait_for_selector("#d-results button.d-hit")
        hits = pg.locator("#d-results button.d-hit").all_text_contents()
        assert f'public."{HOSTILE}"' in hits and "public.***" in hits
        pg.locator("#d-flagged button.d-hit", has_text="public.jobs").click()
        texts = " ".join(
            pg.locator("svg.d-svg text, svg.d-svg title").all_text_contents()
        )  # titles: full names
        assert HOSTILE in texts and TOKEN not in texts
        assert pg.locator("svg.d-svg img, #diagram img").count() == 0
        assert p.dialogs == [] and p.errors == [] and pg.evaluate("window.__pwned") == 0
        assert p.requests == [path.as_uri()]
    finally:
        p.close()


@pytest.fixture(scope="module")
def big_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    graph = synthetic_graph(5000)
    return _write(tmp_path_factory.mktemp("diagram5000"), graph, findings_on(graph, 150))


@pytest.mark.parametrize("width,height", WIDTHS, ids=WIDTH_IDS)
def test_5000_tables_overview_and_one_interaction(
    browser: Any, big_page: Path, tmp_path: Path, width: int, height: int
) -> None:
    assert big_page.stat().st_size < 3_000_000  # bench/diagram.py: 1.3 MB
    p = _page(browser, big_page, width, height)
    try:
        pg = p.page
        svg = pg.locator("svg.d-svg")
        assert svg.get_attribute("data-view") == "overview"
        assert pg.inner_text("#d-status").startswith("5000 relations in 4 schemas")
        # an overview is a few paths, not an element per table
        assert pg.locator("svg.d-svg *").count() < 40
        assert pg.locator("#d-flagged button.d-hit").count() == 150
        pg.locator("#diagram").scroll_into_view_if_needed()
        pg.locator("#diagram").screenshot(path=str(tmp_path / f"diagram-5000-overview-{width}.png"))
        # hover the overview until a tile names itself, then click it: its neighbourhood opens
        box = pg.locator("#d-canvas").bounding_box()
        assert box
        named = None
        for fx in (0.3, 0.4, 0.5, 0.35, 0.45):
            for fy in (0.3, 0.4, 0.5, 0.35):
                pg.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
                status = pg.inner_text("#d-hover")
                if status.endswith("click for its neighbourhood"):
                    named = status.split(" (", 1)[0]
                    break
            if named:
                break
        assert named, "no tile under the pointer"
        pg.mouse.down()
        pg.mouse.up()
        assert svg.get_attribute("data-view") == "detail" and svg.get_attribute("data-center") == named
        assert 1 <= pg.locator("g.d-node").count() <= 40
        pg.locator("#diagram").screenshot(path=str(tmp_path / f"diagram-5000-neighbourhood-{width}.png"))
        # zoom and pan move the view box; Overview goes back
        before = svg.get_attribute("viewBox")
        pg.click("#d-zoom-in")
        zoomed = svg.get_attribute("viewBox")
        assert zoomed != before and float(zoomed.split()[2]) < float(before.split()[2])  # type: ignore[union-attr]
        pg.mouse.move(box["x"] + 60, box["y"] + 60)
        pg.mouse.down()
        pg.mouse.move(box["x"] + 120, box["y"] + 90, steps=4)
        pg.mouse.up()
        panned = svg.get_attribute("viewBox")
        assert panned != zoomed and panned.split()[2:] == zoomed.split()[2:]  # type: ignore[union-attr]
        # a pinch (two pointers, as a phone's fingers) spreading to twice their distance halves the view
        width_before = float((svg.get_attribute("viewBox") or "").split()[2])
        pg.evaluate(PINCH, [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
        width_after = float((svg.get_attribute("viewBox") or "").split()[2])
        assert abs(width_after / width_before - 0.5) < 0.01
        assert svg.get_attribute("data-view") == "detail"  # a pinch is not a click
        pg.click("#d-overview")
        assert svg.get_attribute("data-view") == "overview"
        # search: every match outlined, the first opened with Enter
        pg.fill("#d-q", "billing.t_0")
        pg.wait_for_selector("#d-results:not([hidden]) button.d-hit")
        assert "tables match" in pg.inner_text("#d-results")
        pg.press("#d-q", "Enter")
        assert (svg.get_attribute("data-center") or "").startswith("billing.t_0")
        assert pg.evaluate("document.documentElement.scrollWidth") <= width
        assert p.errors == []
    finally:
        p.close()
