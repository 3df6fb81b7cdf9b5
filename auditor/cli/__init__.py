"""Command line: ``schema-auditor <command>``. Each command lives in its own module exposing
``register(subparsers)``; the module's ``run(args)`` returns an exit code."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from typing import NoReturn

from auditor import __version__
from auditor.errors import AuditorError
from auditor.exitcodes import EXIT_CODES_HELP, ExitCode
from auditor.redact import guarded_output, message_line, register_dsn

# Order here is the order of `schema-auditor --help`.
COMMANDS = (
    "audit",
    "snapshot",
    "baseline",
    "schema",
    "lint-migrations",
    "history",
    "check",
    "rules",
    "fleet",
)

INTERNAL_ERROR = 70  # a bug in schema-auditor (EX_SOFTWARE); never reported as clean


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse's own exit code is 2 as well; keep one line and name the fix.
        self.print_usage(sys.stderr)
        sys.stderr.write(f"schema-auditor: error: {message} (see --help)\n")
        sys.exit(ExitCode.USAGE)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command; of ``command`` alone when it names one (its imports only: a
    lint run does not load psycopg, a fifth of its time). Help and unknown words get them all."""
    parser = _Parser(
        prog="schema-auditor",
        description="PostgreSQL schema drift auditor and compliance checker.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"schema-auditor {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback on internal errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in (command,) if command in COMMANDS else COMMANDS:
        importlib.import_module(f"auditor.cli.{name.replace('-', '_')}").register(sub)
    return parser


def entry() -> NoReturn:
    """The console script (and ``python -m auditor``): :func:`main`, then a hard exit once the
    output is flushed. By then every file is written and closed and every connection and server
    stopped; freeing a large schema's catalogs object by object at interpreter exit only costs time
    (0.14 s of an audit at 5,000 tables). mypy ends the same way."""
    code = main()
    with contextlib.suppress(OSError):  # a reader that went away (a closed pipe) changes nothing
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


class Terminated(SystemExit):
    """SIGTERM or SIGHUP, raised where the main thread is, so every ``finally`` cleans up."""


def _raise_terminated(signum: int, _frame: object) -> None:
    raise Terminated(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. Everything it writes to stdout and stderr is redacted and cannot forge a
    workflow command (:func:`auditor.redact.guarded_output`); SIGTERM and SIGHUP stop it like
    Ctrl-C does, temporary files removed, with exit code 128 + the signal's number."""
    from auditor.atomic import discard_all

    with guarded_output(), _terminating_signals():
        try:
            return _main(argv)
        finally:
            discard_all()  # what an interruption left of a write in progress


@contextlib.contextmanager
def _terminating_signals() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, _raise_terminated) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


def _main(argv: Sequence[str] | None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(next((w for w in words if not w.startswith("-")), None))
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return int(ExitCode.USAGE)
    for name in ("dsn", "shadow_dsn"):  # hidden in every output, even in a message that quotes it
        register_dsn(getattr(args, name, None))
    try:
        return int(args.run(args))
    except AuditorError as e:
        sys.stderr.write(f"schema-auditor: error: {message_line(str(e))}\n")
        return int(e.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("schema-auditor: interrupted\n")
        return int(ExitCode.INTERRUPTED)
    except SystemExit as e:
        if not isinstance(e.code, int) or e.code <= 128:
            raise
        sys.stderr.write(f"schema-auditor: stopped by signal {e.code - 128}\n")
        return e.code
    except BrokenPipeError:
        return int(ExitCode.OK)
    except Exception as e:  # a bug: say so in one line, never "clean"
        if args.debug or os.environ.get("SCHEMA_AUDITOR_DEBUG"):
            import traceback

            traceback.print_exc()  # through the guarded stderr: a traceback is redacted like the rest
            return INTERNAL_ERROR
        sys.stderr.write(
            f"schema-auditor: internal error: {type(e).__name__}: {message_line(str(e))} "
            "(rerun with --debug for a traceback, and please report it)\n"
        )
        return INTERNAL_ERROR
