"""``schema-auditor history --dsn ... [--migrations DIR]``: applied migrations against the repository.

Exit 0 when no finding is at or above ``--fail-on`` (default ``error``), 1 when one is, 2 for bad
input, 3 when the database cannot be read. Pending migrations are warnings: a pre-deploy gate adds
``--fail-on HIS001`` (or ``history:warning``) to fail on them.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from auditor.cli.common import add_database_options, timeouts
from auditor.exitcodes import EXIT_CODES_HELP, ExitCode


def register(sub: Any) -> None:
    p = sub.add_parser(
        "history",
        help="compare the database's applied-migrations table with the migrations folder",
        description="Read the migration history table (Supabase supabase_migrations.schema_migrations, "
        "Flyway flyway_schema_history, or --history-table) and report pending (HIS001), unknown (HIS002), "
        "modified (HIS003), out-of-order (HIS004) and failed (HIS006) migrations; no history table is "
        "HIS005, never clean.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_database_options(p)
    p.add_argument("--migrations", metavar="DIR", help="migrations folder (default: migrations/)")
    p.add_argument(
        "--history-table",
        metavar="TABLE",
        help="auto (default), supabase, flyway, or schema.table",
    )
    p.add_argument("--config", metavar="FILE", help="configuration file")
    p.add_argument(
        "--fail-on",
        action="append",
        metavar="SELECTORS",
        help="what makes the run exit 1 (default: drift,error)",
    )
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from auditor.cli.lint_migrations import print_findings
    from auditor.config import fail_policy, load_config
    from auditor.connect import resolve_dsn
    from auditor.errors import UsageError
    from auditor.findings import Level
    from auditor.migrations.history import NO_TABLE, history_findings

    config = load_config(explicit=args.config)
    policy = fail_policy(args.fail_on, config)
    table = args.history_table or config.get("history_table")
    if table == NO_TABLE:
        raise UsageError(
            "--history-table none: the project keeps no migration history, so there is nothing to check",
            hint="name the history table (--history-table schema.table), or leave the history command out",
        )
    # Checking the history is this command's whole job: no history table fails it.
    findings = history_findings(
        resolve_dsn(args.dsn),
        args.migrations or config.get("migrations"),
        table=table,
        timeouts=timeouts(args),
        no_table_level=Level.ERROR,
    )
    if args.format == "json":
        json.dump([f.to_dict() for f in findings], sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print_findings(findings)
    return int(ExitCode.FINDINGS if policy.failing(findings) else ExitCode.OK)
