"""``schema-auditor fix``: keep what live has, as a new migration.

Reads the JSON report of an audit (``reports/audit.json``), takes the drift findings selected by
``--code`` and ``--object`` (globs; every drift finding with a fix by default) and writes their
*keep it* SQL (the finding's ``extra.keep_sql``: what the migrations need to make what live has)
as one new file in the migrations folder, named in the folder's own scheme. Each statement is
written to run twice harmlessly (``IF [NOT] EXISTS``, ``OR REPLACE``), so applying the migration to
live, where the change already is, changes nothing and records it. Statements that destroy data
are refused unless ``--allow-destructive`` is given, and are then marked in the file.

Exit 0 when a file was written (or, with ``--dry-run``, printed), 2 for bad input or when no
selected finding has a fix.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import sys
from pathlib import Path
from typing import Any

from auditor.exitcodes import EXIT_CODES_HELP, ExitCode


def register(sub: Any) -> None:
    p = sub.add_parser(
        "fix",
        help="write a new migration that keeps what live has, from an audit's findings",
        description="Write the 'keep it' fix of the selected drift findings of an audit report as a "
        "new migration file, named in the migrations folder's scheme (timestamp_name.sql, Flyway's "
        "V<n>__name.sql, or numbered). The other fix, 'revert live', is each finding's fix_sql.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--report",
        metavar="FILE",
        default=None,
        help="audit JSON report (default: audit.json in the project's reports folder, reports/)",
    )
    p.add_argument(
        "--migrations",
        metavar="DIR",
        default=None,
        help="migrations folder (default: the project's, found upward as `audit` finds it: the config "
        "file's, supabase/migrations in a Supabase project, else migrations/)",
    )
    p.add_argument("--code", action="append", metavar="GLOB", help="finding codes to take (repeatable)")
    p.add_argument("--object", action="append", metavar="GLOB", help="object paths to take (repeatable)")
    p.add_argument("--name", default="keep_live_changes", help="the migration's name (default: %(default)s)")
    p.add_argument(
        "--allow-destructive",
        action="store_true",
        help="also write statements that drop tables or columns (marked in the file)",
    )
    p.add_argument("--dry-run", action="store_true", help="print the migration instead of writing it")
    p.set_defaults(run=run)


def _read_report(path: Path) -> list[dict[str, Any]]:
    from auditor.errors import InputError
    from auditor.model import Location

    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            f"report {path} not found", hint="run 'schema-auditor audit' first, or name it with --report"
        ) from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read report {path}: {e}", location=Location(str(path))) from None
    except json.JSONDecodeError as e:
        raise InputError(
            f"report {path} is not JSON: {e.msg}",
            location=Location(str(path), e.lineno, e.colno),
            hint="give the audit.json an audit wrote",
        ) from None
    if not isinstance(doc, dict) or doc.get("format") != "schema-auditor-report":
        raise InputError(
            f"{path} is not a schema-auditor JSON report",
            location=Location(str(path), 1),
            hint="give audit.json",
        )
    findings = doc.get("findings")
    return [f for f in findings if isinstance(f, dict)] if isinstance(findings, list) else []


def _selected(f: dict[str, Any], codes: list[str] | None, objects: list[str] | None) -> bool:
    if f.get("category") != "drift" or f.get("suppressed") is not None:
        return False
    if codes and not any(fnmatch.fnmatchcase(str(f.get("code")), c) for c in codes):
        return False
    return not objects or any(fnmatch.fnmatchcase(str(f.get("object")), o) for o in objects)


def build_migration(
    findings: list[dict[str, Any]],
    *,
    codes: list[str] | None = None,
    objects: list[str] | None = None,
    allow_destructive: bool = False,
) -> tuple[str, list[str], list[str]]:
    """(migration text, objects taken, objects left out with the reason) for the selected findings."""
    from auditor.compare.migration import DESTRUCTIVE_MARK, rerunnable, split_statements

    body: list[str] = []
    taken: list[str] = []
    left: list[str] = []
    seen: set[str] = set()
    for f in findings:
        if not _selected(f, codes, objects):
            continue
        extra = f.get("extra") or {}
        keep = extra.get("keep_sql")
        obj = f"{f.get('code')} {f.get('object')}"
        if not keep:
            left.append(f"{obj}: no migration can express it (see the finding's help)")
            continue
        if extra.get("keep_destructive") and not allow_destructive:
            left.append(f"{obj}: {extra['keep_destructive']} (give --allow-destructive to write it)")
            continue
        stmts = [
            s
            for stmt in split_statements(keep)
            if not stmt.startswith(DESTRUCTIVE_MARK)
            for s in rerunnable(stmt)
        ]
        if extra.get("keep_destructive"):
            stmts.insert(0, f"{DESTRUCTIVE_MARK} {extra['keep_destructive']}; back it up first")
        new = [s for s in stmts if s not in seen or s.startswith("--")]
        seen.update(new)
        body.append(f"-- {obj} ({f.get('attribution') or 'drift'})")
        body += [s if s.startswith("--") or s.endswith(";") else s + ";" for s in new]
        body.append("")
        taken.append(obj)
    head = [
        "-- Written by schema-auditor fix: keeps what live has (changed outside the migrations).",
        "-- Every statement can run twice: applied to live, where the change already is, it changes nothing.",
        "",
    ]
    return "\n".join(head + body), taken, left


def run(args: argparse.Namespace) -> int:
    from auditor.atomic import check_target, write_text_atomic
    from auditor.compare.migration import next_migration_name
    from auditor.config import load_config
    from auditor.errors import InputError, UsageError

    config = load_config()  # the same project `audit` finds, from the current directory upward
    report = args.report or str(Path(config.get("out")) / "audit.json")
    findings = _read_report(Path(report))
    text, taken, left = build_migration(
        findings, codes=args.code, objects=args.object, allow_destructive=args.allow_destructive
    )
    for why in left:
        sys.stderr.write(f"schema-auditor fix: left out {why}\n")
    if not taken:
        raise UsageError(
            "no selected drift finding has a fix a migration can hold",
            hint="check --code/--object against the report, or see each finding's help",
        )
    if args.dry_run:
        sys.stdout.write(text)
        return ExitCode.OK
    folder = Path(args.migrations or config.get("migrations"))
    if not folder.is_dir():
        raise InputError(f"migrations folder {folder} not found", hint="name it with --migrations")
    target = folder / next_migration_name(folder, args.name)
    check_target(str(target))
    write_text_atomic(target, text)
    sys.stderr.write(f"schema-auditor fix: wrote {target} ({len(taken)} finding(s))\n")
    return ExitCode.OK
