"""``schema-auditor audit``: the main job. Compares spec, migrations and live, checks the rules,
writes the reports, and exits with a code a CI gate can trust."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.cli.common import add_cache_options, add_database_options, cache_dir
from auditor.defaults import DEFAULT_FAIL_ON, DEFAULT_LOCK_TIMEOUT_MS, DEFAULT_STATEMENT_TIMEOUT_MS, FORMATS
from auditor.errors import NothingToAudit, UsageError
from auditor.exitcodes import EXIT_CODES_HELP

if TYPE_CHECKING:  # config loads PyYAML and the model: imported by run, not by --help
    from auditor.config import Config

FAIL_ON_HELP = f"""--fail-on selectors (comma-separated, repeatable; named ones replace the default):
  a level (error, warning, info: that level or above), an attribution (migration-not-applied,
  changed-outside-migrations, spec-out-of-date, differs), a category (drift, rule, lint, history,
  source), a rule family (security, integrity, performance, conventions, migrations) or a finding
  code or glob (SEC001, HIS*), each optionally ':LEVEL'. Unknown ones are an error (exit 2).
  default: {DEFAULT_FAIL_ON}: every drift that is not cosmetic, whatever its level, and every error.
  Cosmetic = the same meaning in another form (DRIFT-*-COSMETIC, info), e.g. (select auth.uid())
  vs auth.uid(). Pre-deploy: --fail-on migration-not-applied,security:error blocks on those only."""

ACCEPT_HELP = (
    "let gaps pass: the run still reports them (PASS, never CLEAN) but does not exit 3; bare: every gap; "
    "or gap kinds / object globs, comma-separated (functions, 'function:private.*', 'migration file')"
)
SHADOWS = ("embedded", "dsn", "docker", "local")


def register(sub: Any) -> None:
    p = sub.add_parser(
        "audit",
        help="compare spec, migrations and live database; check rules; write reports",
        description=(
            "Compare up to three sources (the spec expected_schema.yaml, the migrations replayed into a "
            "shadow PostgreSQL, and the live database from --dsn or DATABASE_URL), check the compliance "
            "rules, and write reports. With no database named it compares spec and migrations on an "
            "embedded PostgreSQL."
        ),
        epilog=EXIT_CODES_HELP + "\n\n" + FAIL_ON_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_source_options(p)
    add_output_options(p)
    p.add_argument_group("trend").add_argument(
        "--store",
        metavar="URL",
        help="record this run in a store and report the trend (new, fixed, since when): a SQLite file "
        "(a path) or postgresql://... for a team; made or upgraded as needed (see docs/report.md)",
    )
    p.set_defaults(run=run)


def add_source_options(p: argparse.ArgumentParser) -> None:
    """Options naming what to audit (shared by audit and baseline)."""
    add_database_options(p)
    add_cache_options(p)
    # Defaults are None so that the config file can fill what the flags leave out.
    p.set_defaults(statement_timeout=None, lock_timeout=None)
    g = p.add_argument_group("sources")
    g.add_argument(
        "--config",
        metavar="FILE",
        help="config file (default: schema-auditor.yaml or pyproject.toml, here or in a parent directory)",
    )
    g.add_argument(
        "--spec",
        metavar="FILE",
        help="the declarative spec: YAML, or SQL (a .sql file or a folder of them) "
        "(default: expected_schema.yaml; in a Supabase project without it, supabase/schemas)",
    )
    g.add_argument(
        "--migrations",
        metavar="DIR",
        help="the migrations folder (default: migrations/; in a Supabase project, supabase/migrations)",
    )
    g.add_argument("--no-spec", action="store_true", help="leave the spec out")
    g.add_argument("--no-migrations", action="store_true", help="leave the migrations out")
    g.add_argument(
        "--no-live", action="store_true", help="ignore DATABASE_URL: compare spec and migrations only"
    )
    g.add_argument("--shadow", choices=SHADOWS, help="where to replay the migrations (default: embedded)")
    g.add_argument("--shadow-dsn", metavar="DSN", help="server for --shadow dsn (a scratch database is made)")
    g.add_argument("--shadow-image", metavar="IMAGE", help="image for --shadow docker (default: postgres:15)")
    g.add_argument("--pg-bin", metavar="DIR", help="initdb/pg_ctl directory for --shadow local")
    g.add_argument(
        "--shadow-version",
        metavar="MAJOR",
        help="the shadow's PostgreSQL major (default: supabase/config.toml major_version, else live's); "
        "--shadow local finds its binaries",
    )
    from auditor.replay_limits import add_replay_options

    add_replay_options(g)
    g.add_argument(
        "--no-shadow", action="store_true", help="offline: build the migrations' catalog by parsing only"
    )
    g.add_argument(
        "--platform", choices=("auto", "supabase", "none"), help="platform profile (default: auto)"
    )
    g.add_argument("--no-rules", action="store_true", help="drift only: skip the compliance rules")
    g.add_argument(
        "--history-table",
        metavar="TABLE",
        help="applied-migrations table: auto (default: Supabase's, then Flyway's), supabase, flyway, "
        "schema.table, or none (the project keeps no history: no HIS005 warning, and drift a migration "
        "would explain is attributed 'applied history unknown')",
    )


def add_output_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("output")
    g.add_argument(
        "--out",
        metavar="DIR",
        help="report directory (default: reports); - writes one format to stdout; a device or FIFO is "
        "written in place",
    )
    g.add_argument(
        "--format",
        action="append",
        metavar="LIST",
        help=f"report formats, comma-separated: {', '.join(FORMATS)} (default: json,html)",
    )
    g.add_argument(
        "--fail-on",
        action="append",
        metavar="SELECTORS",
        help=f"what makes the run exit 1 (default: {DEFAULT_FAIL_ON}; see below)",
    )
    g.add_argument(
        "--accept-incomplete", nargs="?", const="", action="append", metavar="GAPS", help=ACCEPT_HELP
    )
    g.add_argument("--baseline", metavar="FILE", help="fail only on findings not in this baseline")


def _pick(flag: Any, config: Config, key: str) -> Any:
    return flag if flag not in (None, [], ()) else config.get(key)


def _shadow_version(flag: str | None, config: Config) -> int | None:
    """--shadow-version, else the config file's shadow_version, checked (auditor.shadow.major)."""
    value = config.get("shadow_version") if flag is None else flag
    if value is None:
        return None  # the shadow's module (a tenth of a second to import) only when asked
    from auditor.shadow.major import check_version

    return check_version(
        value, "--shadow-version" if flag is not None else "shadow_version in the config file"
    )


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)
    return [p.strip() for item in items for p in str(item).split(",") if p.strip()]


