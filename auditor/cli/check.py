"""``schema-auditor check``: run only the compliance rules, on one source: a live database
(``--dsn``), a spec (``--spec``) or the shadow of a migrations folder (``--migrations``).

Prints one line per finding, its fix SQL when there is one, then the verdict; exits 0 when nothing
is at the gate (``--fail-on``, default ``drift,error``), 1 when something is, 2 on bad input, 3 when
the database cannot be read or the source was not read in full (unless ``--accept-incomplete``).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from auditor.cli.common import add_database_options, require_database, timeouts
from auditor.errors import UsageError
from auditor.exitcodes import EXIT_CODES_HELP

if TYPE_CHECKING:  # the model loads pglast: imported when the command runs, not for its --help
    from auditor.audit import AuditOptions
    from auditor.findings import Finding

SHADOWS = ("embedded", "dsn", "docker", "local")


def register(sub: Any) -> None:
    p = sub.add_parser(
        "check",
        help="check the compliance rules (RLS, grants, indexes, conventions) on one source",
        description="Run the compliance rules on a live database (--dsn, default DATABASE_URL), a spec "
        "(--spec FILE) or the shadow of a migrations folder (--migrations DIR). `schema-auditor rules` "
        "lists the rules; configure them in the `rules:` block of the config file or the spec.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    src = p.add_argument_group("source (one of)")
    src.add_argument(
        "--spec", metavar="FILE", help="check the schema a spec declares (YAML, or a .sql file or folder)"
    )
    src.add_argument("--migrations", metavar="DIR", help="check the schema a migrations folder builds")
    add_database_options(p)
    sh = p.add_argument_group("shadow (for --migrations)")
    sh.add_argument("--shadow", choices=SHADOWS, help="where to replay the migrations (default: embedded)")
    sh.add_argument(
        "--shadow-dsn", metavar="DSN", help="server for --shadow dsn (a scratch database is made)"
    )
    sh.add_argument(
        "--shadow-image", metavar="IMAGE", help="image for --shadow docker (default: postgres:15)"
    )
    sh.add_argument("--pg-bin", metavar="DIR", help="initdb/pg_ctl directory for --shadow local")
    from auditor.replay_limits import add_replay_options

    add_replay_options(sh)
    sh.add_argument(
        "--platform", choices=("auto", "supabase", "none"), help="platform profile (default: auto)"
    )
    p.add_argument(
        "--config", metavar="FILE", help="configuration file (default: schema-auditor.yaml or pyproject.toml)"
    )
    p.add_argument("--rule", action="append", metavar="CODE", help="run only these rules (repeatable)")
    p.add_argument(
        "--fail-on",
        action="append",
        metavar="SELECTORS",
        help="what makes the run exit 1 (default: drift,error; see `audit --help`)",
    )
    p.add_argument(
        "--accept-incomplete",
        nargs="?",
        const="",
        action="append",
        metavar="GAPS",
        help="let gaps pass (bare: every gap; or gap kinds / object globs); never CLEAN",
    )
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    p.add_argument("--show-suppressed", action="store_true", help="also print suppressed findings")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from auditor.config import accept_incomplete, fail_policy, load_config
    from auditor.gate import suggest
    from auditor.rules.base import REGISTRY

    config = load_config(explicit=args.config)
    if config.source:  # its rules block is read again by the rules stage: its errors come first
        from auditor.rules.config import load_config_file

        load_config_file(config.source.file)
    policy = fail_policy(args.fail_on, config)
    accept = accept_incomplete(args.accept_incomplete, config)
    if args.rule:
        for code in args.rule:
            cls = REGISTRY.get(code)
            if cls is None or cls.target != "catalog":
                known = [x for r in REGISTRY.all("catalog") for x in (r.code, r.name)]
                close = suggest(code, known)
                raise UsageError(
                    f"--rule {code}: no such compliance rule",
                    hint=f"did you mean {close}?" if close else "`schema-auditor rules` lists them",
                )
    chosen = [bool(args.spec), bool(args.migrations), bool(args.dsn)]
    if sum(chosen) > 1:
        raise UsageError("name one source: --dsn, --spec or --migrations")
    opts = _options(args, config)
    if args.spec:
        source, description = "spec", str(args.spec)
    elif args.migrations:
        source, description = "migrations", str(args.migrations)
    else:
        from auditor.connect import describe

        assert opts.dsn is not None
        source, description = "live", describe(opts.dsn)

    # The audit's own stages: the source read as the audit reads it, what it could not read said
    # first (never silently left out of the check), then the rules.
    from auditor.audit import CHECK, AuditContext, run_stages

    run = run_stages(AuditContext(opts), CHECK)
    if run.failure is not None:
        raise run.failure
    catalog = run.catalogs[source]
    findings = run.findings
    from auditor.report.model import Report, SourceInfo
    from auditor.report.writers import render_json

    report = Report.create(
        sources=[
            SourceInfo(
                name=source,
                description=description,
                server_version=catalog.server_version,
                complete=catalog.complete,
                gaps=catalog.gaps,
                approximate=catalog.approximate,
            )
        ],
        findings=findings,
        fail_on=policy,
        accept_incomplete=accept,
    )
    if args.format == "json":
        # The versioned report format (docs/report.md), so tools read `check` like `audit`.
        from auditor.redact import end_data, write_data

        write_data(render_json(report))  # data: redacted, kept valid JSON
        end_data()
    else:
        if not args.quiet:  # -q: the verdict line alone
            _print(findings, source, description, show_suppressed=args.show_suppressed)
        from auditor.report.text import terminal_summary

        sys.stdout.write(terminal_summary(report, quiet=True))
    # FAIL 1, INCOMPLETE 3 (a gap nobody accepted), PASS and CLEAN 0: the verdict decides.
    return int(report.exit_code)


def _options(args: argparse.Namespace, config: Any) -> AuditOptions:
    """The audit's options for the one source ``check`` names (flags over the config file)."""
    from auditor.audit import AuditOptions
    from auditor.replay_limits import replay_limits

    def pick(flag: Any, key: str) -> Any:
        return flag if flag is not None else config.get(key)

    dsn = None
    if not args.spec and not args.migrations:
        from auditor.connect import resolve_dsn

        dsn = resolve_dsn(args.dsn)
        require_database(dsn, "check", alternatives="; or check a spec or migrations: --spec, --migrations")
    provider = pick(args.shadow, "shadow") or "embedded"
    shadow_dsn = pick(args.shadow_dsn, "shadow_dsn")
    if args.migrations and provider == "dsn" and not shadow_dsn:
        raise UsageError(
            "--shadow dsn needs --shadow-dsn", hint="name a server where a scratch database may be made"
        )
    limits = replay_limits(args.replay_statement_timeout, args.replay_timeout, args.shadow_extension, config)
    return AuditOptions(
        spec=args.spec or None,
        migrations=args.migrations or None,
        dsn=dsn,  # "" reads live through libpq's PG* variables
        spec_explicit=True,
        migrations_explicit=True,
        shadow=provider,
        shadow_dsn=shadow_dsn,
        shadow_image=pick(args.shadow_image, "shadow_image"),
        pg_bin=pick(args.pg_bin, "pg_bin"),
        replay_statement_timeout=limits.statement_timeout,
        replay_timeout=limits.replay_timeout,
        shadow_extensions=limits.extensions,
        platform=pick(args.platform, "platform"),
        include_schemas=tuple(args.include_schema),
        exclude_schemas=tuple(args.exclude_schema),
        timeouts=timeouts(args),
        jobs=args.jobs,
        config_file=config.source.file if config.source else None,
        only_rules=tuple(args.rule) if args.rule else None,
    )


def _print(findings: list[Finding], source: str, description: str, *, show_suppressed: bool) -> None:
    """Each finding as lint-migrations and audit show one (:mod:`auditor.frame`: the line,
    a code frame where it has a location, its help, fix SQL and docs reference), then a count."""
    from auditor.frame import file_lines, render_finding
    from auditor.report.text import safe

    out = sys.stdout
    lines = file_lines()
    for f in findings:
        if f.suppressed is not None and not show_suppressed:
            continue
        out.write(render_finding(f, lines))
    active = [f for f in findings if f.suppressed is None]
    counts = {lv: sum(1 for f in active if f.level.value == lv) for lv in ("error", "warning", "info")}
    summary = ", ".join(f"{n} {lv}" for lv, n in counts.items() if n) or "no findings"
    hidden = len(findings) - len(active)
    if hidden:
        summary += f" ({hidden} suppressed)"
    out.write(f"{source} ({safe(description)}): {summary}\n")
