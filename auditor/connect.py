"""Connections to a database, harmless against production.

Every read runs in one ``REPEATABLE READ READ ONLY`` transaction (one consistent snapshot) with a
statement and a lock timeout, ``application_name = schema-auditor`` and a fixed ``search_path`` so
that deparsed expressions do not depend on the session. No password ever reaches a message.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
from psycopg import conninfo as _conninfo

from auditor.errors import DatabaseError

APPLICATION_NAME = "schema-auditor"
DEFAULT_STATEMENT_TIMEOUT_MS = 30_000
DEFAULT_LOCK_TIMEOUT_MS = 2_000
DEFAULT_CONNECT_TIMEOUT_S = 10

_PASSWORD_IN_URL = re.compile(r"(?P<pre>[a-z][a-z0-9+.-]*://[^/@:\s]*:)(?P<pw>[^@\s]*)(?=@)", re.I)
_PASSWORD_KV = re.compile(r"(?P<pre>\bpassword\s*=\s*)(?P<pw>'(?:[^'\\]|\\.)*'|\S+)", re.I)


@dataclass(frozen=True)
class Timeouts:
    statement_ms: int = DEFAULT_STATEMENT_TIMEOUT_MS
    lock_ms: int = DEFAULT_LOCK_TIMEOUT_MS
    connect_s: int = DEFAULT_CONNECT_TIMEOUT_S


def redact(text: str) -> str:
    """Remove passwords from any text that may hold a DSN (URL or key=value form)."""
    text = _PASSWORD_IN_URL.sub(lambda m: m.group("pre") + "***", text)
    return _PASSWORD_KV.sub(lambda m: m.group("pre") + "***", text)


def resolve_dsn(dsn: str | None) -> str:
    """``--dsn``, else ``DATABASE_URL``, else "" (libpq then reads PGHOST, PGDATABASE, ...)."""
    if dsn:
        return dsn
    return os.environ.get("DATABASE_URL", "")


def describe(dsn: str) -> str:
    """A short, password-free description of where a DSN points (for messages and reports)."""
    try:
        params = _conninfo.conninfo_to_dict(dsn)
    except psycopg.ProgrammingError:
        return "<invalid DSN>"
    host = str(params.get("host") or os.environ.get("PGHOST") or "localhost")
    port = str(params.get("port") or os.environ.get("PGPORT") or "5432")
    db = str(params.get("dbname") or os.environ.get("PGDATABASE") or params.get("user") or "")
    if host.startswith("/"):
        return f"{db} on socket {host}"
    return f"{db} on {host}:{port}"


def _check_dsn(dsn: str) -> None:
    try:
        _conninfo.conninfo_to_dict(dsn)
    except psycopg.ProgrammingError as e:
        # A database we cannot even address is a database we cannot reach: exit 3, like a refusal.
        raise DatabaseError(
            f"invalid DSN: {redact(str(e).splitlines()[0])}",
            hint="use postgresql://user@host:port/dbname or 'host=... dbname=...'",
        ) from None


def connect(dsn: str, *, timeouts: Timeouts | None = None, autocommit: bool = False) -> psycopg.Connection:
    """Open a connection or raise :class:`DatabaseError` (exit 3) with a one-line message."""
    t = timeouts or Timeouts()
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
def snapshot(dsn: str, *, timeouts: Timeouts | None = None) -> Iterator[psycopg.Connection]:
    """A connection inside one read-only REPEATABLE READ transaction, rolled back at the end."""
    t = timeouts or Timeouts()
    conn = connect(dsn, timeouts=t)
    try:
        try:
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            conn.execute("SELECT set_config('statement_timeout', %s, true)", (f"{t.statement_ms}ms",))
            conn.execute("SELECT set_config('lock_timeout', %s, true)", (f"{t.lock_ms}ms",))
            conn.execute("SELECT set_config('search_path', 'pg_catalog', true)")
        except psycopg.Error as e:
            where = describe(dsn)
            raise DatabaseError(f"cannot start a read-only snapshot on {where}: {_first_line(e)}") from None
        yield conn
    finally:
        try:
            conn.rollback()
        finally:
            conn.close()


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