def options_from_args(args: argparse.Namespace) -> Any:
    """Merge flags over the config file into AuditOptions."""
    from auditor.audit import AuditOptions
    from auditor.config import accept_incomplete, fail_policy, ignore_entries, load_config
    from auditor.connect import Timeouts, resolve_dsn

    config = load_config(explicit=args.config)
    if config.project is not None and config.project.marker is not None and not getattr(args, "quiet", False):
        from auditor.audit import progress_to_stderr

        say = progress_to_stderr(False)
        assert say is not None
        say(config.project.describe())  # which root the defaults below come from, found by what
    if args.no_spec and args.spec:
        raise UsageError("--spec and --no-spec contradict each other")
    if args.no_migrations and args.migrations:
        raise UsageError("--migrations and --no-migrations contradict each other")
    dsn = None if args.no_live else (resolve_dsn(args.dsn) or None)
    shadow = _pick(args.shadow, config, "shadow")
    shadow_dsn = _pick(args.shadow_dsn, config, "shadow_dsn")
    if shadow == "dsn" and not shadow_dsn:
        raise UsageError(
            "--shadow dsn needs --shadow-dsn", hint="name a server where a scratch database may be made"
        )
    from auditor.replay_limits import replay_limits

    limits = replay_limits(args.replay_statement_timeout, args.replay_timeout, args.shadow_extension, config)
    return AuditOptions(
        spec=None if args.no_spec else _pick(args.spec, config, "spec"),
        migrations=None if args.no_migrations else _pick(args.migrations, config, "migrations"),
        dsn=dsn,
        spec_explicit=bool(args.spec) or "spec" in config.values,
        migrations_explicit=bool(args.migrations) or "migrations" in config.values,
        shadow=shadow,
        shadow_dsn=shadow_dsn,
        shadow_image=_pick(args.shadow_image, config, "shadow_image"),
        pg_bin=_pick(args.pg_bin, config, "pg_bin"),
        shadow_version=_shadow_version(args.shadow_version, config),
        offline=bool(args.no_shadow),
        replay_statement_timeout=limits.statement_timeout,
        replay_timeout=limits.replay_timeout,
        shadow_extensions=limits.extensions,
        platform=_pick(args.platform, config, "platform"),
        include_schemas=tuple(_pick(args.include_schema, config, "include_schemas")),
        exclude_schemas=tuple(_pick(args.exclude_schema, config, "exclude_schemas")),
        timeouts=Timeouts(
            statement_ms=_pick(args.statement_timeout, config, "statement_timeout")
            or DEFAULT_STATEMENT_TIMEOUT_MS,
            lock_ms=_pick(args.lock_timeout, config, "lock_timeout") or DEFAULT_LOCK_TIMEOUT_MS,
        ),
        jobs=args.jobs,
        rules=not args.no_rules,
        config_file=config.source.file if config.source else None,
        ignore=ignore_entries(config),
        history_table=_pick(args.history_table, config, "history_table"),
        baseline=_pick(getattr(args, "baseline", None), config, "baseline"),
        fail_on=fail_policy(getattr(args, "fail_on", None), config),
        accept_incomplete=accept_incomplete(getattr(args, "accept_incomplete", None), config),
        cache_dir=cache_dir(args),
    ), config


