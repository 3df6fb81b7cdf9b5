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
