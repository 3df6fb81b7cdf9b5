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

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from typing import Any, TypeVar

from auditor.introspect.objectset import MEMBER_KINDS, ObjectSet
from auditor.model import Catalog, FrozenMap, Grant, Role, Schema, qualify

V = TypeVar("V")


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
    named = {kind: only.names(kind) for kind in set(MEMBER_KINDS.values())}
    schemas: dict[str, Schema] = {}
    touched = only.schemas()
    for name in sorted(base.schemas.keys() | part.schemas.keys()):
        b = base.schemas.get(name)
        p = part.schemas.get(name)
        if (
            b is not None
            and p is None
            and name not in touched
            and not _owned_by(b.sequences, replaced_relations)
        ):
            schemas[name] = b  # nothing of it named nor read: the base's, as it is
            continue
        if (name, "schema", "") in only and p is None:
            continue  # the schema itself is gone on that database, and all it held
        row = p if p is not None and ((name, "schema", "") in only or b is None) else b
        assert row is not None
        children: dict[str, Any] = {}
        for attr, kind in MEMBER_KINDS.items():
            gone = named[kind].get(name, frozenset())
            mine: Mapping[str, Any] = getattr(b, attr) if b is not None else FrozenMap()
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
    """The names of the sequences owned by a column of one of ``relations`` (qualified keys).
    ``owned_by`` is the relation's key, a dot and the column; a key holds a dot only inside quotes,
    so a key and a dot begin the ``owned_by`` of that relation's columns and of no other's."""
    if not relations:
        return frozenset()
    prefixes = tuple(key + "." for key in relations)
    return frozenset(
        name
        for name, seq in sequences.items()
        if seq.owned_by is not None and seq.owned_by.startswith(prefixes)
    )


def _overloads(functions: Mapping[str, Any], keys: frozenset[str]) -> frozenset[str]:
    """The keys of every overload of the names ``keys`` give: the partial read reads a function
    with all its overloads (``key`` starts with its name and a parenthesis), as functions.sql says."""
    return frozenset(k for k, f in functions.items() if any(key.startswith(f.name + "(") for key in keys))


def _merged(mine: Mapping[str, V], gone: Iterable[str], theirs: Mapping[str, V]) -> Mapping[str, V]:
    """``mine`` less ``gone``, with ``theirs`` put in; in name order (the catalog queries' order)
    where a name was added."""
    if not gone and not theirs:
        return mine
    out = dict(mine)
    for name in gone:
        out.pop(name, None)
    added = not theirs.keys() <= out.keys()
    out.update(theirs)
    return _frozen(out) if added else FrozenMap(out)


def _frozen(items: dict[str, V]) -> FrozenMap[str, V]:
    return FrozenMap(sorted(items.items()))


def _roles(merged: Catalog, base: Catalog, part: Catalog) -> FrozenMap[str, Role]:
    """The roles ``merged`` names (and, transitively, those they are members of), each as the
    part read it, else as the base did: what a whole read names (introspect's roles.sql).

    The part names its own roles (its objects, every schema row, the catalog-wide parts). Any
    other role the merged catalog names is one of the base's, named by an object the base kept:
    those are looked for in the merged catalog, and the walk stops once each is found."""
    records: dict[str, Role] = {**base.roles, **part.roles}
    kept = set(part.roles)  # closed already: roles.sql reads the roles a named one belongs to
    unresolved = set(base.roles) - kept
    if unresolved:
        for name in _named(merged):
            if name in unresolved:
                kept |= _closure({name}, records)
                unresolved -= kept
                if not unresolved:
                    break
    return FrozenMap(sorted((n, records[n]) for n in kept))


def _closure(names: set[str], records: Mapping[str, Role]) -> set[str]:
    """``names`` and every role they are members of, transitively (of those ``records`` holds)."""
    todo = list(names)
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen or name not in records:
            continue
        seen.add(name)
        todo.extend(records[name].member_of)
    return seen


def _named(catalog: Catalog) -> Iterator[str]:
    """The roles the catalog's objects name (owners, grantees, policy roles, default privileges),
    each distinct grant or role set expanded once; a name may come more than once."""
    grant_sets: set[frozenset[Grant]] = set()
    role_sets: set[frozenset[str]] = set()

    def grantees(grants: frozenset[Grant]) -> Iterator[str]:
        if grants and grants not in grant_sets:
            grant_sets.add(grants)
            yield from (g.grantee for g in grants)

    for d in catalog.default_privileges:
        yield d.role
        yield d.grantee
    for s in catalog.schemas.values():
        if s.owner:
            yield s.owner
        yield from grantees(s.privileges)
        for r in s.relations.values():
            if r.owner:
                yield r.owner
            yield from grantees(r.privileges)
            for c in r.columns.values():
                if c.privileges:
                    yield from grantees(c.privileges)
            for pol in r.policies.values():
                if pol.roles not in role_sets:
                    role_sets.add(pol.roles)
                    yield from pol.roles
        for f in s.functions.values():
            if f.owner:
                yield f.owner
            yield from grantees(f.privileges)
        for q in s.sequences.values():
            if q.owner:
                yield q.owner
            yield from grantees(q.privileges)
        for types in (s.enums, s.domains, s.collations):
            for t in types.values():
                if t.owner:
                    yield t.owner
