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
    named = set(flagged)
    # findings name a table as the report does, redacted (a table named after a token: public.***)
    flagged_set = {t.key for t in graph.tables if t.key in named or redact(t.key) in named}
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


# --- the page's diagram ------------------------------------------------------------------------------
KINDS = ("table", "view", "materialized view", "partitioned table", "foreign table")
PAGE_COLUMNS = 12  # columns carried per table for the neighbourhood view; the rest are counted
_RELATION_KINDS = frozenset(KINDS)


def relation_of(path: str) -> str | None:
    """The relation (``public.jobs``) an object path belongs to: a table, a view or anything on one."""
    from auditor.objref import ObjectRef

    kind, sep, rest = path.partition(":")
    if sep and kind in _RELATION_KINDS:  # "materialized view:..." is no object path kind: read as a table
        return ObjectRef.parse("table:" + rest).table_key
    return ObjectRef.parse(path).table_key


def page_data(graph: SchemaGraph, flags: dict[str, int]) -> dict[str, object]:
    """The diagram as the page's script reads it, compact (a 5,000-table schema is a few hundred
    kilobytes): ``schemas`` (names), ``t`` (per relation: schema index, name, kind index, flag,
    columns as ``name type KEY`` lines), ``e`` (foreign keys: referencing index, referenced index,
    name) and ``absent`` (relations with findings that are not in the drawn catalog: missing there).

    ``flags`` maps a relation key to 2 (drift on it), 1 (other findings) or 0, keyed as the report's
    findings name them (redacted: a table named after a token is ``public.***`` there). Every label
    is redacted here; the script puts them in the page as text only."""
    schemas: dict[str, int] = {}
    index: dict[str, int] = {}
    redacted: set[str] = set()  # the keys as the report's (redacted) findings name them
    rows: list[list[object]] = []
    for t in graph.tables:
        schema, _, name = _split_key(t.key)
        s = schemas.setdefault(schema, len(schemas))
        index[t.key] = len(rows)
        rkey = redact(t.key)
        redacted.add(rkey)
        cols = "\n".join(redact(f"{c} {typ}{' ' + k if k else ''}") for c, typ, k in t.columns[:PAGE_COLUMNS])
        if len(t.columns) > PAGE_COLUMNS:
            cols += f"\n+{len(t.columns) - PAGE_COLUMNS} more columns"
        kind = KINDS.index(t.kind) if t.kind in KINDS else 0
        rows.append([s, redact(name), kind, flags.get(t.key) or flags.get(rkey, 0), cols])
    edges = [
        [index[e.source], index[e.target], redact(e.name)]
        for e in graph.edges
        if e.source in index and e.target in index
    ]
    absent = sorted((redact(k), v) for k, v in flags.items() if v and k not in index and k not in redacted)
    return {
        "source": graph.source,
        "schemas": [redact(s) for s in schemas],
        "t": rows,
        "e": edges,
        "absent": absent,
    }


def _split_key(key: str) -> tuple[str, str, str]:
    """``public.jobs`` -> (``public``, ``.``, ``jobs``); a quoted schema may hold a dot."""
    from auditor.objref import ObjectRef

    parts = ObjectRef.parse("table:" + key).spelled
    if len(parts) < 2:
        return "", "", key
    return parts[0], ".", ".".join(parts[1:])
