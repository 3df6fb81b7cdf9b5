"""``schema-auditor lint-migrations [FILES or DIRS...]``: migration safety lint.

Prints one line per finding (``file:line:column: level CODE message``) and exits 0 when nothing is
at or above ``--fail-on`` (default ``error``), 1 when something is, 2 on bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from auditor.exitcodes import EXIT_CODES_HELP, ExitCode

if TYPE_CHECKING:  # the model loads pglast: imported when the lint runs, not for --help
    from auditor.findings import Finding


def register(sub: Any) -> None:
    p = sub.add_parser(
        "lint-migrations",
        help="lint migration files for operations that lock or rewrite tables",
        description="Lint migrations for dangerous operations: index builds without CONCURRENTLY, "
        "constraints without NOT VALID, SET NOT NULL, volatile defaults, rewriting type changes, drops, "
        "renames, missing lock_timeout, CONCURRENTLY inside a transaction. Suppress one finding with "
        "`-- schema-auditor: ignore CODE -- reason` on the statement or the line before it.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "paths", nargs="*", metavar="FILE_OR_DIR", help="migration files or folders (default: migrations/)"
    )
    p.add_argument(
        "--config", metavar="FILE", help="configuration file (default: schema-auditor.yaml or pyproject.toml)"
    )
    p.add_argument(
        "--fail-on",
        action="append",
        metavar="SELECTORS",
        help="what makes the run exit 1 (default: drift,error)",
    )
    p.add_argument("--rule", action="append", metavar="CODE", help="run only these rules (repeatable)")
    p.add_argument(
        "--format",
        choices=("text", "json", "sarif", "github"),
        default="text",
        help="text (a code frame, help and docs reference per finding), json (the versioned report, as "
        "audit writes it), sarif, or github (workflow annotations) (default: text)",
    )
    p.add_argument("--show-suppressed", action="store_true", help="also print suppressed findings")
    p.add_argument(
        "--dsn",
        help="lint only the migrations of the folder this database has not applied (its history table): "
        "they are the release; the applied ones are context",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from auditor.config import fail_policy, load_config
    from auditor.errors import UsageError
    from auditor.gate import suggest
    from auditor.migrations.lint import lint_files
    from auditor.rules.base import REGISTRY
    from auditor.rules.config import load_config_file, parse_rules_config

    config = load_config(explicit=args.config)
    paths = args.paths or [config.get("migrations")]
    rules = load_config_file(config.source.file) if config.source else parse_rules_config(None)
    policy = fail_policy(args.fail_on, config)
    for code in args.rule or ():  # an unknown code would lint nothing, or fail as a bug
        cls = REGISTRY.get(code)
        if cls is None or cls.target != "migration":
            close = suggest(code, [x for r in REGISTRY.all("migration") for x in (r.code, r.name)])
            raise UsageError(
                f"--rule {code}: no such migration lint rule",
                hint=f"did you mean {close}?" if close else "`schema-auditor rules` lists them",
            )
    history: list[Finding] = []
    if args.dsn:
        paths, history = _pending(args.dsn, paths)
    findings = [*history, *(lint_files(paths, rules, only=args.rule) if paths else [])]
    from auditor.redact import end_data, redact_finding, write_data

    findings = [redact_finding(f) for f in findings]  # a statement may quote a password or a key
    if args.format in ("json", "sarif", "github"):
        report = _report(findings, paths, policy)
        if args.format == "github":
            from auditor.redact import write_command
            from auditor.report.text import github_annotations

            write_command(github_annotations(report))
        else:
            write_data(_render(report, args.format))  # stays valid JSON
            end_data()
    else:
        print_findings(findings, show_suppressed=args.show_suppressed)
    return int(ExitCode.FINDINGS if policy.failing(findings) else ExitCode.OK)


def _pending(dsn: str, paths: list[Any]) -> tuple[list[Any], list[Finding]]:
    """The files of the one migrations folder in ``paths`` that the database at ``dsn`` has not
    applied (pending, out of order, failed), and the history findings that say so. Without a
    history table nothing is known: the whole folder (linted file by file) and the finding."""
    from pathlib import Path

    from auditor.connect import resolve_dsn
    from auditor.errors import UsageError
    from auditor.migrations.history import (
        FAILED,
        NO_HISTORY,
        OUT_OF_ORDER,
        PENDING,
        history_findings,
        repository_migrations,
    )
    from auditor.objref import ObjectRef

    folders = [Path(p) for p in paths if p is not None and Path(p).is_dir()]
    if len(folders) != 1 or len(paths) != 1:
        raise UsageError("--dsn needs one migrations folder", hint="lint-migrations --dsn URL migrations/")
    hist = history_findings(resolve_dsn(dsn), folders[0])
    if any(f.code == NO_HISTORY for f in hist):
        return [folders[0]], hist
    by_version = {m.version: m.path for m in repository_migrations(folders[0])}
    pending = [ObjectRef.parse(f.object).qualified for f in hist if f.code in (PENDING, OUT_OF_ORDER, FAILED)]
    return [by_version[v] for v in pending if v in by_version], [f for f in hist if f.code == NO_HISTORY]


def _report(findings: list[Finding], paths: list[Any], policy: Any) -> Any:
    """The findings as a :class:`~auditor.report.model.Report` of one source (the migrations)."""
    from auditor.report.model import Report, SourceInfo

    where = ", ".join(str(p) for p in paths)
    return Report.create(sources=[SourceInfo("migrations", where)], findings=findings, fail_on=policy)


def _render(report: Any, fmt: str) -> str:
    if fmt == "sarif":
        from auditor.report.sarif import render_sarif
        from auditor.rules.docs import rule_doc

        return json.dumps(render_sarif(report, rule_docs=rule_doc), indent=2, ensure_ascii=False) + "\n"
    from auditor.report.writers import render_json

    return render_json(report)


def print_findings(findings: list[Finding], *, show_suppressed: bool = False) -> None:
    """Per finding ``file:line:column: level CODE message``, a code frame with a caret, its help
    and its documentation reference (:mod:`auditor.frame`); then a count line."""
    from auditor.frame import file_lines, render_findings

    shown = [f for f in findings if show_suppressed or f.suppressed is None]
    if shown:
        sys.stdout.write(render_findings(shown, file_lines()) + "\n")
    hidden = len(findings) - len([f for f in findings if f.suppressed is None])
    counts = {
        lv: sum(1 for f in findings if f.suppressed is None and f.level.value == lv)
        for lv in ("error", "warning", "info")
    }
    summary = ", ".join(f"{n} {lv}" for lv, n in counts.items() if n) or "no findings"
    if hidden:
        summary += f" ({hidden} suppressed)"
    sys.stdout.write(summary + "\n")
