"""Options shared by several commands."""

from __future__ import annotations

import argparse

from auditor.connect import DEFAULT_LOCK_TIMEOUT_MS, DEFAULT_STATEMENT_TIMEOUT_MS, Timeouts


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


def timeouts(args: argparse.Namespace) -> Timeouts:
    return Timeouts(statement_ms=args.statement_timeout, lock_ms=args.lock_timeout)
