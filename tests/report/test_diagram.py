"""Issue 17 item 5 (part): the Mermaid ER diagram in audit.md, drawn from live's catalog: tables
with their keys, the foreign keys between them, tables with findings marked; hostile names cannot
break out of the diagram; a large schema shows the flagged tables and their neighbours only."""

from __future__ import annotations

import re

import psycopg

from auditor.introspect import introspect
from auditor.report.diagram import MERMAID_TABLES, mermaid, schema_graph
from auditor.report.markdown import render_markdown
from auditor.report.model import Report, SourceInfo
from tests.servers import Server

SQL = """
create table public.projects (id int primary key, name text);
create table public.jobs (id int primary key, project_id int references public.projects (id), title text);
create view public.v as select id from public.jobs;
create table public."x""] { y ||--o{ z : ""pwn" (id int primary key, "a b"" }" text);
"""

ENTITY = re.compile(r'^  t\d+\["[\w.$ ()!-]*"\]( \{)?$')
ATTR = re.compile(r"^    [\w.$-]+ [\w.$-]+( PK| FK)?$")
EDGE = re.compile(r'^  t\d+ \|\|--o\{ t\d+ : "[\w.$-]+"$')


def _valid(diagram: str) -> None:
    lines = diagram.splitlines()
    assert lines[0] == "erDiagram"
    for line in lines[1:]:
        assert ENTITY.match(line) or ATTR.match(line) or EDGE.match(line) or line == "  }", line


def test_markdown_has_a_mermaid_er_diagram_from_live(server: Server) -> None:
    with server.fresh_database("diagram") as dsn:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(SQL)
        graph = schema_graph(introspect(dsn), "live")
    from auditor.findings import Finding, Level

    f = Finding(code="SEC001", level=Level.ERROR, object="table:public.jobs", message="rls off")
    md = render_markdown(Report.create(sources=[SourceInfo("live", "db")], findings=[f], diagram=graph))
    block = md.split("```mermaid\n", 1)[1].split("\n```", 1)[0]
    _valid(block)
    labels = dict(re.findall(r'^  (t\d+)\["([^"]*)"\]', block, re.M))
    by_label = {v: k for k, v in labels.items()}
    assert "public.jobs (!)" in by_label and "public.projects" in by_label and "public.v (view)" in by_label
    assert (
        f'  {by_label["public.projects"]} ||--o{{ {by_label["public.jobs (!)"]} : "jobs_project_id_fkey"'
        in block
    )
    assert "    integer id PK" in block and "    integer project_id FK" in block
    # the hostile name is one entity with a harmless label (every line matched the grammar above)
    (hostile,) = [k for k in by_label if "pwn" in k]
    assert hostile.startswith("public.") and not set(hostile) & set('"{}|[]')


def test_a_large_schema_shows_flagged_tables_and_their_neighbours() -> None:
    from auditor.report.diagram import GraphEdge, GraphTable, SchemaGraph

    tables = tuple(GraphTable(f"public.t{i}", "table", (("id", "integer", "PK"),)) for i in range(5000))
    edges = (GraphEdge("public.t1", "public.t2", "t1_fk"), GraphEdge("public.t3", "public.t1", "t3_fk"))
    text = mermaid(SchemaGraph("live", tables, edges), {"public.t1"})
    _valid(text)
    labels = re.findall(r'\["([^"]*)"\]', text)
    assert sorted(labels) == ["public.t1 (!)", "public.t2", "public.t3"]
    assert len(labels) <= MERMAID_TABLES and text.count("||--o{") == 2


def _page_diagram(report: Report) -> dict:
    import json

    from auditor.report.html import render_html

    html = render_html(report)
    island = html.split('<script type="application/json" id="audit-data">', 1)[1].split("</script>", 1)[0]
    return json.loads(island)["diagram"]


def test_the_pages_diagram_data_flags_redacts_and_caps() -> None:
    """What the page's diagram is drawn from: drift outranks other findings, suppressed ones do not
    count, a relation the drawn catalog lacks is listed apart, names are redacted, columns capped."""
    from dataclasses import replace

    from auditor.findings import Category, Finding, Level
    from auditor.report.diagram import PAGE_COLUMNS, GraphEdge, GraphTable, SchemaGraph

    token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"
    wide = tuple((f"c{i}", "text", "") for i in range(PAGE_COLUMNS + 5))
    graph = SchemaGraph(
        "live",
        (
            GraphTable("public.jobs", "table", (("id", "integer", "PK"), ("project_id", "integer", "FK"))),
            GraphTable("public.projects", "table", (("id", "integer", "PK"),)),
            GraphTable("billing.wide", "table", wide),
            GraphTable(f"billing.{token}", "view", ()),
        ),
        (GraphEdge("public.jobs", "public.projects", "jobs_project_id_fkey"),),
    )
    rule = Finding("SEC001", Level.ERROR, "table:public.jobs", "rls off", Category.RULE, "security")
    drift = Finding("DRIFT-COLUMN-CHANGED", Level.WARNING, "column:public.jobs.title", "t", Category.DRIFT)
    quiet = replace(rule, object="table:public.projects", suppressed="accepted in ADR-1")
    missing = Finding("DRIFT-TABLE-MISSING", Level.ERROR, "table:public.gone", "m", Category.DRIFT)
    view = Finding("SEC009", Level.WARNING, f"view:billing.{token}", "v", Category.RULE)
    d = _page_diagram(
        Report.create(
            sources=[SourceInfo("live", "db")], findings=[rule, drift, quiet, missing, view], diagram=graph
        )
    )
    assert d["source"] == "live" and d["schemas"] == ["public", "billing"]
    rows = {f"{d['schemas'][r[0]]}.{r[1]}": r for r in d["t"]}
    assert set(rows) == {"public.jobs", "public.projects", "billing.wide", "billing.***"}
    assert rows["public.jobs"][3] == 2  # drift outranks the rule on the same table
    assert rows["public.projects"][3] == 0  # its only finding is suppressed
    assert rows["billing.***"][2] == 1 and rows["billing.***"][3] == 1  # a view, flagged by a rule
    assert rows["public.jobs"][4] == "id integer PK\nproject_id integer FK"
    cols = rows["billing.wide"][4].split("\n")
    assert len(cols) == PAGE_COLUMNS + 1 and cols[-1] == "+5 more columns"
    jobs, projects = list(rows).index("public.jobs"), list(rows).index("public.projects")
    assert d["e"] == [[jobs, projects, "jobs_project_id_fkey"]]
    assert d["absent"] == [["public.gone", 2]]


def test_a_table_named_after_a_secret_is_still_marked_in_mermaid() -> None:
    from auditor.findings import Finding, Level
    from auditor.report.diagram import GraphTable, SchemaGraph

    token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"
    graph = SchemaGraph("live", (GraphTable(f"public.{token}", "table", (("id", "integer", "PK"),)),), ())
    f = Finding("SEC001", Level.ERROR, f"table:public.{token}", "rls off")
    md = render_markdown(Report.create(sources=[SourceInfo("live", "db")], findings=[f], diagram=graph))
    assert token not in md and '["public._ (!)"]' in md
