"""The HTML report's schema diagram at 5,000 tables: page size, time to first paint, and time to a
table's neighbourhood, in headless Chromium (Debian's chromium, driven by Playwright).

The schema is synthetic by default (the page is what is measured, not the catalog reader):
``--tables`` tables (default 5,000) in four schemas, 10 columns each, every table referencing one
to three others (mostly in its own schema, some across), views on a tenth of them, and findings on
``--flagged`` tables (default 150: a third drift). ``--dsn`` draws a real database instead (its
catalog as the audit reads it, e.g. one made by ``python -m bench.schema_gen DSN 5000``).

Measured, at a desktop (1280x900) and a phone (390x844) viewport:

* ``html_bytes``: the size of audit.html (the diagram's data is part of the one data island);
* ``open_ms``: from navigation to the page's ready mark (findings and diagram built);
* ``first_paint_ms``: Chromium's first-contentful-paint;
* ``diagram_ms``: building the overview (layout and the SVG) in the page's own clock;
* ``neighbourhood_ms``: a click on a drifted table's tile until its neighbourhood is drawn, from
  Playwright's side (the click, the layout, the paint), and ``neighbourhood_layout_ms`` the page's
  own time for the layout and the SVG.

Usage: ``python bench/diagram.py [--tables 5000] [--dsn DSN] [--out DIR] [--runs 3]``
(JSON goes to ``bench/results/diagram.json``).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.findings import Category, Finding, Level  # noqa: E402
from auditor.model import object_path  # noqa: E402
from auditor.report.diagram import GraphEdge, GraphTable, SchemaGraph  # noqa: E402

RESULTS = ROOT / "bench" / "results"
SCHEMAS = ("public", "billing", "auth", "analytics")
TYPES = ("bigint", "text", "timestamp with time zone", "integer", "boolean", "jsonb", "uuid", "numeric(12,2)")


def synthetic_graph(n: int = 5000, *, seed: int = 17) -> SchemaGraph:
    """``n`` relations in :data:`SCHEMAS` (60/20/10/10 %), 10 columns each, foreign keys to one to
    three earlier tables (a fifth of them across schemas), a view for every tenth table."""
    rnd = random.Random(seed)
    tables: list[GraphTable] = []
    edges: list[GraphEdge] = []
    weights = (0.6, 0.2, 0.1, 0.1)
    for i in range(n):
        schema = rnd.choices(SCHEMAS, weights)[0]
        kind = "view" if i % 10 == 9 else "table"
        key = f"{schema}.{'v' if kind == 'view' else 't'}_{i:05}"
        refs = []
        if kind == "table" and i > 0:
            for _ in range(rnd.randint(1, 3)):
                refs.append(
                    tables[rnd.randrange(max(0, i - 400), i)].key
                    if rnd.random() < 0.9
                    else tables[rnd.randrange(i)].key
                )
        cols = [("id", "bigint", "PK")]
        cols += [(f"ref_{k}_id", "bigint", "FK") for k in range(len(refs))]
        cols += [(f"col_{k}", TYPES[(i + k) % len(TYPES)], "") for k in range(10 - len(cols))]
        tables.append(GraphTable(key, kind, tuple(cols)))
        for k, target in enumerate(dict.fromkeys(refs)):
            if not target.split(".", 1)[1].startswith("v_"):
                edges.append(GraphEdge(key, target, f"{key.split('.', 1)[1]}_ref_{k}_fkey"))
    return SchemaGraph("live", tuple(tables), tuple(edges))


def findings_on(graph: SchemaGraph, flagged: int, *, seed: int = 17) -> list[Finding]:
    """Findings on ``flagged`` tables of ``graph``: a third drift (a changed column), the rest a rule."""
    rnd = random.Random(seed)
    keys = [t.key for t in graph.tables if t.kind == "table"]
    out = []
    for n, key in enumerate(rnd.sample(keys, min(flagged, len(keys)))):
        schema, name = key.split(".", 1)
        if n % 3 == 0:
            out.append(
                Finding(
                    "DRIFT-COLUMN-CHANGED",
                    Level.ERROR,
                    object_path("column", schema, name, "col_5"),
                    f"column {key}.col_5 differs: type",
                    Category.DRIFT,
                    "changed",
                    expected="text",
                    actual="character varying(40)",
                )
            )
        else:
            out.append(
                Finding(
                    "SEC001",
                    Level.WARNING,
                    object_path("table", schema, name),
                    f"row level security is disabled on {key}",
                    Category.RULE,
                    "security",
                )
            )
    return out


def write_page(out: Path, graph: SchemaGraph, findings: list[Finding]) -> Path:
    from auditor.report import write_reports
    from auditor.report.model import Report, SourceInfo

    report = Report.create(
        sources=[SourceInfo("live", "bench on localhost:5432", "18.1")], findings=findings, diagram=graph
    )
    (path,) = write_reports(report, out, ["html"])
    return path


def measure(browser: Any, path: Path, width: int, height: int) -> dict[str, float]:
    """One page load and one neighbourhood, at ``width`` x ``height``."""
    ctx = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    t0 = time.perf_counter()
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready='1']", state="attached")
    open_ms = (time.perf_counter() - t0) * 1000
    fcp = page.evaluate(
        "(performance.getEntriesByName('first-contentful-paint')[0] || {startTime: -1}).startTime"
    )
    diagram_ms = float(page.get_attribute("body", "data-diagram-ms") or -1)
    # a drifted table's tile: the first one in the list of tables with findings
    page.locator("#diagram-title").scroll_into_view_if_needed()
    t1 = time.perf_counter()
    page.locator("#d-flagged button.d-hit").first.click()
    page.wait_for_selector("svg.d-svg[data-view='detail'] g.d-node.center")
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    neighbourhood_ms = (time.perf_counter() - t1) * 1000
    layout_ms = float(page.get_attribute("body", "data-neighbourhood-ms") or -1)
    if errors:
        raise RuntimeError(f"page errors: {errors}")
    ctx.close()
    return {
        "open_ms": round(open_ms, 1),
        "first_paint_ms": round(fcp, 1),
        "diagram_ms": diagram_ms,
        "neighbourhood_ms": round(neighbourhood_ms, 1),
        "neighbourhood_layout_ms": layout_ms,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tables", type=int, default=5000)
    ap.add_argument("--flagged", type=int, default=150)
    ap.add_argument("--dsn", help="draw this database instead of a synthetic schema")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", type=Path, help="where to keep audit.html (default: a temporary folder)")
    args = ap.parse_args()
    if args.dsn:
        from auditor.introspect import introspect
        from auditor.report.diagram import schema_graph

        graph = schema_graph(introspect(args.dsn), "live")
    else:
        graph = synthetic_graph(args.tables)
    findings = findings_on(graph, args.flagged)
    out = args.out or Path(tempfile.mkdtemp(prefix="sa-bench-diagram-"))
    t0 = time.perf_counter()
    path = write_page(out, graph, findings)
    write_s = time.perf_counter() - t0
    from playwright.sync_api import sync_playwright

    from tests.browser import ARGS, CHROMIUM

    result: dict[str, Any] = {
        "tables": len(graph.tables),
        "foreign_keys": len(graph.edges),
        "flagged": len(findings),
        "html_bytes": path.stat().st_size,
        "write_s": round(write_s, 3),
        "machine": f"{platform.machine()}, {platform.python_version()}",
        "runs": args.runs,
    }
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for label, (w, h) in {"desktop": (1280, 900), "phone": (390, 844)}.items():
            runs = [measure(browser, path, w, h) for _ in range(args.runs)]
            result[label] = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        browser.close()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "diagram.json").write_text(json.dumps(result, indent=2) + "\n")
    print(f"{result['tables']} tables, {result['foreign_keys']} foreign keys, {result['flagged']} flagged")
    print(f"audit.html: {result['html_bytes'] / 1e6:.2f} MB, written in {write_s:.2f} s")
    for label in ("desktop", "phone"):
        r = result[label]
        print(
            f"{label:8} open {r['open_ms']:.0f} ms, first paint {r['first_paint_ms']:.0f} ms, "
            f"overview built in {r['diagram_ms']:.0f} ms, "
            f"click to neighbourhood {r['neighbourhood_ms']:.0f} ms "
            f"(layout {r['neighbourhood_layout_ms']:.0f} ms)  [median of {args.runs}]"
        )


if __name__ == "__main__":
    main()
