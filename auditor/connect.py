"""Connections to a database, harmless against production.

Every read runs in one ``REPEATABLE READ READ ONLY`` transaction (one consistent snapshot) with a
statement and a lock timeout, ``application_name = schema-auditor`` and a fixed ``search_path`` so
that deparsed expressions do not depend on the session. No password ever reaches a message.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
from psycopg import conninfo as _conninfo
from psycopg import sql

from auditor.defaults import DEFAULT_LOCK_TIMEOUT_MS as DEFAULT_LOCK_TIMEOUT_MS
from auditor.defaults import DEFAULT_STATEMENT_TIMEOUT_MS as DEFAULT_STATEMENT_TIMEOUT_MS
from auditor.errors import DatabaseError, UsageError
from auditor.redact import redact, register_dsn

__all__ = ["redact"]  # re-exported: the one redaction lives in auditor.redact

APPLICATION_NAME = "schema-auditor"
DEFAULT_CONNECT_TIMEOUT_S = 10


@dataclass(frozen=True)
class Timeouts:
    statement_ms: int = DEFAULT_STATEMENT_TIMEOUT_MS
    lock_ms: int = DEFAULT_LOCK_TIMEOUT_MS
    connect_s: int = DEFAULT_CONNECT_TIMEOUT_S


def resolve_dsn(dsn: str | None) -> str:
    """``--dsn``, else ``DATABASE_URL``, else "" (libpq then reads PGHOST, PGDATABASE, ...).
    Its password is hidden in every output from here on."""
    chosen = dsn or os.environ.get("DATABASE_URL", "")
    register_dsn(chosen)
    if chosen:  # a malformed DSN is a usage error now, before any other work
        _check_dsn(chosen, "--dsn" if dsn else "DATABASE_URL")
    return chosen


def describe(dsn: str) -> str:
    """A short, password-free description of where a DSN points (for messages and reports)."""
    try:
        params = _conninfo.conninfo_to_dict(dsn)
    except psycopg.ProgrammingError:
        return "<invalid DSN>"
    # A raw '@' in a URL password makes libpq read the rest of the password as the host: keep the part
    # after the last '@', the host the author meant.
    host = str(params.get("host") or os.environ.get("PGHOST") or "localhost").rpartition("@")[2]
    port = str(params.get("port") or os.environ.get("PGPORT") or "5432")
    db = str(params.get("dbname") or os.environ.get("PGDATABASE") or params.get("user") or "")
    if host.startswith("/"):
        return f"{db} on socket {host}"
    return f"{db} on {host}:{port}"


def _check_dsn(dsn: str, where: str = "") -> None:
    try:
        _conninfo.conninfo_to_dict(dsn)
    except psycopg.ProgrammingError as e:
        # Not a DSN at all is a usage error (exit 2), like any bad flag: the fix is in the command
        # line or the environment. A well-formed DSN that cannot be reached stays exit 3.
        raise UsageError(
            f"invalid DSN{f' in {where}' if where else ''}: {redact(str(e).splitlines()[0])}",
            hint="use postgresql://user@host:port/dbname or 'host=... dbname=...'",
        ) from None


def connect(dsn: str, *, timeouts: Timeouts | None = None, autocommit: bool = False) -> psycopg.Connection:
    """Open a connection or raise :class:`DatabaseError` (exit 3) with a one-line message."""
    t = timeouts or Timeouts()
    register_dsn(dsn)
    _check_dsn(dsn)
    try:
        conn = psycopg.connect(
            dsn,
            application_name=APPLICATION_NAME,
            connect_timeout=t.connect_s,
            autocommit=autocommit,
        )
    except psycopg.OperationalError as e:
        raise DatabaseError(
            f"cannot connect to {describe(dsn)}: {_first_line(e)}",
            hint="check the DSN (--dsn or DATABASE_URL), that the server runs and accepts you",
        ) from None
    return conn


@contextmanager
def snapshot(
    dsn: str, *, timeouts: Timeouts | None = None, import_snapshot: str | None = None
) -> Iterator[psycopg.Connection]:
    """A connection inside one read-only REPEATABLE READ transaction, rolled back at the end.

    ``import_snapshot`` (an :func:`export_snapshot` id) makes it see exactly what the exporting
    transaction sees, as pg_dump's parallel workers do.
    """
    t = timeouts or Timeouts()
    conn = connect(dsn, timeouts=t)
    try:
        try:
            _begin(conn, t, import_snapshot)
        except psycopg.Error as e:
            where = describe(dsn)
            raise DatabaseError(f"cannot start a read-only snapshot on {where}: {_first_line(e)}") from None
        yield conn
    finally:
        try:
            conn.rollback()
        finally:
            conn.close()


def export_snapshot(conn: psycopg.Connection, timeouts: Timeouts | None = None) -> str | None:
    """The id other connections import to share ``conn``'s snapshot (``pg_export_snapshot``), or
    None when the server refuses; then ``conn``'s transaction is started again, so call this before
    reading anything with it."""
    try:
        row = conn.execute("SELECT pg_export_snapshot()").fetchone()
        return str(row[0]) if row else None
    except psycopg.Error:
        conn.rollback()
        _begin(conn, timeouts or Timeouts(), None)
        return None


def _begin(conn: psycopg.Connection, t: Timeouts, import_snapshot: str | None) -> None:
    """Start the read-only snapshot transaction with its timeouts, in one round trip."""
    setup = ["BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"]
    if import_snapshot is not None:  # must come first in the transaction
        setup.append(sql.SQL("SET TRANSACTION SNAPSHOT {}").format(import_snapshot).as_string(conn))
    setup += [
        f"SET LOCAL statement_timeout = '{int(t.statement_ms)}ms'",
        f"SET LOCAL lock_timeout = '{int(t.lock_ms)}ms'",
        "SET LOCAL search_path = pg_catalog",
    ]
    conn.execute("; ".join(setup).encode())


def database_error(e: psycopg.Error, doing: str) -> DatabaseError:
    """Turn a driver error met while reading into a one-line DatabaseError."""
    msg = _first_line(e)
    hint = None
    if isinstance(e, psycopg.errors.InsufficientPrivilege):
        hint = "grant the auditing role read access to the catalog (pg_read_all_settings is not needed)"
    elif isinstance(e, psycopg.errors.QueryCanceled):
        hint = "raise --statement-timeout, or audit at a quieter time"
    elif isinstance(e, psycopg.errors.LockNotAvailable):
        hint = "another session holds a lock; raise --lock-timeout or retry"
    return DatabaseError(f"{doing}: {msg}", hint=hint)


def _first_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return redact(text[0] if text else type(e).__name__)
