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
    from auditor.findings import Finding
    from auditor.model import Catalog

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
    src.add_argument("--spec", metavar="FILE", help="check the schema a spec declares")
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
    from auditor.rules.base import REGISTRY, run_rules
    from auditor.rules.config import load_config_file, merge_configs, parse_rules_config

    config = load_config(explicit=args.config)
    # the file's own reader of the rules block: its errors name the line
    rules_config = load_config_file(config.source.file) if config.source else parse_rules_config(None)
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

    if args.spec:
        from auditor.spec import load_spec

        spec = load_spec(args.spec)
        catalog = spec.catalog
        if spec.rules:
            rules_config = merge_configs(rules_config, parse_rules_config(spec.rules, spec.rules_location))
        source, description = "spec", str(args.spec)
    elif args.migrations:
        from pathlib import Path

        from auditor.audit import skipped_file_gaps, with_gaps

        catalog = with_gaps(_shadow(args, config), skipped_file_gaps(Path(args.migrations)))
        source, description = "migrations", str(args.migrations)
    else:
        from auditor.connect import describe, resolve_dsn
        from auditor.introspect import introspect

        dsn = resolve_dsn(args.dsn)
        require_database(dsn, "check", alternatives="; or check a spec or migrations: --spec, --migrations")
        catalog = introspect(
            dsn,
            timeouts=timeouts(args),
            include_schemas=tuple(args.include_schema),
            exclude_schemas=tuple(args.exclude_schema),
            jobs=args.jobs,
        )
        source, description = "live", describe(dsn)
        if args.include_schema or args.exclude_schema:
            from auditor.audit import check_schema_filter, live_schema_names

            check_schema_filter(
                tuple(args.include_schema),
                tuple(args.exclude_schema),
                set(catalog.schemas),
                lambda: live_schema_names(dsn, timeouts(args)),
            )

    from auditor.audit import gap_findings

    # What the source could not read is said first, never silently left out of the check.
    findings = gap_findings(source, catalog) + run_rules(catalog, rules_config, only=args.rule)
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


def _shadow(args: argparse.Namespace, config: Any) -> Catalog:
    from auditor.shadow import shadow_catalog

    def pick(flag: Any, key: str) -> Any:
        return flag if flag is not None else config.get(key)

    provider = pick(args.shadow, "shadow")
    shadow_dsn = pick(args.shadow_dsn, "shadow_dsn")
    if provider == "dsn" and not shadow_dsn:
        raise UsageError(
            "--shadow dsn needs --shadow-dsn", hint="name a server where a scratch database may be made"
        )
    from auditor.replay_limits import replay_limits

    limits = replay_limits(args.replay_statement_timeout, args.replay_timeout, args.shadow_extension, config)
    catalog: Catalog = shadow_catalog(
        args.migrations,
        provider,
        dsn=shadow_dsn,
        image=pick(args.shadow_image, "shadow_image"),
        pg_bin=pick(args.pg_bin, "pg_bin"),
        platform=pick(args.platform, "platform") or "auto",
        include_schemas=tuple(args.include_schema),
        exclude_schemas=tuple(args.exclude_schema),
        limits=limits,
    )
    return catalog


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
