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
