"""``schema-auditor baseline``: record today's findings so that only new ones fail later audits."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from auditor.cli.audit import add_source_options, options_from_args
from auditor.defaults import BASELINE_FILE as DEFAULT_FILE
from auditor.exitcodes import ExitCode


def register(sub: Any) -> None:
    p = sub.add_parser(
        "baseline",
        help="record the current findings' fingerprints in a baseline file",
        description="Run the audit (same sources as `audit`) and record the fingerprint of every finding, "
        f"with a reason, in {DEFAULT_FILE} (or -o FILE). `audit --baseline FILE` then fails only on new "
        "findings and reports the baselined ones that are gone.",
    )
    add_source_options(p)
    p.add_argument("-o", "--output", default=DEFAULT_FILE, metavar="FILE", help=f"default: {DEFAULT_FILE}")
    p.add_argument("--reason", required=True, help="why these findings are accepted for now")
    p.add_argument(
        "--accept-incomplete",
        nargs="?",
        const="",
        action="append",
        metavar="GAPS",
        help="record even though these gaps (bare: every gap) leave part of the schema unread",
    )
    p.set_defaults(run=run, baseline=None, fail_on=None)


def run(args: argparse.Namespace) -> int:
    from auditor.atomic import check_target
    from auditor.audit import progress_to_stderr, run_audit
    from auditor.baseline import write_baseline

    opts, _config = options_from_args(args)
    check_target(args.output)  # an unwritable -o is exit 2 now, before the audit
    report, audit_run = run_audit(opts, progress=progress_to_stderr(args.quiet))
    if audit_run.failure is not None:
        # A baseline of an audit that could not see everything would hide what it missed.
        raise audit_run.failure
    if report.open_gaps:  # the same for a source read only in part, unless the user accepts it
        from auditor.errors import DatabaseError

        raise DatabaseError(
            "no baseline written: a source was not read in full ("
            + "; ".join(f"{src}: {g.kind} {g.object}" for src, g in report.open_gaps[:3])
            + (f" and {len(report.open_gaps) - 3} more" if len(report.open_gaps) > 3 else "")
            + ")",
            hint="grant the access or fix the source, or accept the gaps with --accept-incomplete",
        )
    n = write_baseline(audit_run.findings, args.output, args.reason)
    sys.stdout.write(f"baseline: {n} finding(s) recorded in {args.output}\n")
    return int(ExitCode.OK)
