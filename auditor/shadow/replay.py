"""Replay a migrations folder into a shadow database, the way the Supabase CLI applies it.

* Files named ``<digits>_<name>.sql`` in lexical order; anything else is skipped, with a reason.
* One session for the whole replay, ``RESET ALL`` before each file (a file's ``SET`` does not leak
  into the next).
* Each file's statements run as one implicit transaction, sent in one round trip: a file that
  fails leaves nothing behind. Statements PostgreSQL refuses inside a transaction block
  (``CREATE INDEX CONCURRENTLY``, ``VACUUM``...) run on their own between batches, and a file that
  writes its own ``BEGIN``/``COMMIT`` runs statement by statement, as the CLI does.
* A failure raises :class:`MigrationError` naming the file, the line, the statement and the
  server's message.
"""

from __future__ import annotations

import contextlib
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import psycopg

from auditor.connect import redact
from auditor.errors import DatabaseError, InputError, MigrationError
from auditor.migrations.files import read_migration_text
from auditor.model import Location
from auditor.shadow.platform import (
    Platform,
    Prepared,
    database_substitute,
    extension_substitute,
    prepare,
    resolve_platform,
)
from auditor.shadow.providers import ShadowDatabase
from auditor.shadow.statements import Statement, as_query, line_of, split_statements

MIGRATION_NAME = re.compile(r"^([0-9]+)_(.*)\.sql$")
_UNAVAILABLE_EXTENSION = re.compile(r'^extension ".*" is not available$')

Progress = Callable[[int, int, str], None]  # (files done, files total, file name)


def progress_lines(say: Callable[[str], None], every: int = 50) -> Progress:
    """A progress callback passing ``replayed 50/350 migrations (..._name.sql)`` to ``say`` every
    ``every`` files and after the last one: long histories show they are moving."""

    def report(done: int, total: int, name: str) -> None:
        if done % every == 0 or done == total:
            say(f"replayed {done}/{total} migrations ({name})")

    return report


def progress_printer(stream: TextIO | None = None, every: int = 50) -> Progress:
    """:func:`progress_lines` writing ``schema-auditor: ...`` lines to ``stream`` (stderr)."""

    def say(line: str) -> None:
        out = stream or sys.stderr
        out.write(f"schema-auditor: {line}\n")
        out.flush()

    return progress_lines(say, every)


@dataclass(frozen=True)
class SkippedFile:
    name: str
    reason: str


@dataclass(frozen=True)
class ReplayResult:
    applied: tuple[str, ...]
    skipped: tuple[SkippedFile, ...]
    platform: str
    seconds: float
    statements: int = 0
    file_seconds: tuple[tuple[str, float], ...] = field(default=(), repr=False)


def list_migrations(migrations_dir: str | Path) -> tuple[list[Path], list[SkippedFile]]:
    """The files replay applies, in order, and those it skips with the reason."""
    root = Path(migrations_dir)
    if not root.is_dir():
        raise InputError(f"migrations folder {root} not found", hint="check --migrations")
    files: list[Path] = []
    skipped: list[SkippedFile] = []
    for p in sorted(root.iterdir(), key=lambda p: p.name):
        if p.is_dir():
            skipped.append(SkippedFile(p.name, "a directory, not a migration file"))
        elif not MIGRATION_NAME.match(p.name):
            skipped.append(SkippedFile(p.name, 'file name must match "<timestamp>_name.sql"'))
        else:
            files.append(p)
    return files, skipped


def replay(
    migrations_dir: str | Path,
    shadow: ShadowDatabase,
    *,
    platform: str = "auto",
    progress: Progress | None = None,
) -> ReplayResult:
    """Prepare the platform profile in ``shadow`` and apply every migration of ``migrations_dir``."""
    started = time.monotonic()
    files, skipped = list_migrations(migrations_dir)
    sources = [(p, _read(p)) for p in files]
    profile: Platform = resolve_platform(platform, [s for _, s in sources])
    try:
        prepared = prepare(shadow, profile)
    except psycopg.Error as e:
        raise DatabaseError(f"cannot prepare the {profile.name} platform in the shadow: {_msg(e)}") from None
    count = 0
    timings: list[tuple[str, float]] = []
    try:
        conn = psycopg.connect(shadow.dsn, autocommit=True, application_name="schema-auditor replay")
    except psycopg.Error as e:
        raise DatabaseError(f"cannot connect to the shadow database: {_msg(e)}") from None
    with conn:
        for i, (path, text) in enumerate(sources, 1):
            t0 = time.monotonic()
            count += _apply_file(conn, path, text, prepared)
            timings.append((path.name, time.monotonic() - t0))
            if progress:
                progress(i, len(sources), path.name)
    return ReplayResult(
        applied=tuple(p.name for p in files),
        skipped=tuple(skipped),
        platform=profile.name,
        seconds=time.monotonic() - started,
        statements=count,
        file_seconds=tuple(timings),
    )


