"""What the catalog rules share: which objects are exposed, owner-scoped or granted, each answered
only from attributes the source declares (a partial spec never yields a guess)."""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from functools import lru_cache
from typing import Any, NamedTuple, TypeVar

from auditor.model import (
    PUBLIC,
    Catalog,
    Column,
    Constraint,
    Function,
    Grant,
    Index,
    Policy,
    Relation,
    object_path,
    quote_ident,
)
from auditor.normalize import canonical_type

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


class Parts(NamedTuple):
    """A relation, its key and its children as tuples, in the model's order."""

    rel: Relation
    key: str  # rel.key: qualify(schema, name), the relation part of its children's object paths
    columns: tuple[Column, ...]
    constraints: tuple[Constraint, ...]
    indexes: tuple[Index, ...]
    policies: tuple[Policy, ...]


_TABLE_KINDS = ("table", "partitioned table")


def relation_parts(catalog: Catalog) -> tuple[Parts, ...]:
    """Every relation of ``catalog`` with its children, in catalog order. Built once per catalog and
    shared: walking the model's mappings is most of what a rule costs on a large schema, and every
    rule walks the same ones."""
    return memo(catalog, "relation_parts", lambda: _relation_parts(catalog))


def _relation_parts(catalog: Catalog) -> tuple[Parts, ...]:
    return tuple(
        Parts(
            rel,
            rel.key,
            _values(rel.columns),
            _values(rel.constraints),
            _values(rel.indexes),
            _values(rel.policies),
        )
        for rel in catalog.relations()
    )


def _values(mapping: Mapping[str, T]) -> tuple[T, ...]:
    """``tuple(mapping.values())``; a third faster on the model's mappings, whose ``values()`` is the
    generic Mapping view (a Python generator calling ``__getitem__``)."""
    return tuple(map(mapping.__getitem__, mapping))


def table_parts(catalog: Catalog) -> tuple[Parts, ...]:
    """The plain and partitioned tables of :func:`relation_parts` (what ``catalog.tables()`` yields)."""
    return memo(
        catalog,
        "table_parts",
        lambda: tuple(p for p in relation_parts(catalog) if p.rel.kind in _TABLE_KINDS),
    )


def exposed_table_parts(catalog: Catalog, schemas: Iterable[str]) -> Iterator[Parts]:
    """:func:`table_parts` of the tables in the schemas the API exposes."""
    wanted = set(schemas)
    return (p for p in table_parts(catalog) if p.rel.schema in wanted)


def child_path(kind: str, key: str, name: str) -> str:
    """``object_path(kind, schema, table, name)`` for the child ``name`` of the relation whose key is
    ``key`` (``qualify(schema, table)``, quoted the same way as a path's parts): ``index:public.jobs.
    idx_jobs_status``. Cheaper where a rule has the key at hand."""
    return f"{kind}:{key}.{quote_ident(name)}"


def table_path(rel: Relation) -> str:
    return object_path("table", rel.schema, rel.name)


def policy_path(rel: Relation, policy: Policy) -> str:
    return object_path("policy", rel.schema, rel.name, policy.name)


def column_path(rel: Relation, column: str) -> str:
    return object_path("column", rel.schema, rel.name, column)


def exposed_tables(catalog: Catalog, schemas: Iterable[str]) -> Iterator[Relation]:
    """Plain and partitioned tables in the schemas the API exposes."""
    wanted = set(schemas)
    return (p.rel for p in table_parts(catalog) if p.rel.schema in wanted)


def exposed_relations(catalog: Catalog, schemas: Iterable[str], kinds: tuple[str, ...]) -> Iterator[Relation]:
    wanted = set(schemas)
    return (p.rel for p in relation_parts(catalog) if p.rel.schema in wanted and p.rel.kind in kinds)


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


