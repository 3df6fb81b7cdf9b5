"""``schema-auditor snapshot``: write the live schema as a spec (expected_schema.yaml).

The output is a complete (``strict: true``) spec, ready to commit and then trim or annotate. When
some objects could not be read, each is reported on stderr and the file still gets written, marked
incomplete at the top, so a partial picture is never mistaken for the whole one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from auditor.cli.common import add_database_options, require_database, timeouts
from auditor.exitcodes import ExitCode

_EXIT_CODES = """exit codes:
  0  the spec was written (also when incomplete: see the warnings)
  2  bad flags or arguments
  3  the database could not be reached or read"""


def register(sub: Any) -> None:
    """Add the ``snapshot`` command to the CLI's subparsers."""
    p = sub.add_parser(
        "snapshot",
        help="write the live database schema as a spec (expected_schema.yaml)",
        description=(
            "Read the schema of a live database (--dsn, else DATABASE_URL, else the PG* variables) and "
            "write it as a complete spec: every object, strict: true. Objects that could not be read are "
            "reported on stderr and the file is marked incomplete."
        ),
        epilog=_EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_database_options(p)
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the spec here (a file: a temporary file, then a rename; a link: through to its "
        "target; a device or FIFO: in place); default or -: stdout",
    )
    p.add_argument("--no-header", action="store_true", help="leave out the comment lines at the top")
    p.add_argument(
        "--verify",
        action="store_true",
        help="read the written spec back and warn if it does not reproduce the live schema exactly "
        "(the writer guarantees the round trip; this double-checks it)",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Introspect, then write the spec; the exit code is 0 even when the catalog has gaps."""
    from auditor.atomic import check_target, write_text_atomic
    from auditor.audit import SNAPSHOT, AuditContext, AuditOptions, run_stages
    from auditor.connect import describe, resolve_dsn
    from auditor.redact import message_line, redact, write_data
    from auditor.spec import dump_spec

    dsn = resolve_dsn(args.dsn)
    require_database(dsn, "snapshot")
    if args.output:
        check_target(args.output)  # an unwritable -o is exit 2 now, before the database is read
    opts = AuditOptions(
        spec=None,
        migrations=None,
        dsn=dsn,
        timeouts=timeouts(args),
        include_schemas=tuple(args.include_schema),
        exclude_schemas=tuple(args.exclude_schema),
        jobs=args.jobs,
    )
    # The audit's live reader, whole (platform objects too), and its schema filter: a pattern that
    # matches no schema is an error, as a typo would write an empty spec.
    run = run_stages(AuditContext(opts), SNAPSHOT)
    if run.failure is not None:
        raise run.failure
    catalog = run.catalogs["live"]
    for gap in catalog.gaps:
        line = message_line(f"could not read {gap.kind} {gap.object}: {gap.reason}")
        sys.stderr.write(f"schema-auditor: warning: {line}\n")
    text = dump_spec(catalog, header=not args.no_header)
    if args.verify:
        from auditor.spec import load_spec_text

        # The writer promises an exact round trip (the tests hold it to that); --verify checks it
        # here too rather than let a spec silently assert something the database does not have.
        again = load_spec_text(text, args.output or "<stdout>").catalog
        if again != catalog:
            where = first_difference(catalog, again) or "the catalog"
            sys.stderr.write(
                f"schema-auditor: warning: the spec does not reproduce {where} exactly "
                "(a bug in schema-auditor: please report it); written anyway\n"
            )
    shown = redact(text)
    if shown != text:
        # A spec is an output like any other: a secret in the schema (a password in a function body,
        # a DSN in a comment) is not copied into it. Said, because the spec then differs there.
        sys.stderr.write(
            "schema-auditor: warning: secret-looking values in the schema are written as *** in the spec; "
            "the spec differs from the database there\n"
        )
        text = shown
    if args.output and args.output != "-":
        out = Path(args.output)
        write_text_atomic(out, text)  # a file by rename, a link through, a device or FIFO in place
        relations = sum(1 for _ in catalog.relations())
        incomplete = f" (INCOMPLETE: {len(catalog.gaps)} gap(s))" if catalog.gaps else ""
        sys.stderr.write(
            f"schema-auditor: wrote {out}: {len(catalog.schemas)} schema(s), {relations} relation(s) "
            f"from {describe(dsn)}{incomplete}\n"
        )
    else:
        write_data(text)
        sys.stdout.flush()
    return int(ExitCode.OK)


def first_difference(a: Any, b: Any, path: str = "") -> str | None:
    """The path of the first attribute where two model values differ (``app/jobs/columns/id.type``)."""
    from auditor.model import FrozenMap, attribute_names

    if a == b:
        return None
    if isinstance(a, FrozenMap) and isinstance(b, FrozenMap):
        for key in [*a, *(k for k in b if k not in a)]:
            if key not in a or key not in b:
                return f"{path}/{key}"
            found = first_difference(a[key], b[key], f"{path}/{key}")
            if found:
                return found
        return path or None
    if type(a) is type(b) and hasattr(a, "__dataclass_fields__"):
        for attr in attribute_names(a):
            found = first_difference(getattr(a, attr), getattr(b, attr), f"{path}.{attr}" if path else attr)
            if found:
                return found
    return path or None
