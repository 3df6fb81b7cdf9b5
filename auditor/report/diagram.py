"""The schema as a graph for the reports: tables and views, their keys, the foreign keys between
them, and which of them have findings. Built from one catalog (live's, else the migrations', else
the spec's) and drawn as a Mermaid ER diagram in ``audit.md`` (GitHub renders it).

Names come from databases: in Mermaid every entity gets a generated id (``t1``) and a label with
only letters, digits and ``. _ $ -`` kept, so no name can break out of the diagram's syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from auditor.model import Catalog
from auditor.redact import redact

MERMAID_TABLES = 60  # beyond this, the diagram shows the flagged tables and their neighbours


@dataclass(frozen=True)
class GraphTable:
    key: str  # qualified, as Relation.key
    kind: str
    columns: tuple[tuple[str, str, str], ...]  # (name, type, "PK" / "FK" / "")


@dataclass(frozen=True)
class GraphEdge:
    source: str  # the referencing table's key
    target: str
    name: str  # the foreign key constraint


@dataclass(frozen=True)
class SchemaGraph:
    source: str  # which catalog it was drawn from: live, migrations or spec
    tables: tuple[GraphTable, ...]
    edges: tuple[GraphEdge, ...]


def schema_graph(catalog: Catalog, source: str) -> SchemaGraph:
    """The tables, views and foreign keys of ``catalog``."""
    tables: list[GraphTable] = []
    edges: list[GraphEdge] = []
    for rel in catalog.relations():
        pk: set[str] = set()
        fk: set[str] = set()
        for c in rel.constraints.values():
            if c.kind == "primary key":
                pk.update(c.columns)
            elif c.kind == "foreign key" and c.references is not None:
                fk.update(c.columns)
                edges.append(GraphEdge(rel.key, c.references.table, c.name))
        cols = tuple(
            (col.name, col.type, "PK" if col.name in pk else "FK" if col.name in fk else "")
            for col in sorted(rel.columns.values(), key=lambda c: c.position)
        )
        tables.append(GraphTable(rel.key, rel.kind, cols))
    return SchemaGraph(source, tuple(tables), tuple(edges))


_LABEL = re.compile(r"[^\w.$-]+")


def _label(text: str) -> str:
    # redacted before the characters Mermaid cannot hold are replaced: a secret in a name (a table
    # named after a token) must not survive as a label the redaction no longer recognises
    return _LABEL.sub("_", redact(text))[:60] or "_"


def mermaid(graph: SchemaGraph, flagged: Iterable[str]) -> str:
    """A Mermaid ``erDiagram``: every table when there are at most :data:`MERMAID_TABLES`, else the
    flagged ones (tables with findings, keys as ``schema.table``) and the tables their foreign keys
    reach or come from. Flagged tables are labelled ``(!)``."""
    flagged_set = set(flagged)
    keys = [t.key for t in graph.tables]
    if len(keys) > MERMAID_TABLES:
        near = set(flagged_set)
        for e in graph.edges:
            if e.source in flagged_set or e.target in flagged_set:
                near.update((e.source, e.target))
        keys = [k for k in keys if k in near][:MERMAID_TABLES]
    shown = set(keys)
    ids = {k: f"t{i + 1}" for i, k in enumerate(keys)}
    lines = ["erDiagram"]
    for t in graph.tables:
        if t.key not in shown:
            continue
        mark = " (!)" if t.key in flagged_set else ""
        kind = "" if t.kind == "table" else f" ({t.kind})"
        if not t.columns:
            lines.append(f'  {ids[t.key]}["{_label(t.key)}{kind}{mark}"]')
            continue
        lines.append(f'  {ids[t.key]}["{_label(t.key)}{kind}{mark}"] {{')
        for name, typ, key in t.columns[:30]:
            lines.append(f"    {_label(typ.replace(' ', '_'))} {_label(name)}{' ' + key if key else ''}")
        if len(t.columns) > 30:
            lines.append(f"    more {len(t.columns) - 30}_columns")
        lines.append("  }")
    for e in graph.edges:
        if e.source in shown and e.target in shown:
            lines.append(f'  {ids[e.target]} ||--o{{ {ids[e.source]} : "{_label(e.name)}"')
    return "\n".join(lines)
