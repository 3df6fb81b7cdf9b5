"""Shared by the preferred-type rules: every project column with a declared type."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.model import Catalog, Column, Relation
from auditor.normalize import canonical_type
from auditor.rules.base import Rule
from auditor.rules.scope import memo


def typed_columns(rule: Rule[Catalog], catalog: Catalog) -> Iterator[tuple[Relation, Column, str]]:
    """(table, column, canonical type) for columns of tables in the project's schemas. The list is
    built once per catalog and set of managed schemas, and shared by the type rules."""
    managed = rule.managed_schemas()
    return iter(memo(catalog, f"typed_columns:{sorted(managed)}", lambda: _typed_columns(catalog, managed)))


def _typed_columns(catalog: Catalog, managed: frozenset[str]) -> tuple[tuple[Relation, Column, str], ...]:
    out: list[tuple[Relation, Column, str]] = []
    for rel in catalog.relations():
        if rel.kind not in ("table", "partitioned table") or rel.schema in managed:
            continue
        if not rel.is_declared("columns") or rel.partition_of is not None:
            continue  # a partition's columns are its parent's: report them once
        for col in rel.columns.values():
            if col.is_declared("type"):
                out.append((rel, col, canonical_type(col.type, rel.schema)))
    return tuple(out)
