"""What each PostgreSQL major (13 to 18) can express and fills in by itself.

The same history built on two majors gives two catalogs that differ in ways nobody wrote:
PostgreSQL 17 added the MAINTAIN privilege (so ``GRANT ALL`` on 18 holds one more privilege than
on 15), every server ships its own default version of each contrib extension, 17 shows an identity
column's identity on each partition too, and the foreign keys PostgreSQL adds by itself for each
partition of a referenced partitioned table are named ``r_k_fkey1`` by 15 and ``r_k_fkey_1`` by 18.
:func:`align` rewrites two catalogs so that they are compared on what both servers can hold;
:func:`~auditor.compare.diff.diff` applies it before its keyed diff, whatever the path (live, a
spec written by ``snapshot``, a shadow, an offline parse).

Two kinds of rewrite:

* **Objects PostgreSQL derives by itself**, always: a foreign key cloned for a partition of the
  referenced table is matched by what it is (columns, referenced partition and columns, actions),
  not by its generated name; a partition column's identity that mirrors its parent's is the
  parent's (compared there).
* **Vocabulary that follows the server**, when the two sides' majors differ (a side whose major is
  unknown, a hand-written spec or an offline parse, counts as able to hold anything):

  - a privilege one side's server does not have (MAINTAIN before 17) is left out of the other side;
  - an extension version is compared only when it was chosen: both sides on one major, or a side
    whose major is unknown declares one (the spec or a migration pins ``VERSION``), or a side runs
    a version other than the default its own server ships (read from ``pg_available_extensions``).
    A side that follows its server's default is held to the other server's default instead, so a
    fix never asks a server for a version it does not ship.

Equal means no finding: nothing here ever adds a difference.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from auditor.model import Catalog, Column, Constraint, Extension, FrozenMap, Grant, Relation, Schema


@dataclass(frozen=True)
class Major:
    """One PostgreSQL major version: what its catalog can hold and what it fills in by itself."""

    number: int
    table_privileges: frozenset[str]  # what GRANT ALL ON TABLE grants
    partition_identity: bool  # a partition's column shows the parent's identity (attidentity)
    not_null_constraints: bool  # NOT NULL is a pg_constraint row (introspect folds it into nullable)
    virtual_generated: bool  # GENERATED ALWAYS AS (...) VIRTUAL exists (and is the default kind)
    fk_clone_name: str  # how the foreign keys cloned per referenced partition are named (seen)


_TABLE_PRIVILEGES = frozenset({"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"})
_MAINTAIN = frozenset({"MAINTAIN"})

# Seen on 15, 16 and 18 (tests/compare/test_cross_version.py; 16 by hand); 13, 14 and 17 as their
# release notes say (MAINTAIN and identity on partitions are 17's).
MAJORS: Mapping[int, Major] = {
    13: Major(13, _TABLE_PRIVILEGES, False, False, False, "r_k_fkey1"),
    14: Major(14, _TABLE_PRIVILEGES, False, False, False, "r_k_fkey1"),
    15: Major(15, _TABLE_PRIVILEGES, False, False, False, "r_k_fkey1"),
    16: Major(16, _TABLE_PRIVILEGES, False, False, False, "r_k_fkey1"),
    17: Major(17, _TABLE_PRIVILEGES | _MAINTAIN, True, False, False, "r_k_fkey1"),
    18: Major(18, _TABLE_PRIVILEGES | _MAINTAIN, True, True, True, "r_k_fkey_1"),
}
LATEST = max(MAJORS)
# Every privilege some supported major has; a privilege not here is never touched.
_ALL_VERSIONED_PRIVILEGES = frozenset().union(*(m.table_privileges for m in MAJORS.values()))


def major_of(catalog: Catalog) -> int | None:
    """The major version a catalog was read from (a spec written by ``snapshot`` records it);
    None when unknown (a hand-written spec, an offline parse)."""
    if catalog.server_version_num:
        return catalog.server_version_num // 10000
    if catalog.server_version:
        m = re.match(r"\s*(\d+)", catalog.server_version)  # "15.20", "18beta1", "16.2 (Debian ...)"
        if m:
            return int(m[1])
    return None


def spec_of(major: int | None) -> Major | None:
    """The table entry of a major; a major newer than the table is taken as the latest known."""
    if major is None:
        return None
    return MAJORS.get(major) or (MAJORS[LATEST] if major > LATEST else MAJORS[min(MAJORS)])


def unsupported_privileges(major: int | None) -> frozenset[str]:
    """Privileges some major has and this one does not (empty when the major is unknown)."""
    m = spec_of(major)
    return frozenset() if m is None else _ALL_VERSIONED_PRIVILEGES - m.table_privileges


def differ(a: Catalog, b: Catalog) -> bool:
    """Do the two catalogs come from different majors (both known)?"""
    ma, mb = major_of(a), major_of(b)
    return ma is not None and mb is not None and ma != mb


def align(a: Catalog, b: Catalog) -> tuple[Catalog, Catalog]:
    """``a`` and ``b`` rewritten so that what only one major can hold or fills in by itself does not
    show as a difference (see the module docstring). Returns the same objects when nothing applies."""
    ma, mb = major_of(a), major_of(b)
    drop_a, drop_b = unsupported_privileges(mb), unsupported_privileges(ma)
    partitions = _has_partitions(a) or _has_partitions(b)
    if not drop_a and not drop_b and not partitions and ma == mb:
        return a, b  # the common case: one major, no partitions; nothing to align
    a2 = _rewrite(a, drop_a, None, partitions)
    b2 = _rewrite(b, drop_b, a, partitions)  # derived foreign keys take a's names: findings name a's
    if ma != mb:
        a2, b2 = _extensions(a2, b2, ma, mb)
    return a2, b2


# --- one side -----------------------------------------------------------------------------------
def _has_partitions(cat: Catalog) -> bool:
    return any(r.partition_of is not None for r in cat.relations())


def _rewrite(cat: Catalog, drop: frozenset[str], other: Catalog | None, partitions: bool) -> Catalog:
    """One side without the privileges in ``drop`` and the identity its partitions mirror; with
    ``other``, its derived foreign keys renamed to the names ``other`` gives them (both only where
    either side has ``partitions``)."""
    if not drop and not partitions:
        return cat
    if not partitions:
        other = None
    grants_cache: dict[frozenset[Grant], frozenset[Grant]] = {}  # tables repeat one grant set
    schemas: dict[str, Schema] = {}
    changed = False
    for sname, s in cat.schemas.items():
        rels: dict[str, Relation] = {}
        rel_changed = False
        other_schema = other.schemas.get(sname) if other is not None else None
        for rname, r in s.relations.items():
            other_rel = other_schema.relations.get(rname) if other_schema is not None else None
            r2 = _relation(cat, r, drop, other_rel, other, partitions, grants_cache)
            rel_changed |= r2 is not r
            rels[rname] = r2
        if rel_changed:
            changed = True
            s = replace(s, relations=FrozenMap(rels))
        schemas[sname] = s
    defaults = cat.default_privileges
    if drop and any(d.privilege in drop for d in defaults):
        defaults = frozenset(d for d in defaults if d.privilege not in drop)
        changed = True
    if not changed:
        return cat
    return replace(cat, schemas=FrozenMap(schemas), default_privileges=defaults)


def _grants(grants: frozenset[Grant], drop: frozenset[str]) -> frozenset[Grant]:
    if not drop or not any(g.privilege in drop for g in grants):
        return grants
    return frozenset(g for g in grants if g.privilege not in drop)


def _relation(
    cat: Catalog,
    r: Relation,
    drop: frozenset[str],
    other: Relation | None,
    other_cat: Catalog | None,
    partitions: bool,
    cache: dict[frozenset[Grant], frozenset[Grant]],
) -> Relation:
    changes: dict[str, Any] = {}
    if drop and r.privileges:
        privileges = cache.get(r.privileges)
        if privileges is None:
            privileges = cache[r.privileges] = _grants(r.privileges, drop)
        if privileges != r.privileges:
            changes["privileges"] = privileges
    columns = _partition_columns(cat, r) if partitions else None
    if columns is not None:
        changes["columns"] = columns
    if other is not None and other_cat is not None:
        constraints = _derived_foreign_keys(cat, r, other_cat, other)
        if constraints is not None:
            changes["constraints"] = constraints
    return replace(r, **changes) if changes else r


def _partition_columns(cat: Catalog, r: Relation) -> FrozenMap[str, Column] | None:
    """A partition's columns without the identity that mirrors the parent's (17+ shows it on every
    partition, 13-16 on the parent only): the parent's column is where identity is compared."""
    if r.partition_of is None or not any(c.identity for c in r.columns.values()):
        return None
    parent = cat.relation(r.partition_of)
    if parent is None:
        return None
    out: dict[str, Column] = {}
    changed = False
    for name, c in r.columns.items():
        pc = parent.columns.get(name)
        if c.identity is not None and pc is not None and pc.identity == c.identity:
            c = replace(c, identity=None)
            changed = True
        out[name] = c
    return FrozenMap(out) if changed else None


