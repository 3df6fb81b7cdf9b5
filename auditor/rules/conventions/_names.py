"""Shared by the naming rules: every name the project chose, with its object path."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import NamedTuple

from auditor.model import Catalog, Location, object_path
from auditor.rules.base import Rule
from auditor.rules.scope import memo, relation_parts


class Named(NamedTuple):
    """One name, and where it is used."""

    kind: str  # schema, table, column, index, constraint, policy, function, sequence, enum, domain
    name: str
    path_kind: str  # the object path's kind and parts: the path is built only for a finding
    parts: tuple[str, ...]
    location: Location | None

    @property
    def path(self) -> str:
        return object_path(self.path_kind, *self.parts)


Keep = Callable[[str], object]


def project_names(
    rule: Rule[Catalog], catalog: Catalog, keep: Keep, *, policies: bool = False
) -> Iterator[Named]:
    """The objects in the project's schemas (not the platform's ``managed_schemas``) whose name
    ``keep`` accepts, in catalog order. Policy names are free text in most projects; they are
    included only when asked.

    ``keep`` is asked once per distinct name: the names are collected once per catalog and set of
    managed schemas and shared by the naming rules (a large schema has a hundred thousand names and
    hardly ever a bad one); the objects are walked again only to say where a kept name is used."""
    managed = rule.managed_schemas()
    names, policy_names = memo(
        catalog, f"project_names:{sorted(managed)}", lambda: _distinct_names(catalog, managed)
    )
    kept = {n for n in names if keep(n)}
    kept_policies = {n for n in policy_names if keep(n)} if policies else set()
    if not kept and not kept_policies:
        return iter(())
    return _walk(catalog, managed, kept.__contains__, kept_policies.__contains__ if policies else None)


def _distinct_names(catalog: Catalog, managed: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """(every name but policies', policies' names) that :func:`_walk` goes through."""
    names: set[str] = set()
    policy_names: set[str] = set()
    # set.add notes each name and, returning None, declines it: the walk yields nothing.
    for _ in _walk(catalog, managed, names.add, policy_names.add):
        pass
    return frozenset(names), frozenset(policy_names)


def _walk(catalog: Catalog, managed: frozenset[str], want: Keep, want_policy: Keep | None) -> Iterator[Named]:
    """The named objects whose name ``want`` accepts (a policy's: ``want_policy``; None skips
    policies), in catalog order."""
    parts = relation_parts(catalog)  # in catalog order: each schema's relations, schema after schema
    start = 0
    for schema in catalog.schemas.values():
        first, start = start, start + len(schema.relations)
        if schema.name in managed:
            continue
        if want(schema.name):
            yield Named("schema", schema.name, "schema", (schema.name,), schema.location)
        for rel, _key, columns, constraints, indexes, policies in parts[first:start]:
            s, t = rel.schema, rel.name
            if want(t):
                yield Named(rel.kind, t, "table", (s, t), rel.location)
            if rel.partition_of is not None:
                continue  # its columns and constraints are its parent's
            if rel.is_declared("columns"):
                for col in columns:
                    if want(col.name):
                        yield Named(
                            "column", col.name, "column", (s, t, col.name), col.location or rel.location
                        )
            if rel.is_declared("constraints"):
                for con in constraints:
                    if want(con.name):
                        yield Named(
                            "constraint",
                            con.name,
                            "constraint",
                            (s, t, con.name),
                            con.location or rel.location,
                        )
            if rel.is_declared("indexes"):
                for ix in indexes:
                    if ix.constraint is None and want(ix.name):  # a constraint's index shares its name
                        yield Named("index", ix.name, "index", (s, t, ix.name), ix.location or rel.location)
            if want_policy is not None and rel.is_declared("policies"):
                for pol in policies:
                    if want_policy(pol.name):
                        yield Named(
                            "policy", pol.name, "policy", (s, t, pol.name), pol.location or rel.location
                        )
        for fn in schema.functions.values():
            if want(fn.name):
                yield Named(fn.kind, fn.name, "function", (fn.schema, fn.name, fn.arguments), fn.location)
        for seq in schema.sequences.values():
            if seq.owned_by is None and want(seq.name):  # serial/identity sequences are named by PostgreSQL
                yield Named("sequence", seq.name, "sequence", (seq.schema, seq.name), seq.location)
        for en in schema.enums.values():
            if want(en.name):
                yield Named("enum", en.name, "enum", (en.schema, en.name), en.location)
        for dom in schema.domains.values():
            if want(dom.name):
                yield Named("domain", dom.name, "domain", (dom.schema, dom.name), dom.location)
