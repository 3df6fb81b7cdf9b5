"""Options shared by several commands."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

from auditor.defaults import DEFAULT_LOCK_TIMEOUT_MS, DEFAULT_STATEMENT_TIMEOUT_MS
from auditor.errors import UsageError

if TYPE_CHECKING:  # auditor.connect loads psycopg: only a command that connects imports it
    from auditor.connect import Timeouts


def add_database_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("database")
    g.add_argument("--dsn", help="live database (default: DATABASE_URL, else the PG* variables)")
    g.add_argument(
        "--statement-timeout",
        type=int,
        default=DEFAULT_STATEMENT_TIMEOUT_MS,
        metavar="MS",
        help=f"per-statement timeout in ms (default {DEFAULT_STATEMENT_TIMEOUT_MS})",
    )
    g.add_argument(
        "--lock-timeout",
        type=int,
        default=DEFAULT_LOCK_TIMEOUT_MS,
        metavar="MS",
        help=f"lock wait timeout in ms (default {DEFAULT_LOCK_TIMEOUT_MS})",
    )
    g.add_argument(
        "--jobs",
        type=int,
        choices=(1, 2),
        default=None,
        metavar="N",
        help="connections reading the catalog, 1 or 2, in one snapshot (default: 2 from 500 tables on)",
    )
    g.add_argument(
        "--include-schema",
        action="append",
        default=[],
        metavar="GLOB",
        help="only these schemas (repeatable; globs allowed)",
    )
    g.add_argument(
        "--exclude-schema",
        action="append",
        default=[],
        metavar="GLOB",
        help="leave these schemas out (repeatable; globs allowed)",
    )


# libpq's variables that say where or as whom to connect: one of them set names a database.
PG_VARIABLES = ("PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE")


def require_database(dsn: str, command: str, *, alternatives: str = "") -> None:
    """A usage error (exit 2) when nothing names a database: no --dsn, no DATABASE_URL, no PG*
    variable. Connecting to libpq's defaults (the local socket, the user's name) would read
    whatever database happens to be there, and report it."""
    if dsn or any(os.environ.get(v) for v in PG_VARIABLES):
        return
    raise UsageError(
        f"{command}: no database named",
        hint=f"pass --dsn postgresql://user@host:port/dbname, or set DATABASE_URL (or PGHOST, PGDATABASE)"
        f"{alternatives}",
    )


def timeouts(args: argparse.Namespace) -> Timeouts:
    from auditor.connect import Timeouts

    return Timeouts(statement_ms=args.statement_timeout, lock_ms=args.lock_timeout)


def add_cache_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("cache")
    g.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="where the loaded spec and the live catalog last read are kept, so that an unchanged spec "
        "is not parsed again and an unchanged live database not read again "
        "(default: $XDG_CACHE_HOME/schema-auditor, else ~/.cache/schema-auditor)",
    )
    g.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")


def cache_dir(args: argparse.Namespace) -> str | None:
    """The cache directory the flags name (None: no cache). A directory that is not this user's
    own, or that others may write, is not used (auditor.spec.cache)."""
    if getattr(args, "no_cache", False):
        if getattr(args, "cache_dir", None):
            raise UsageError("--cache-dir and --no-cache contradict each other")
        return None
    named = getattr(args, "cache_dir", None)
    if named:
        return str(named)
    from auditor.spec.cache import default_dir

    return str(default_dir())
