"""Command line: ``schema-auditor <command>``. Each command lives in its own module exposing
``register(subparsers)``; the module's ``run(args)`` returns an exit code."""

from __future__ import annotations

import argparse
import contextlib
import difflib
import importlib
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from typing import Any, NoReturn

from auditor import __version__
from auditor.exitcodes import EXIT_CODES_HELP, ExitCode

# name -> one-line help, in the order of `schema-auditor --help`. A static table, so that --help,
# --version and a mistyped command import no command module; the chosen command's module is the only
# one imported (tests/cli/test_conventions.py checks each line against its module's own help).
COMMANDS: dict[str, str] = {
    "audit": "compare spec, migrations and live database; check rules; write reports",
    "snapshot": "write the live database schema as a spec (expected_schema.yaml)",
    "baseline": "record the current findings' fingerprints in a baseline file",
    "schema": "print the JSON Schema of the spec or of the JSON report",
    "lint-migrations": "lint migration files for operations that lock or rewrite tables",
    "history": "compare the database's applied-migrations table with the migrations folder",
    "fix": "write a new migration that keeps what live has, from an audit's findings",
    "check": "check the compliance rules (RLS, grants, indexes, conventions) on one source",
    "rules": "list the compliance and lint rules, or show one rule's documentation",
    "fleet": "audit many databases or tenant schemas against the same sources; one fleet report",
    "completion": "print a shell completion script (bash, zsh or fish)",
}

INTERNAL_ERROR = 70  # a bug in schema-auditor (EX_SOFTWARE); never reported as clean

COLOR_MODES = ("auto", "always", "never")
# Options of the top level that take a value: the word after them is not the command.
_VALUE_OPTIONS = frozenset({"--color"})


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # argparse's own exit code is 2 as well; keep one line and name the fix.
        self.print_usage(sys.stderr)
        sys.stderr.write(f"schema-auditor: error: {message} (see --help)\n")
        sys.exit(ExitCode.USAGE)


def add_general_options(p: argparse.ArgumentParser, *, top: bool) -> None:
    """--color, -v/--verbose, -q/--quiet and --debug: accepted before and after the command. A
    command's copies default to SUPPRESS so that they never overwrite what was given before it."""
    d: dict[str, Any] = {} if top else {"default": argparse.SUPPRESS}
    g = p.add_argument_group("general options")
    g.add_argument(
        "--color",
        choices=COLOR_MODES,
        help="colour the terminal output: auto (the default: on a terminal; NO_COLOR turns it off, "
        "FORCE_COLOR on), always or never",
        **({"default": "auto"} if top else d),
    )
    g.add_argument(
        "-v",
        "--verbose",
        action="count",
        help="say more: progress and each stage's time (repeatable)",
        **({"default": 0} if top else d),
    )
    g.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="say less: the verdict line and errors only",
        **({"default": False} if top else d),
    )
    g.add_argument(
        "--debug",
        action="store_true",
        help="show a traceback on internal errors",
        **({"default": False} if top else d),
    )


class _CommandParser(_Parser):
    """A command's parser: the general options are added to every command."""

    def __init__(self, *a: Any, **kw: Any) -> None:
        super().__init__(*a, **kw)
        if self.add_help:  # the placeholders listed by the top-level --help have none
            add_general_options(self, top=False)


def command_word(words: Sequence[str]) -> str | None:
    """The command named in ``words``: the first word that is no option nor an option's value."""
    skip = False
    for w in words:
        if skip:
            skip = False
        elif w == "--":
            return None
        elif w in _VALUE_OPTIONS:
            skip = True
        elif not w.startswith("-"):
            return w
    return None


def build_parser(command: str | None = None, *, every: bool = False) -> argparse.ArgumentParser:
    """The top-level parser with ``command``'s own parser (its module is the only one imported: a
    lint run does not load psycopg); with ``every``, every command's (shell completion); else the
    static table's names and one-line helps, which is all --help and --version need."""
    parser = _Parser(
        prog="schema-auditor",
        description="PostgreSQL schema drift auditor and compliance checker.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"schema-auditor {__version__}")
    add_general_options(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_CommandParser)
    for name, help_ in COMMANDS.items():
        if every or name == command:
            importlib.import_module(f"auditor.cli.{name.replace('-', '_')}").register(sub)
        else:
            sub.add_parser(name, help=help_, add_help=False)
    return parser


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean {close[0]}?" if close else ""


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
    from auditor.redact import guarded_output

    with guarded_output(), _terminating_signals():
        try:
            return _main(argv)
        finally:
            atomic = sys.modules.get("auditor.atomic")  # not imported: nothing was written
            if atomic is not None:
                atomic.discard_all()  # what an interruption left of a write in progress


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
    command = command_word(words)
    if command is not None and command not in COMMANDS:
        sys.stderr.write(
            f"schema-auditor: error: unknown command {command!r}{did_you_mean(command, list(COMMANDS))} "
            f"(commands: {', '.join(COMMANDS)}; see --help)\n"
        )
        return int(ExitCode.USAGE)
    parser = build_parser(command)
    args = parser.parse_args(words)
    from auditor.termcolor import set_mode

    set_mode(args.color)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return int(ExitCode.USAGE)
    from auditor.errors import AuditorError
    from auditor.redact import message_line, register_dsn

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