def bypassing_roles(catalog: Catalog, service_role: str) -> frozenset[str]:
    """Roles row level security never applies to: every role the catalog shows with ``BYPASSRLS``
    or ``SUPERUSER`` (attributes, not inherited through membership), and ``service_role`` unless
    the catalog shows it without both (the platform creates it with ``BYPASSRLS``)."""
    out = {
        r.name
        for r in catalog.roles.values()
        if (r.is_declared("bypassrls") and r.bypassrls) or (r.is_declared("superuser") and r.superuser)
    }
    svc = catalog.roles.get(service_role)
    if svc is None or not (svc.is_declared("bypassrls") and svc.is_declared("superuser")):
        out.add(service_role)
    return frozenset(out)


def view_sources(rel: Relation) -> frozenset[tuple[str, str]] | None:
    """``(schema, name)`` of every relation the definition of view ``rel`` names (``FROM``, joins,
    subqueries, CTEs' tables); an unqualified name is taken to be in the view's schema (the
    introspector reads definitions with ``search_path = pg_catalog``, so they come qualified).
    None when the definition does not parse."""
    return memo(rel, "view_sources", lambda: _view_sources(rel.view_definition or "", rel.schema))


@lru_cache(maxsize=4096)
def _view_sources(definition: str, schema: str) -> frozenset[tuple[str, str]] | None:
    import pglast
    from pglast.visitors import Visitor

    out: set[tuple[str, str]] = set()
    ctes: set[str] = set()

    class _Names(Visitor):
        def visit_CommonTableExpr(self, _ancestors: Any, node: Any) -> None:
            ctes.add(node.ctename)

        def visit_RangeVar(self, _ancestors: Any, node: Any) -> None:
            out.add((node.schemaname or schema, node.relname))

    try:
        tree = pglast.parse_sql(definition)
    except pglast.parser.ParseError:
        return None
    _Names()(tree)
    return frozenset((s, n) for s, n in out if not (n in ctes and s == schema))


@lru_cache(maxsize=65536)
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


def covered(indexes: Iterable[Index], columns: tuple[str, ...]) -> Index | None:
    """A usable btree index among ``indexes`` (a table's) whose leading columns are exactly
    ``columns`` (in any order); a hash index serves a single column. None when there is none.

    Usable: valid, and either not partial or partial on ``col IS NOT NULL`` of some of ``columns``
    only. A lookup by equality on the columns (a foreign key check, ``owner_id = auth.uid()``)
    never matches NULL, so the planner proves such a predicate and uses the index."""
    n = len(columns)
    want = set(columns)
    for ix in indexes:
        keys = ix.keys
        if len(keys) < n or not ix.valid:
            continue
        if ix.predicate is not None and not not_null_predicate(ix.predicate, want):
            continue
        if n == 1:  # most foreign keys: no set to build
            if key_column(keys[0]) != columns[0]:
                continue
        elif {key_column(k) for k in keys[:n]} != want:
            continue
        if ix.method == "btree" or (ix.method == "hash" and n == 1):
            return ix
    return None


_NOT_NULL_TERM = re.compile(
    r'^\s*("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)\s+is\s+not\s+null\s*$', re.IGNORECASE
)
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _not_null_columns(predicate: str) -> frozenset[str] | None:
    """The columns of a predicate that is only ``col IS NOT NULL`` terms joined by ``AND`` (as
    ``pg_get_expr`` or a spec writes it, parenthesised or not); None for any other predicate."""
    flat = predicate.replace("(", " ").replace(")", " ")
    if '"' in predicate and ("(" in predicate or ")" in predicate):
        return None  # a quoted name with parentheses in it: do not guess
    cols: set[str] = set()
    for term in _AND.split(flat.strip()):
        m = _NOT_NULL_TERM.match(term)
        if m is None:
            return None
        cols.add(key_column(m.group(1)))
    return frozenset(cols)


def not_null_predicate(predicate: str, columns: Container[str]) -> bool:
    """Whether ``predicate`` only requires some of ``columns`` to be NOT NULL."""
    cols = _not_null_columns(predicate)
    return cols is not None and all(c in columns for c in cols)