def _fk_shape(cat: Catalog, c: Constraint) -> tuple[Any, ...] | None:
    """What a foreign key is, without its name; None for anything else."""
    if c.kind != "foreign key" or c.references is None:
        return None
    return (
        c.columns,
        _bare(c.references.table),
        c.references.columns,
        c.on_delete,
        c.on_update,
        c.match_full,
        c.deferrable,
        c.initially_deferred,
    )


def _bare(key: str) -> str:
    return key[len("public.") :] if key.startswith("public.") else key


def _is_derived(cat: Catalog, r: Relation, c: Constraint) -> bool:
    """A foreign key PostgreSQL made by itself for one partition of the referenced partitioned
    table: it references a partition, and the table has the same foreign key on an ancestor."""
    if c.references is None:
        return False
    target = cat.relation(c.references.table)
    if target is None or target.partition_of is None:
        return False
    ancestors: set[str] = set()
    while target is not None and target.partition_of is not None and target.partition_of not in ancestors:
        ancestors.add(_bare(target.partition_of))
        target = cat.relation(target.partition_of)
    return any(
        o is not c
        and o.kind == "foreign key"
        and o.references is not None
        and _bare(o.references.table) in ancestors
        and o.columns == c.columns
        and o.references.columns == c.references.columns
        for o in r.constraints.values()
    )


