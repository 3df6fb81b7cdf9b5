"""Shared by the naming rules: every name the project chose, with its object path."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from auditor.model import Catalog, Location, object_path
from auditor.rules.base import Rule
from auditor.rules.scope import memo


class Named(NamedTuple):
    """One name (a tuple: some hundred thousand of them are built for a large schema)."""

    kind: str  # schema, table, column, index, constraint, policy, function, sequence, enum, domain
    name: str
    path_kind: str  # the object path's kind and parts: the path is built only for a finding
    parts: tuple[str, ...]
    location: Location | None

    @property
    def path(self) -> str:
        return object_path(self.path_kind, *self.parts)


def project_names(rule: Rule[Catalog], catalog: Catalog, *, policies: bool = False) -> Iterator[Named]:
    """Names of the objects in the project's schemas (not the platform's ``managed_schemas``).
    Policy names are free text in most projects; they are included only when asked. The list is
    built once per catalog and set of managed schemas, and shared by the naming rules."""
    managed = rule.managed_schemas()
    every, no_policies = memo(
        catalog, f"project_names:{sorted(managed)}", lambda: _project_names(catalog, managed)
    )
    return iter(every if policies else no_policies)


def _project_names(catalog: Catalog, managed: frozenset[str]) -> tuple[tuple[Named, ...], tuple[Named, ...]]:
    """(every name, every name but policies'), in catalog order."""
    every = tuple(_walk(catalog, managed))
    return every, tuple(n for n in every if n.path_kind != "policy")


def _walk(catalog: Catalog, managed: frozenset[str]) -> Iterator[Named]:
    for schema in catalog.schemas.values():
        if schema.name in managed:
            continue
        yield Named("schema", schema.name, "schema", (schema.name,), schema.location)
        for rel in schema.relations.values():
            s, t = rel.schema, rel.name
            yield Named(rel.kind, t, "table", (s, t), rel.location)
            if rel.partition_of is not None:
                continue  # its columns and constraints are its parent's
            if rel.is_declared("columns"):
                for col in rel.columns.values():
                    yield Named("column", col.name, "column", (s, t, col.name), col.location or rel.location)
            if rel.is_declared("constraints"):
                for con in rel.constraints.values():
                    yield Named(
                        "constraint", con.name, "constraint", (s, t, con.name), con.location or rel.location
                    )
            if rel.is_declared("indexes"):
                for ix in rel.indexes.values():
                    if ix.constraint is None:  # a constraint's index shares its name
                        yield Named("index", ix.name, "index", (s, t, ix.name), ix.location or rel.location)
            if rel.is_declared("policies"):
                for pol in rel.policies.values():
                    yield Named("policy", pol.name, "policy", (s, t, pol.name), pol.location or rel.location)
        for fn in schema.functions.values():
            yield Named(fn.kind, fn.name, "function", (fn.schema, fn.name, fn.arguments), fn.location)
        for seq in schema.sequences.values():
            if seq.owned_by is None:  # serial/identity sequences are named by PostgreSQL
                yield Named("sequence", seq.name, "sequence", (seq.schema, seq.name), seq.location)
        for en in schema.enums.values():
            yield Named("enum", en.name, "enum", (en.schema, en.name), en.location)
        for dom in schema.domains.values():
            yield Named("domain", dom.name, "domain", (dom.schema, dom.name), dom.location)
