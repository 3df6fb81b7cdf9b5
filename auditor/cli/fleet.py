"""``schema-auditor fleet``: audit every database of an inventory (or every tenant schema of one
database) against the same spec and migrations, with the same rules and gate; one fleet report.

  schema-auditor fleet --inventory fleet.yaml                      # run + report
  schema-auditor fleet run --inventory fleet.yaml --shard 0/4      # one slice: a partial file
  schema-auditor fleet merge reports/fleet.partial-*.jsonl         # partials -> the fleet report
  schema-auditor fleet --dsn "$DB" --tenant-schemas 'tenant_*' --template-schema public
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from auditor.errors import UsageError
from auditor.exitcodes import EXIT_CODES_HELP


def register(sub: Any) -> None:
    from auditor.cli.audit import add_output_options, add_source_options

    p = sub.add_parser(
        "fleet",
        help="audit many databases or tenant schemas against the same sources; one fleet report",
        description=(
            "Audit every member of an inventory (--inventory FILE, --inventory-query SQL --control-dsn DSN, "
            "or --dsn DB --tenant-schemas GLOB) against the same spec and migrations (read and replayed "
            "once), with the same rules and gate. Members are fingerprinted on their servers and audited "
            "once per distinct shape. Words: run (default) or merge PARTIALS..."
        ),
        epilog=EXIT_CODES_HELP + "\n  (fleet: 3 when any member is unread, else 1 when any fails)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "words", nargs="*", metavar="run|merge [PARTIAL ...]", help="run (default), or merge PARTIALS"
    )
    g = p.add_argument_group("fleet")
    g.add_argument(
        "--inventory", metavar="FILE", help="YAML: databases: [{name, dsn, labels}]; dsn: ${VAR} allowed"
    )
    g.add_argument(
        "--inventory-query", metavar="SQL", help="a query on --control-dsn returning name, dsn[, labels]"
    )
    g.add_argument("--control-dsn", metavar="DSN", help="the database --inventory-query runs on")
    g.add_argument(
        "--tenant-schemas", metavar="GLOB", help="schema-per-tenant: every schema of --dsn matching GLOB"
    )
    g.add_argument(
        "--template-schema",
        metavar="NAME",
        help="the schema the spec/migrations name for a tenant (default public)",
    )
    g.add_argument(
        "--concurrency", type=int, default=8, metavar="N", help="members audited at once (default 8)"
    )
    g.add_argument(
        "--timeout",
        type=int,
        metavar="SECONDS",
        help="per member: connect and statement timeout (default 10 and 30)",
    )
    g.add_argument("--shard", metavar="I/N", help="audit slice I of N (0 <= I < N) and write a partial only")
    g.add_argument(
        "--partial", metavar="FILE", help="where the partial goes (default OUT/fleet.partial-I-of-N.jsonl)"
    )
    g.add_argument("--executor", choices=("threads", "dask"), default="threads", help="where members run")
    g.add_argument("--scheduler", metavar="ADDRESS", help="dask.distributed scheduler for --executor dask")
    add_source_options(p)
    add_output_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from auditor.fleet.report import FORMATS, check_formats
    from auditor.fleet.results import read_partials

    words = list(args.words)
    action = words.pop(0) if words and words[0] in ("run", "merge") else "run"
    out = Path(args.out or "reports")
    # where this run writes: the reports (and the partial, unless --partial names another place)
    _check_out(Path(args.partial).parent if args.shard and args.partial and action == "run" else out)
    formats = check_formats(
        [p.strip() for f in (args.format or ["json,html"]) for p in f.split(",") if p.strip()]
    )
    if action == "merge":
        if not words:
            raise UsageError(
                "fleet merge needs partial files", hint="fleet merge reports/fleet.partial-*.jsonl"
            )
        fleet = read_partials([Path(w) for w in words])
        return _finish(args, fleet, out, formats)
    if words:
        raise UsageError(
            f"fleet: unexpected {' '.join(words)}", hint="fleet [run] --inventory FILE, or fleet merge"
        )
    del FORMATS
    return _run(args, out, formats)


def _check_out(out: Path) -> None:
    """The report directory can be written, now, before any database is read (exit 2 if not)."""
    import os

    if str(out) == "-":
        raise UsageError("fleet writes its reports into a directory, not to stdout", hint="--out DIR")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UsageError(f"--out {out}: cannot make the report directory: {e.strerror}") from None
    if not out.is_dir() or not os.access(out, os.W_OK | os.X_OK):
        raise UsageError(f"--out {out}: not a writable directory", hint="name a directory you can write")


def _run(args: argparse.Namespace, out: Path, formats: list[str]) -> int:
    from auditor.audit import progress_to_stderr
    from auditor.cli.audit import options_from_args
    from auditor.connect import Timeouts
    from auditor.fleet.executors import make_executor
    from auditor.fleet.inventory import (
        inventory_digest,
        load_inventory,
        members_from_query,
        parse_shard,
        select_shard,
        tenant_members,
    )
    from auditor.fleet.results import PartialWriter
    from auditor.fleet.run import FleetOptions, default_partial, run_fleet
    from auditor.redact import register_dsn

    modes = [bool(args.inventory), bool(args.inventory_query), bool(args.tenant_schemas)]
    if sum(modes) != 1:
        raise UsageError(
            "fleet needs one inventory: --inventory FILE, --inventory-query SQL, "
            "or --dsn DB --tenant-schemas GLOB"
        )
    if args.inventory_query and not args.control_dsn:
        raise UsageError("--inventory-query needs --control-dsn", hint="the database that lists the tenants")
    if args.tenant_schemas and not args.dsn:
        raise UsageError("--tenant-schemas needs --dsn", hint="the database holding the tenant schemas")
    if args.template_schema and not args.tenant_schemas:
        raise UsageError("--template-schema is for --tenant-schemas")
    if args.timeout is not None and args.timeout < 1:
        raise UsageError(f"--timeout {args.timeout}: must be 1 second or more")
    shard = parse_shard(args.shard) if args.shard else None
    register_dsn(args.control_dsn)
    opts, _config = options_from_args(args)
    if args.timeout is not None:
        opts = replace(
            opts,
            timeouts=Timeouts(
                args.timeout * 1000, min(opts.timeouts.lock_ms, args.timeout * 1000), args.timeout
            ),
        )
    say = progress_to_stderr(args.quiet) or (lambda _m: None)
    connect_s = args.timeout or 10
    if args.inventory:
        members, mode = load_inventory(args.inventory), "databases"
    elif args.inventory_query:
        members, mode = members_from_query(args.control_dsn, args.inventory_query, connect_s), "databases"
    else:
        members, mode = tenant_members(args.dsn, args.tenant_schemas, connect_s), "schemas"
    digest = inventory_digest(members)
    mine = select_shard(members, shard)
    i, n = shard or (0, 1)
    partial = Path(args.partial) if args.partial else default_partial(out, shard)
    fopts = FleetOptions(
        audit=replace(opts, dsn=None), template_schema=args.template_schema, cache_dir=opts.cache_dir
    )
    executor = make_executor(args.executor, args.concurrency, args.scheduler, float(args.timeout or 30))
    writer = PartialWriter(
        partial,
        {
            "shard": i,
            "shards": n,
            "inventory": digest,
            "mode": mode,
            "members_total": len(members),
            "fail_on": [str(s) for s in opts.fail_on.selectors],
        },
    )
    try:
        say(f"fleet: {len(mine)} of {len(members)} member(s) (shard {i}/{n})")
        run_fleet(mine, fopts, writer, executor, say=say)
        writer.close()
    except BaseException:
        writer.discard()
        raise
    finally:
        executor.close()
    if shard is not None:
        if not args.quiet:
            sys.stdout.write(f"partial: {partial} ({writer.count} member(s))\n")
        return 0  # the merge decides the fleet's verdict and exit code
    return _finish(args, writer.fleet(), out, formats)


def _finish(args: argparse.Namespace, fleet: Any, out: Path, formats: list[str]) -> int:
    from auditor.fleet.report import write_fleet_reports
    from auditor.redact import message_line

    written = write_fleet_reports(fleet, out, formats)
    sys.stdout.write(message_line(fleet.verdict_line()) + "\n")
    if not args.quiet:
        for m in fleet.members():
            if m["verdict"] not in ("clean", "pass"):
                sys.stdout.write(
                    f"  {m['verdict'].upper():10} {message_line(m['name'])}: "
                    f"{message_line(m.get('verdict_line', ''))}\n"
                )
        for path in written:
            sys.stdout.write(f"report: {path}\n")
    return int(fleet.exit_code)