def _derived_foreign_keys(
    cat: Catalog, r: Relation, other_cat: Catalog, other: Relation
) -> FrozenMap[str, Constraint] | None:
    """``r``'s constraints with each derived foreign key that ``other`` holds under another name
    renamed to that name (matched by what it is). Only this side is renamed; the other side, when
    rewritten, finds the names already equal."""
    unmatched = [
        c for n, c in r.constraints.items() if n not in other.constraints and c.kind == "foreign key"
    ]
    if not unmatched:
        return None
    theirs: dict[tuple[Any, ...], list[str]] = {}
    for n, o in other.constraints.items():
        if n in r.constraints:
            continue
        shape = _fk_shape(other_cat, o)
        if shape is not None and _is_derived(other_cat, other, o):
            theirs.setdefault(shape, []).append(n)
    if not theirs:
        return None
    renamed: dict[str, str] = {}
    for c in unmatched:
        shape = _fk_shape(cat, c)
        names = theirs.get(shape) if shape is not None else None
        if names and _is_derived(cat, r, c):
            renamed[c.name] = names.pop(0)
    if not renamed:
        return None
    return FrozenMap(
        (renamed.get(n, n), replace(c, name=renamed[n]) if n in renamed else c)
        for n, c in r.constraints.items()
    )


# --- extensions -----------------------------------------------------------------------------------
def _extensions(a: Catalog, b: Catalog, ma: int | None, mb: int | None) -> tuple[Catalog, Catalog]:
    """Extension versions compared only where they were chosen (module docstring)."""
    ea: dict[str, Extension] = dict(a.extensions)
    eb: dict[str, Extension] = dict(b.extensions)
    changed = False
    for name in set(ea) & set(eb):
        xa, xb = ea[name], eb[name]
        if xa.version == xb.version:
            continue
        fa, fb = _follows(xa, ma), _follows(xb, mb)
        if fa and fb:  # each runs what its server ships: nothing was chosen
            ea[name] = replace(xa, version=xb.version)
        elif fa and xb.default_version is not None:  # b chose; a would run what b's server ships
            ea[name] = replace(xa, version=xb.default_version)
        else:  # a chose a version (or b's server default is unknown): compared as they are
            continue
        changed = True
    if not changed:
        return a, b
    return replace(a, extensions=FrozenMap(ea)), replace(b, extensions=FrozenMap(eb))


def _follows(x: Extension, major: int | None) -> bool:
    """Does this side's version just follow what its server ships? A side of unknown major (a
    hand-written spec, an offline parse) declares a version only when it pins one."""
    if major is None:
        return not x.is_declared("version") or x.version is None
    return x.default_version is None or x.version == x.default_version


def notes(a: Catalog, b: Catalog) -> Iterable[str]:
    """What the comparison of two catalogs of different majors leaves out, for a report note."""
    ma, mb = major_of(a), major_of(b)
    if ma is None or mb is None or ma == mb:
        return ()
    out = [f"read from PostgreSQL {ma}, the other side {mb}: compared on what both majors can hold"]
    for major, other in ((ma, mb), (mb, ma)):
        missing = unsupported_privileges(major) - unsupported_privileges(other)
        if missing:
            out.append(f"{', '.join(sorted(missing))} left out: PostgreSQL {major} has no such privilege")
    out.append("contrib extension versions compared only where one was chosen, not the server's default")
    return out