def index_name(catalog: Catalog, rel: Relation, columns: tuple[str, ...]) -> str:
    """A name for a new index: ``<table>_<col>_<col>_idx`` (``..._idx1``, ``..._idx2`` when taken,
    as PostgreSQL itself picks), cut to the 63-byte limit. Indexes share their schema's namespace
    with tables, views and sequences."""
    used = memo(catalog, "taken_names", lambda: _taken_names(catalog)).get(rel.schema, frozenset())
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


def _taken_names(catalog: Catalog) -> dict[str, frozenset[str]]:
    """Every name taken in each schema's relation namespace (relations, sequences, indexes)."""
    out: dict[str, frozenset[str]] = {}
    for name, schema in catalog.schemas.items():
        used: set[str] = set(schema.relations)
        used.update(schema.sequences)
        for r in schema.relations.values():
            used.update(r.indexes)
        out[name] = frozenset(used)
    return out


TypedColumn = tuple[Relation, str, Column, str]  # table, its key, column, canonical type


class _TypedColumns(NamedTuple):
    rows: tuple[TypedColumn, ...]
    by_type: dict[str, list[int]]  # canonical type -> positions in rows
    by_name: dict[str, list[int]]  # column name -> positions in rows


def typed_columns(
    managed: frozenset[str],
    catalog: Catalog,
    *,
    partitions: bool = False,
    types: Callable[[str], object] | None = None,
    names: Container[str] | None = None,
) -> Iterator[TypedColumn]:
    """(table, its key, column, canonical type) for the columns with a declared type of the tables outside
    ``managed`` schemas that declare their columns, in catalog order. A partition's columns are its
    parent's: listed only with ``partitions``.

    With ``types``, only the columns whose canonical type it accepts; with ``names``, only those
    of these names. ``types`` is asked once per distinct type, so a rule looking for a type no
    column has costs nothing per column. The columns are read once per catalog and shared by the
    rules."""
    typed = memo(catalog, "typed_columns", lambda: _typed_columns(catalog))

    def wanted(row: TypedColumn) -> bool:
        return row[0].schema not in managed and (partitions or row[0].partition_of is None)

    if types is None and names is None:
        return iter(
            memo(
                catalog,
                f"typed_columns:{partitions}:{sorted(managed)}",
                lambda: tuple(filter(wanted, typed.rows)),
            )
        )
    rows = typed.rows
    if types is not None:
        positions = [i for t, at in typed.by_type.items() if types(t) for i in at]
        if names is not None:
            positions = [i for i in positions if rows[i][2].name in names]
    elif names is not None:
        positions = [i for n, at in typed.by_name.items() if n in names for i in at]
    positions.sort()
    return filter(wanted, map(rows.__getitem__, positions))


def _typed_columns(catalog: Catalog) -> _TypedColumns:
    """Every column with a declared type of every table that declares its columns."""
    rows: list[TypedColumn] = []
    by_type: dict[str, list[int]] = {}
    by_name: dict[str, list[int]] = {}
    canonical: dict[str, dict[str, str]] = {}  # schema -> type as written -> canonical type
    for rel, key, columns, _constraints, _indexes, _policies in table_parts(catalog):
        if not columns or not rel.is_declared("columns"):
            continue
        schema = rel.schema
        known = canonical.setdefault(schema, {})
        for col in columns:
            if not col.is_declared("type"):
                continue
            typ = known.get(col.type)
            if typ is None:
                typ = known[col.type] = canonical_type(col.type, schema)
            at = len(rows)
            rows.append((rel, key, col, typ))
            same = by_type.get(typ)
            if same is None:
                by_type[typ] = [at]
            else:
                same.append(at)
            same = by_name.get(col.name)
            if same is None:
                by_name[col.name] = [at]
            else:
                same.append(at)
    return _TypedColumns(tuple(rows), by_type, by_name)


def pins_search_path(fn: Function) -> bool:
    """The function sets its own search_path (``SET search_path = ...`` in its configuration)."""
    return any(c.split("=", 1)[0].strip().lower() == "search_path" for c in fn.config)