def _read(path: Path) -> str:
    # Only a regular file inside the folder (a link to ~/.pgpass or a FIFO is refused); a BOM is not SQL.
    return read_migration_text(path)


def _apply_file(conn: psycopg.Connection[Any], path: Path, text: str, prepared: Prepared) -> int:
    statements, _parsed = split_statements(text)
    if not statements:
        return 0
    conn.execute("RESET ALL")
    sendable = [(st, _substitute(st, prepared)) for st in statements]
    if any(st.transaction_control for st in statements):
        # The file owns its transactions: run it as written, one statement at a time.
        for st, sql_text in sendable:
            try:
                conn.execute(as_query(sql_text))
            except psycopg.Error as e:
                _rollback_quietly(conn)
                raise _failure(path, text, st, e, None) from None
        return len(statements)
    for group in _groups(sendable):
        if len(group) == 1 and group[0][0].pipeline_incompatible:
            st, sql_text = group[0]
            try:
                conn.execute(as_query(sql_text))
            except psycopg.Error as e:
                raise _failure(path, text, st, e, None) from None
            continue
        _run_batch(conn, path, text, group)
    return len(statements)


def _substitute(st: Statement, prepared: Prepared) -> str:
    """The text to send for ``st``: a stand-in extension's script, the shadow's database name for
    ``postgres``, or the statement as written."""
    return (
        extension_substitute(st.node, prepared)
        or database_substitute(st.node, st.text, prepared.dbname)
        or st.text
    )


def _groups(sendable: list[tuple[Statement, str]]) -> Iterator[list[tuple[Statement, str]]]:
    """Runs of statements that share a transaction, split around the pipeline-incompatible ones."""
    run: list[tuple[Statement, str]] = []
    for item in sendable:
        if item[0].pipeline_incompatible:
            if run:
                yield run
                run = []
            yield [item]
        else:
            run.append(item)
    if run:
        yield run


def _run_batch(
    conn: psycopg.Connection[Any], path: Path, text: str, group: list[tuple[Statement, str]]
) -> None:
    """Send the statements as one simple-protocol query: one implicit transaction, one round trip."""
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    for _, sql_text in group:
        starts.append(pos)
        # The newline first: a statement may end in a -- comment that would swallow the semicolon.
        parts.append(sql_text + "\n;\n")
        pos += len(sql_text) + 3
    try:
        conn.execute(as_query("".join(parts)))
        return
    except psycopg.Error as e:
        error = e
    # Which statement failed: the server's error position when it gave one, else replay the
    # statements one by one in a transaction that is rolled back, until one fails.
    position = _int(error.diag.statement_position)
    if position is not None:
        at = position - 1
        for k in range(len(group) - 1, -1, -1):
            if at >= starts[k]:
                st, sql_text = group[k]
                inner = at - starts[k]
                offset = st.offset + inner if sql_text == st.text else None
                raise _failure(path, text, st, error, offset)
    failing = _probe(conn, group)
    if failing is None:
        raise MigrationError(
            f"migration failed: {_msg(error)}", location=Location(str(path), group[0][0].line)
        )
    raise _failure(path, text, failing, error, None)


def _probe(conn: psycopg.Connection[Any], group: list[tuple[Statement, str]]) -> Statement | None:
    failing = None
    try:
        conn.execute("BEGIN")
        for st, sql_text in group:
            try:
                conn.execute(as_query(sql_text))
            except psycopg.Error:
                failing = st
                break
    finally:
        _rollback_quietly(conn)
    return failing


def _rollback_quietly(conn: psycopg.Connection[Any]) -> None:
    with contextlib.suppress(psycopg.Error):
        conn.execute("ROLLBACK")


def _failure(path: Path, text: str, st: Statement, e: psycopg.Error, offset: int | None) -> MigrationError:
    line = line_of(text, offset) if offset is not None else st.line
    primary = getattr(e.diag, "message_primary", None) or ""
    if e.sqlstate == "0A000" and _UNAVAILABLE_EXTENSION.match(primary):
        # The detail names a control file path on the shadow server: noise. Say what to do instead.
        return MigrationError(
            f"migration failed at `{st.head}`: {primary} on the shadow server",
            location=Location(str(path), line),
            hint="schema-auditor has no stand-in for it: replay on a server that has it "
            "(--shadow dsn, or --shadow docker with an image that ships it)",
        )
    return MigrationError(
        f"migration failed at `{st.head}`: {_msg(e)}",
        location=Location(str(path), line),
    )


def _msg(e: BaseException) -> str:
    diag = getattr(e, "diag", None)
    primary = getattr(diag, "message_primary", None) if diag is not None else None
    text = primary or (str(e).strip().splitlines() or [type(e).__name__])[0]
    detail = getattr(diag, "message_detail", None) if diag is not None else None
    if detail:
        text += f" ({detail})"
    return redact(text)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None
