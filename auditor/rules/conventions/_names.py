"""Shared by the naming rules: every name the project chose, with its object path."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from auditor.model import Catalog, Location, object_path
from auditor.rules.base import Rule


@dataclass(frozen=True)
class Named:
    kind: str  # schema, table, column, index, constraint, policy, function, sequence, enum, domain
    name: str
    path: str
    location: Location | None


def project_names(rule: Rule[Catalog], catalog: Catalog, *, policies: bool = False) -> Iterator[Named]:
    """Names of the objects in the project's schemas (not the platform's ``managed_schemas``).
    Policy names are free text in most projects; they are included only when asked."""
    for schema in catalog.schemas.values():
        if not rule.own(schema.name):
            continue
        yield Named("schema", schema.name, object_path("schema", schema.name), schema.location)
        for rel in schema.relations.values():
            yield Named(rel.kind, rel.name, object_path("table", rel.schema, rel.name), rel.location)
            if rel.partition_of is not None:
                continue  # its columns and constraints are its parent's
            if rel.is_declared("columns"):
                for col in rel.columns.values():
                    yield Named(
                        "column",
                        col.name,
                        object_path("column", rel.schema, rel.name, col.name),
                        col.location or rel.location,
                    )
            if rel.is_declared("constraints"):
                for con in rel.constraints.values():
                    yield Named(
                        "constraint",
                        con.name,
                        object_path("constraint", rel.schema, rel.name, con.name),
                        con.location or rel.location,
                    )
            if rel.is_declared("indexes"):
                for ix in rel.indexes.values():
                    if ix.constraint is None:  # a constraint's index shares its name
                        yield Named(
                            "index",
                            ix.name,
                            object_path("index", rel.schema, rel.name, ix.name),
                            ix.location or rel.location,
                        )
            if policies and rel.is_declared("policies"):
                for pol in rel.policies.values():
                    yield Named(
                        "policy",
                        pol.name,
                        object_path("policy", rel.schema, rel.name, pol.name),
                        pol.location or rel.location,
                    )
        for fn in schema.functions.values():
            yield Named(
                fn.kind, fn.name, object_path("function", fn.schema, fn.name, fn.arguments), fn.location
            )
        for seq in schema.sequences.values():
            if seq.owned_by is None:  # serial/identity sequences are named by PostgreSQL
                yield Named("sequence", seq.name, object_path("sequence", seq.schema, seq.name), seq.location)
        for en in schema.enums.values():
            yield Named("enum", en.name, object_path("enum", en.schema, en.name), en.location)
        for dom in schema.domains.values():
            yield Named("domain", dom.name, object_path("domain", dom.schema, dom.name), dom.location)
