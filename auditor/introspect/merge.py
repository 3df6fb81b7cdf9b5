"""A whole catalog with some of its objects replaced by a partial read: :func:`overlay`.

The fleet reads one member of a shape whole and, for a member that differs from it in a few
objects, only those objects (``introspect(dsn, only=objects)``); the overlay is then that member's
catalog, as a whole read of it would give, provided ``objects`` names every object whose catalog
facts differ (the fleet fingerprint's per-object prints do: each print covers every fact the model
keeps on that object).

What crosses objects, and why the overlay is still exact:

* A function is read with every overload of its name (the set's keys may spell argument types
  under another search_path): every overload of that name is replaced.
* Everything the model hangs on a relation (columns, constraints, indexes, policies, triggers,
  grants, comments) is read and replaced with it.
* A sequence a column owns (serial, identity) is read with its relation: replacing a relation
  replaces the sequences its columns own on either side (an identity column dropped drops its
  sequence).
* Facts the model keeps on the *naming* object are that object's: a foreign key names the table
  it references, a partition its parent, a child its INHERITS parents, a trigger its function, a
  view the tables its definition reads. Renaming the referenced object changes the naming object's
  own catalog text too, so it is in ``objects`` as well (its print differs); the overlay never
  rewrites one object from another.
* Catalog-wide facts are the part's (it reads them whole: extensions, tables extensions own,
  default privileges), and the server version is the part's. Roles are those the merged catalog
  names, each as the part read it, else as the base did: a change to a role itself (its
  attributes or memberships) is a database-wide change the caller must read whole (the fleet
  fingerprint's database print covers every role).
* Gaps: the base's and the part's, both kept. A base gap about an object the part replaced may be
  stale: the merged catalog may then say incomplete where a whole read would not, never the
  reverse.

A base and a part of two PostgreSQL majors are refused (deparsed text differs between majors):
read that member whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any, TypeVar

from auditor.introspect.objectset import ObjectSet
from auditor.model import PUBLIC, Catalog, FrozenMap, Grant, Role, Schema, qualify

V = TypeVar("V")

# Schema attribute -> the ObjectSet kind naming its children
_CHILDREN = {
    "relations": "relation",
    "functions": "function",
    "sequences": "sequence",
    "enums": "type",
    "domains": "type",
    "collations": "collation",
}


class OverlayError(ValueError):
    """The part cannot be put over the base; read the member whole."""


def overlay(base: Catalog, part: Catalog, only: ObjectSet) -> Catalog:
    """``base`` with every object of ``only`` replaced by ``part``'s, or removed where ``part``
    does not have it (dropped on that database); every other object is ``base``'s.

    ``part`` is ``introspect(dsn, only=only)`` of the other database, with the same
    include/exclude schemas as ``base``. See the module docstring for what crosses objects.
    Raises :class:`OverlayError` when the two were read from servers of different majors.
    """
    _check_versions(base, part)
    replaced_relations = {qualify(s, n) for s, n in only.pairs("relation")}
    named = {kind: only.names(kind) for kind in set(_CHILDREN.values())}
    schemas: dict[str, Schema] = {}
    for name in sorted(base.schemas.keys() | part.schemas.keys()):
        b = base.schemas.get(name)
        p = part.schemas.get(name)
        if (name, "schema", "") in only and p is None:
            continue  # the schema itself is gone on that database, and all it held
        row = p if p is not None and ((name, "schema", "") in only or b is None) else b
        assert row is not None
        children: dict[str, Any] = {}
        for attr, kind in _CHILDREN.items():
            gone = named[kind].get(name, frozenset())
            mine: Mapping[str, Any] = getattr(b, attr) if b is not None else {}
            if attr == "sequences" and replaced_relations:
                gone = gone | _owned_by(mine, replaced_relations)
            elif attr == "functions" and gone:
                gone = _overloads(mine, gone)
            theirs: Mapping[str, Any] = getattr(p, attr) if p is not None else {}
            children[attr] = _merged(mine, gone, theirs)
        schemas[name] = replace(row, **children)
    merged = replace(
        base,
        schemas=_frozen(schemas),
        extensions=part.extensions,
        extension_relations=part.extension_relations,
        default_privileges=part.default_privileges,
        server_version=part.server_version,
        server_version_num=part.server_version_num,
        gaps=tuple(dict.fromkeys((*base.gaps, *part.gaps))),
    )
    return replace(merged, roles=_roles(merged, base, part))


def _check_versions(base: Catalog, part: Catalog) -> None:
    majors = {c.server_version_num // 10000 if c.server_version_num else None for c in (base, part)}
    if len(majors) != 1 or None in majors:
        raise OverlayError(
            f"cannot overlay a partial read of PostgreSQL {part.server_version} on a catalog of "
            f"{base.server_version}: read it whole"
        )


def _owned_by(sequences: Mapping[str, Any], relations: set[str]) -> frozenset[str]:
    """The names of the sequences owned by a column of one of ``relations`` (qualified keys):
    ``owned_by`` is the relation's key, a dot and the quoted column, and a key holding a dot
    is quoted, so the prefix names one relation."""
    out = set()
    for name, seq in sequences.items():
        if seq.owned_by is not None:
            table = seq.owned_by[: _column_start(seq.owned_by)]
            if table in relations:
                out.add(name)
    return frozenset(out)


def _overloads(functions: Mapping[str, Any], keys: frozenset[str]) -> frozenset[str]:
    """The keys of every overload of the names ``keys`` give: the partial read reads a function
    with all its overloads (``key`` starts with its name and a parenthesis), as functions.sql says."""
    return frozenset(k for k, f in functions.items() if any(key.startswith(f.name + "(") for key in keys))


def _column_start(owned_by: str) -> int:
    """Where the column part of ``schema.table.column`` (each part quoted when needed) begins,
    less the dot."""
    if owned_by.endswith('"'):
        # a quoted column: its opening quote is the first one, going back, not doubled
        i = len(owned_by) - 1
        while True:
            i = owned_by.rindex('"', 0, i)
            if i > 0 and owned_by[i - 1] == '"':
                i -= 1
                continue
            return i - 1
    return owned_by.rindex(".")


def _merged(mine: Mapping[str, V], gone: Iterable[str], theirs: Mapping[str, V]) -> FrozenMap[str, V]:
    out = dict(mine)
    for name in gone:
        out.pop(name, None)
    out.update(theirs)
    return _frozen(out)


def _frozen(items: dict[str, V]) -> FrozenMap[str, V]:
    return FrozenMap(sorted(items.items()))


def _roles(merged: Catalog, base: Catalog, part: Catalog) -> FrozenMap[str, Role]:
    """The roles ``merged`` names (and, transitively, those they are members of), each as the
    part read it, else as the base did: what a whole read names (introspect's roles.sql)."""
    records: dict[str, Role] = {**base.roles, **part.roles}
    todo = list(set(part.roles) | _named(merged))
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen or name not in records:
            continue
        seen.add(name)
        todo.extend(records[name].member_of)
    return FrozenMap(sorted((n, records[n]) for n in seen))


def _named(catalog: Catalog) -> set[str]:
    """Every role the catalog's objects name: owners, grantees, policy roles, default privileges."""
    out: set[str] = set()

    def grants(privileges: Iterable[Grant]) -> None:
        out.update(g.grantee for g in privileges)

    for s in catalog.schemas.values():
        out.add(s.owner or PUBLIC)
        grants(s.privileges)
        for r in s.relations.values():
            out.add(r.owner or PUBLIC)
            grants(r.privileges)
            for c in r.columns.values():
                grants(c.privileges)
            for pol in r.policies.values():
                out.update(pol.roles)
        for f in s.functions.values():
            out.add(f.owner or PUBLIC)
            grants(f.privileges)
        for q in s.sequences.values():
            out.add(q.owner or PUBLIC)
            grants(q.privileges)
        for group in (s.enums, s.domains, s.collations):
            for t in group.values():
                out.add(t.owner or PUBLIC)
    for d in catalog.default_privileges:
        out.update((d.role, d.grantee))
    out.discard(PUBLIC)
    return out
