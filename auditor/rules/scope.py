"""What the catalog rules share: which objects are exposed, owner-scoped or granted, each answered
only from attributes the source declares (a partial spec never yields a guess)."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from auditor.model import PUBLIC, Catalog, Grant, Index, Policy, Relation, Schema, object_path

T = TypeVar("T")

WRITE_COMMANDS = ("INSERT", "UPDATE", "DELETE")
COMMANDS = ("SELECT", "INSERT", "UPDATE", "DELETE")


# Per-object memo for what several rules (or one rule for each table) derive from the same immutable
# model object: keyed by identity, dropped when the object is collected. Model objects are frozen, so
# what is derived from one never goes stale.
_MEMO: dict[tuple[int, str], tuple[weakref.ref[Any], Any]] = {}


def memo(obj: Any, tag: str, build: Callable[[], T]) -> T:
    """``build()``, computed once per ``(obj, tag)`` while ``obj`` lives."""
    key = (id(obj), tag)
    hit = _MEMO.get(key)
    if hit is not None and hit[0]() is obj:
        value: T = hit[1]
        return value
    value = build()

    def forget(_ref: weakref.ref[Any]) -> None:
        _MEMO.pop(key, None)

    _MEMO[key] = (weakref.ref(obj, forget), value)
    return value


def table_path(rel: Relation) -> str:
    return object_path("table", rel.schema, rel.name)


def policy_path(rel: Relation, policy: Policy) -> str:
    return object_path("policy", rel.schema, rel.name, policy.name)


def column_path(rel: Relation, column: str) -> str:
    return object_path("column", rel.schema, rel.name, column)


def exposed_tables(catalog: Catalog, schemas: Iterable[str]) -> Iterator[Relation]:
    """Plain and partitioned tables in the schemas the API exposes."""
    wanted = set(schemas)
    return (r for r in catalog.tables() if r.schema in wanted)


def exposed_relations(catalog: Catalog, schemas: Iterable[str], kinds: tuple[str, ...]) -> Iterator[Relation]:
    wanted = set(schemas)
    return (r for r in catalog.relations() if r.schema in wanted and r.kind in kinds)


def owner_scoped(rel: Relation, owner_column: str) -> bool:
    """A table with the owner column: its rows belong to users."""
    return rel.is_declared("columns") and owner_column in rel.columns


def granted(privileges: Iterable[Grant], roles: Iterable[str], privilege: str) -> list[str]:
    """Which of ``roles`` (``PUBLIC`` included when named) hold ``privilege``, sorted."""
    want = set(roles)
    return sorted({g.grantee for g in privileges if g.privilege == privilege and g.grantee in want})


def commands_of(policy: Policy) -> tuple[str, ...]:
    """The commands a policy applies to (``ALL`` is each of them)."""
    return COMMANDS if policy.command == "ALL" else (policy.command,)


def applies_to(policy: Policy, role: str) -> bool:
    """Whether ``policy`` applies to ``role`` (a policy for PUBLIC applies to every role)."""
    return role in policy.roles or PUBLIC in policy.roles


def usable_index(ix: Index) -> bool:
    """An index a planner can use for any query on its leading columns."""
    return ix.valid and ix.predicate is None


def leading_columns(ix: Index, n: int) -> tuple[str, ...]:
    return ix.keys[:n]


def role_closure(catalog: Catalog, role: str) -> list[str]:
    """``role`` and every role it can become through membership (``SET ROLE``), in BFS order.
    Roles the catalog does not hold are listed but not followed."""
    seen = [role]
    i = 0
    while i < len(seen):
        r = catalog.roles.get(seen[i])
        i += 1
        if r is None or not r.is_declared("member_of"):
            continue
        for parent in sorted(r.member_of):
            if parent not in seen:
                seen.append(parent)
    return seen


def key_column(key: str) -> str:
    """The column an index key names: ``run_id`` for ``run_id``, ``run_id DESC`` or
    ``run_id text_pattern_ops``; the key itself for an expression."""
    if key.startswith('"'):
        end = key.find('"', 1)
        while end != -1 and key[end + 1 : end + 2] == '"':
            end = key.find('"', end + 2)
        return key[1:end].replace('""', '"') if end != -1 else key
    if "(" in key:
        return key
    return key.split(" ", 1)[0]


def covered(rel: Relation, columns: tuple[str, ...]) -> Index | None:
    """A usable btree index (valid, not partial) whose leading columns are exactly ``columns`` (in
    any order); a hash index serves a single column. None when there is none."""
    want = set(columns)
    for ix in rel.indexes.values():
        if not usable_index(ix):
            continue
        lead = {key_column(k) for k in ix.keys[: len(columns)]}
        if len(ix.keys) < len(columns) or lead != want:
            continue
        if ix.method == "btree" or (ix.method == "hash" and len(columns) == 1):
            return ix
    return None


def index_name(catalog: Catalog, rel: Relation, columns: tuple[str, ...]) -> str:
    """A name for a new index: ``<table>_<col>_<col>_idx`` (``..._idx1``, ``..._idx2`` when taken,
    as PostgreSQL itself picks), cut to the 63-byte limit. Indexes share their schema's namespace
    with tables, views and sequences."""
    schema = catalog.schemas.get(rel.schema)
    used = memo(schema, "names", lambda: _names_in(schema)) if schema is not None else frozenset()
    base = "_".join((rel.name, *columns))
    n = 0
    while True:
        suffix = "_idx" + (str(n) if n else "")
        name = base
        while len((name + suffix).encode()) > 63:
            name = name[:-1]
        if name + suffix not in used:
            return name + suffix
        n += 1


def _names_in(schema: Schema) -> frozenset[str]:
    """Every name taken in ``schema``'s relation namespace (relations, sequences, indexes)."""
    used: set[str] = set(schema.relations)
    used.update(schema.sequences)
    for r in schema.relations.values():
        used.update(r.indexes)
    return frozenset(used)