def _missing_folders(out: Path) -> list[Path]:
    """The folders of ``out`` that do not exist yet, innermost first."""
    missing = []
    while not out.exists() and not out.is_symlink() and out != out.parent:
        missing.append(out)
        out = out.parent
    return missing


def run(args: argparse.Namespace) -> int:
    from auditor.audit import progress_to_stderr, run_audit
    from auditor.config import check_formats
    from auditor.report import github_annotations, terminal_summary, write_reports

    opts, config = options_from_args(args)
    formats = check_formats(_list(_pick(args.format, config, "format")), FORMATS, "--format")
    out = Path(_pick(args.out, config, "out"))
    to_stdout = str(out) == "-"
    if to_stdout and not args.format and "format" not in config.values:
        formats = ["json"]  # --out - writes one format: JSON unless --format names another
    from auditor.report.writers import check_report_targets

    made = [] if to_stdout else _missing_folders(out)  # what the check below creates
    check_report_targets(out, formats)  # an unwritable --out is exit 2 now, before any database is read

    store = None
    if getattr(args, "store", None):
        from auditor.store import open_store

        store = open_store(args.store)  # unusable or newer: exit 2 now, before any database is read
    try:
        report, audit_run = run_audit(opts, progress=progress_to_stderr(args.quiet))
        store_error = None
        if store is not None and not isinstance(audit_run.failure, NothingToAudit):
            from dataclasses import replace

            from auditor.store import StoreError

            try:
                report = replace(report, trend=store.record(report))
            except StoreError as e:  # the reports and the verdict are still written; exit 2 after them
                store_error = e
    finally:
        if store is not None:
            store.close()
    if args.verbose:
        for stage, seconds in audit_run.timings.items():
            sys.stderr.write(f"schema-auditor: stage {stage}: {seconds:.3f} s\n")
    if isinstance(audit_run.failure, NothingToAudit):  # nothing was read: the error alone, no reports/
        for folder in made:
            with contextlib.suppress(OSError):  # only if still empty
                folder.rmdir()
        raise audit_run.failure
    rule_docs = None
    if {"html", "sarif"} & set(formats):  # the rule registry is imported for the formats that cite it
        from auditor.rules.docs import rule_doc

        rule_docs = rule_doc
    written = write_reports(report, out, formats, rule_docs=rule_docs)
    # With --out -, stdout holds the report alone; the summary and annotations go to stderr.
    say = sys.stderr if to_stdout else sys.stdout
    say.write(terminal_summary(report, quiet=args.quiet))
    if not args.quiet and not to_stdout:
        for path in written:
            say.write(f"report: {path}\n")
    if os.environ.get("GITHUB_ACTIONS") == "true":
        from auditor.redact import write_command

        write_command(github_annotations(report), say)
    if audit_run.failure is not None:
        raise audit_run.failure
    if store_error is not None:
        raise store_error
    # FAIL 1, INCOMPLETE 3 (a gap nobody accepted), PASS and CLEAN 0: the verdict decides.
    return int(report.exit_code)
