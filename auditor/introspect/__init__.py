"""READ live: a database's schema from pg_catalog, as one :class:`~auditor.model.Catalog`.

A fixed number of set-based queries (one ``.sql`` file per object kind, see
:mod:`auditor.introspect.queries`) run inside one read-only snapshot, whatever the schema size.
Each runs under a SAVEPOINT: a query the role may not run (InsufficientPrivilege) becomes a
:class:`~auditor.model.Gap` and the reading carries on, so a role that cannot see something yields
an *incomplete* catalog, never a silently smaller one. Any other database error is a
:class:`~auditor.errors.DatabaseError` (exit 3).

The catalog functions the queries call (``pg_get_indexdef``, ``format_type`` ...) look objects up
in the server's current catalog, not the snapshot: an object dropped by DDL running meanwhile
fails them with "cache lookup failed for relation N". :func:`introspect` then reads again once, in
a fresh snapshot, and if that races too says so (exit 3) with a hint.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

import psycopg

from auditor.connect import Timeouts, database_error, export_snapshot, redact, snapshot
from auditor.errors import DatabaseError
from auditor.introspect import queries
from auditor.introspect.build import CatalogBuilder, Grants, Row, Rows, acl_texts, role_names, schema_filter
from auditor.introspect.merge import overlay
from auditor.introspect.objectset import MEMBER_KINDS, ObjectSet
from auditor.memory import gc_paused
from auditor.model import Catalog, Gap

__all__ = ["ObjectSet", "introspect", "introspect_connection", "overlay"]

# Queries with a narrower fallback to run when the role may not read all the first one reads.
_FALLBACK = {"functions": "functions_without_body"}

# What a whole-query gap is about, for its message.
_NOUN = {
    "schemas": "schemas",
    "relations": "tables, views and their columns, constraints, indexes, policies and triggers",
    "columns": "columns",
    "constraints": "constraints",
    "indexes": "indexes",
    "policies": "policies",
    "triggers": "triggers",
    "functions": "functions",
    "sequences": "sequences",
    "enums": "enum types",
    "domains": "domains",
    "collations": "collations",
    "extensions": "extensions",
    "extension_relations": "tables extensions own",
    "default_privileges": "default privileges",
    "acls": "privileges (grants)",
    "roles": "roles",
}


def introspect(
    dsn: str,
    *,
    timeouts: Timeouts | None = None,
    include_schemas: Sequence[str] = (),
    exclude_schemas: Sequence[str] = (),
    on_query: Callable[[str], None] | None = None,
    jobs: int | None = None,
    only: ObjectSet | None = None,
    on_rows: Callable[[str, int], None] | None = None,
) -> Catalog:
    """Read the schema of the database at ``dsn`` in one read-only REPEATABLE READ snapshot.

    ``include_schemas``/``exclude_schemas`` take names or fnmatch globs; system schemas and
    extension members are always left out. ``on_query`` is called with the kind of each catalog
    query, once per query. ``jobs`` connections (1 or 2; None: 2 from :data:`PARALLEL_FROM`
    relations on, else 1) share the work, all in the same snapshot. Raises
    :class:`DatabaseError` when the database cannot be reached or read.

    ``only`` makes it a partial read: only the objects of that set are read in full, each catalog
    query filtered on the server (the same queries, their cost following the objects asked for),
    and the catalog holds just those objects (see :func:`introspect_connection`); the include/exclude
    filter still applies. :func:`overlay` puts such a part over a whole catalog. ``on_rows`` is
    called with each query's kind and the number of rows it returned.
    """
    for attempt in (1, 2):
        try:
            with snapshot(dsn, timeouts=timeouts) as conn:
                # exported before anything is read: a refusal restarts the transaction (auditor.connect)
                shared = export_snapshot(conn, timeouts) if jobs != 1 else None
                return introspect_connection(
                    conn,
                    include_schemas=include_schemas,
                    exclude_schemas=exclude_schemas,
                    on_query=on_query,
                    helpers=_Helpers(dsn, timeouts, jobs, shared) if shared else None,
                    only=only,
                    on_rows=on_rows,
                )
        except CatalogRace as e:
            if attempt == 2:
                raise DatabaseError(
                    f"{e.message} (read twice, each time while DDL changed the catalog)",
                    hint="audit when no migration or other DDL is running, or run the audit again",
                ) from None
    raise AssertionError("unreachable")


class CatalogRace(DatabaseError):
    """A catalog function met an object that DDL dropped after the snapshot was taken."""


# What the catalog functions say about an object dropped under the snapshot (SQLSTATE XX000).
_RACE = re.compile(
    r"cache lookup failed for |could not open relation with OID |relation with OID \d+ does not exist"
)


# From this many relations on, a second connection in the same snapshot reads half the kinds: the
# server's deparsing is most of the time (issue 8), and two backends deparse in parallel. Below it
# the second connection costs more than it saves. (pg_dump -j shares its snapshot the same way.)
PARALLEL_FROM = 500


@dataclass(frozen=True)
class _Helpers:
    """Where to open the second connection, whether to (``jobs``; None: by the schema's size), and
    the exported snapshot it imports."""

    dsn: str
    timeouts: Timeouts | None
    jobs: int | None
    snapshot_id: str

    def second_connection(self, relations: int) -> bool:
        if self.jobs is not None:
            return self.jobs >= 2
        return relations >= PARALLEL_FROM


class _Reader:
    def __init__(
        self,
        conn: psycopg.Connection[Any],
        major: int,
        on_query: Callable[[str], None] | None,
        on_rows: Callable[[str, int], None] | None = None,
    ):
        self.conn = conn
        self.major = major
        self.on_query = on_query
        self.on_rows = on_rows
        self.gaps: list[Gap] = []

    def run(self, kind: str, params: dict[str, Any]) -> list[Row] | None:
        """Rows of ``kind``'s query, or None (and a Gap) when the role may not read them."""
        try:
            return self._run(kind, params)
        except psycopg.errors.InsufficientPrivilege as e:
            reason = _first_line(e)
        fallback = _FALLBACK.get(kind)
        if fallback is not None:
            try:
                # the per-object NULLs of the narrower query become gaps when the catalog is built
                return self._run(fallback, params)
            except psycopg.errors.InsufficientPrivilege as e:
                reason = _first_line(e)
        self.gaps.append(Gap(kind, f"all {_NOUN.get(kind, kind)}", reason))
        return None

    def _run(self, kind: str, params: dict[str, Any]) -> list[Row]:
        query = queries.load(kind, self.major)
        if self.on_query is not None:
            self.on_query(kind)
        try:
            # a savepoint, so that a refused query leaves the snapshot usable for the next ones
            with self.conn.transaction(), self.conn.cursor() as cur:
                cur.execute(query, params)
                rows = cur.fetchall()
            if self.on_rows is not None:
                self.on_rows(kind, len(rows))
            return rows
        except psycopg.errors.InsufficientPrivilege:
            raise
        except psycopg.Error as e:
            error = database_error(e, f"reading {_NOUN.get(kind, kind)}")
            if e.sqlstate == "XX000" and _RACE.search(str(e)):
                raise CatalogRace(error.message, hint=error.hint) from None
            raise error from None


def introspect_connection(
    conn: psycopg.Connection[Any],
    *,
    include_schemas: Sequence[str] = (),
    exclude_schemas: Sequence[str] = (),
    on_query: Callable[[str], None] | None = None,
    helpers: _Helpers | None = None,
    only: ObjectSet | None = None,
    on_rows: Callable[[str, int], None] | None = None,
) -> Catalog:
    """Read the schema through ``conn``, normally already inside one read-only REPEATABLE READ
    transaction (see :func:`auditor.connect.snapshot`), so that every query sees the same snapshot.

    An idle connection gets such a transaction for the duration of the read. Either way the
    ``search_path`` is ``pg_catalog`` while reading (and put back afterwards): deparsed types and
    expressions then name every schema, whichever session reads them.

    With ``only`` (a partial read) the catalog's schemas hold the objects of the set that exist
    (a relation with everything on it and the sequences its columns own) and the rows of the
    schemas the set names; a schema the set names that does not exist (or that include/exclude
    leaves out) is absent. What is catalog-wide is read whole, as by a whole read, for it is cheap:
    extensions, the tables extensions own, default privileges; roles are those the part names.
    """
    try:
        if conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE:
            with conn.transaction():
                conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                return _read_with_catalog_path(
                    conn, include_schemas, exclude_schemas, _Hooks(on_query, on_rows), helpers, only
                )
        return _read_with_catalog_path(
            conn, include_schemas, exclude_schemas, _Hooks(on_query, on_rows), helpers, only
        )
    except psycopg.Error as e:
        raise database_error(e, "preparing to read the catalog") from None


# Settings held for the duration of the read (local to the transaction, put back afterwards):
# search_path so that deparsed types and expressions name every schema; jit off because compiling
# the catalog queries costs more than running them (measured: 0.6 s of a 0.85 s query on PG 15).
_READ_SETTINGS = {"search_path": "pg_catalog", "jit": "off"}


def _read_with_catalog_path(
    conn: psycopg.Connection[Any],
    include_schemas: Sequence[str],
    exclude_schemas: Sequence[str],
    hooks: _Hooks,
    helpers: _Helpers | None,
    only: ObjectSet | None,
) -> Catalog:
    row = conn.execute("SELECT current_setting('search_path'), current_setting('jit', true)").fetchone()
    previous = dict(zip(_READ_SETTINGS, row or (), strict=True))
    changed = {k: v for k, v in _READ_SETTINGS.items() if previous.get(k) not in (v, None)}
    for name, value in changed.items():
        conn.execute("SELECT set_config(%s, %s, true)", (name, value))
    try:
        with gc_paused():
            return _read(conn, include_schemas, exclude_schemas, hooks, helpers, only)
    finally:
        if conn.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS:
            for name in changed:
                conn.execute("SELECT set_config(%s, %s, true)", (name, previous[name]))


@dataclass(frozen=True)
class _Hooks:
    """The caller's callbacks: each query's kind, each query's row count."""

    on_query: Callable[[str], None] | None = None
    on_rows: Callable[[str, int], None] | None = None


def _only_params(only: ObjectSet | None, kind: str, oid_of: dict[str, int]) -> dict[str, Any]:
    """The parameters that filter a query to the objects of ``kind`` in ``only`` (schema oids and
    names as parallel arrays); NULL for a whole read."""
    if only is None:
        return {"only_nsp": None, "only_name": None}
    pairs = [(oid_of[s], n) for s, n in only.pairs(kind) if s in oid_of]
    return {"only_nsp": [p[0] for p in pairs], "only_name": [p[1] for p in pairs]}


def _read(
    conn: psycopg.Connection[Any],
    include_schemas: Sequence[str],
    exclude_schemas: Sequence[str],
    hooks: _Hooks,
    helpers: _Helpers | None,
    only: ObjectSet | None,
) -> Catalog:
    num = conn.info.server_version
    major = num // 10000
    if major < queries.MIN_MAJOR:
        raise DatabaseError(
            f"PostgreSQL {major} is not supported: the catalog queries need {queries.MIN_MAJOR} or later",
            hint="audit a newer server",
        )
    version = f"{major}.{num % 10000}"
    reader = _Reader(conn, major, hooks.on_query, hooks.on_rows)
    rows = Rows()

    rows.schemas = reader.run("schemas", {})
    all_names = {r[0]: r[1] for r in rows.schemas or ()}
    kept = schema_filter(all_names.values(), include_schemas, exclude_schemas)
    schema_names = {oid: name for oid, name in all_names.items() if name in kept}
    schema_oids = list(schema_names)
    by_schema = {"schemas": schema_oids}
    oid_of = {name: oid for oid, name in schema_names.items()}
    by_kind = {kind: {**by_schema, **_only_params(only, o, oid_of)} for kind, o in MEMBER_KINDS.items()}

    named = None if only is None else {oid_of[s] for s in only.schemas() if s in oid_of}
    builder = CatalogBuilder(schema_names, only_schemas=named)
    rows.relations = reader.run("relations", by_kind["relations"])
    relids = [r[0] for r in rows.relations or ()]
    by_relation = {"relations": relids}
    # a partial read also reads the sequences the columns of its relations own
    by_kind["sequences"]["owners"] = relids if only is not None else None
    with ExitStack() as stack:
        # Queries run on a thread per connection, one after another, while this thread builds each
        # kind as soon as its rows arrive (psycopg waits without the GIL): the server deparses while
        # Python builds. Constraints and indexes (a third of the deparsing each) go to a second
        # connection when the schema is large, so that two backends deparse at once.
        second = _second_connection(stack, major, hooks, helpers, len(relids)) if relids else None
        on_main = _Queue(stack, reader, "main")
        on_second = _Queue(stack, second, "second") if second is not None else on_main
        pending: dict[str, Future[list[Row] | None]] = {}
        if rows.relations is not None:
            for kind in _PER_RELATION:
                queue = on_second if kind in _SECOND_KINDS else on_main
                pending[kind] = queue.submit(kind, by_relation)
        for kind in ("functions", "sequences", "enums", "domains", "collations"):
            pending[kind] = on_main.submit(kind, by_kind[kind])
        for kind in ("extensions", "extension_relations", "default_privileges"):
            pending[kind] = on_main.submit(kind, {})
        if rows.relations is not None:
            builder.add_relations(rows.relations)
            # columns first: the other per-relation kinds name their columns through them
            for kind in _PER_RELATION:
                kind_rows = pending[kind].result()
                setattr(rows, kind, kind_rows)
                if kind_rows is not None:
                    getattr(builder, f"add_{kind}")(kind_rows)
        for kind in (
            "functions",
            "sequences",
            "enums",
            "domains",
            "collations",
            "extensions",
            "extension_relations",
            "default_privileges",
        ):
            setattr(rows, kind, pending[kind].result())
    rows.acls = reader.run("acls", {"acls": acl_texts(rows)})
    grants = Grants(rows.acls)
    rows.roles = reader.run("roles", {"names": role_names(rows, grants)})
    rows.gaps = [*reader.gaps, *(second.gaps if second is not None else ())]
    return builder.finish(rows, grants, server_version=version, server_version_num=num)


_PER_RELATION = ("columns", "constraints", "indexes", "policies", "triggers")
_SECOND_KINDS = ("constraints", "indexes")


class _Queue:
    """One connection's queries, run in submission order on a thread of its own; closed (what is
    not started yet is cancelled, e.g. after an error) by ``stack``."""

    def __init__(self, stack: ExitStack, reader: _Reader, name: str) -> None:
        self.reader = reader
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"introspect-{name}")
        stack.callback(self.pool.shutdown, wait=True, cancel_futures=True)
        stack.push(self._cancel_on_error)  # runs first: the shutdown then waits for nothing long

    def _cancel_on_error(self, exc_type: type[BaseException] | None, *_: object) -> None:
        """On an error or an interrupt (Ctrl-C) in the reading thread, cancel the query this
        connection is running rather than wait for it (up to the statement timeout)."""
        if exc_type is not None:
            with contextlib.suppress(Exception):
                self.reader.conn.cancel_safe()

    def submit(self, kind: str, params: dict[str, Any]) -> Future[list[Row] | None]:
        return self.pool.submit(self.reader.run, kind, params)


def _second_connection(
    stack: ExitStack,
    major: int,
    hooks: _Hooks,
    helpers: _Helpers | None,
    relations: int,
) -> _Reader | None:
    """A reader on a second connection in this transaction's exported snapshot, closed by ``stack``;
    None when one connection is wanted, or a second cannot be had (a connection limit, say): then
    the first reads it all."""
    if helpers is None or not helpers.second_connection(relations):
        return None
    try:
        second = stack.enter_context(
            snapshot(helpers.dsn, timeouts=helpers.timeouts, import_snapshot=helpers.snapshot_id)
        )
        # the settings the first connection reads with (_read_with_catalog_path)
        second.execute("; ".join(f"SET LOCAL {k} = {v}" for k, v in _READ_SETTINGS.items()).encode())
    except (psycopg.Error, DatabaseError):
        return None
    return _Reader(second, major, hooks.on_query, hooks.on_rows)


def _first_line(e: BaseException) -> str:
    lines = str(e).strip().splitlines()
    return redact(lines[0] if lines else type(e).__name__)
