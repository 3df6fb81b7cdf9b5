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
* Migrations run as the shadow's restricted replay role (no superuser); ``CREATE EXTENSION`` of
  an extension that reaches outside the shadow is refused before it is sent, one on the allow-list
  is created by the platform helper (:mod:`auditor.shadow.platform`).
* A statement that runs longer than ``statement_timeout`` seconds, or a replay longer than
  ``replay_timeout``, is stopped (:mod:`auditor.shadow.watchdog`): a :class:`MigrationError` naming
  the file, line and statement.
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
from auditor.replay_limits import DEFAULT_REPLAY_TIMEOUT, DEFAULT_STATEMENT_TIMEOUT
from auditor.shadow.platform import (
    Platform,
    Prepared,
    database_substitute,
    extension_refusal,
    extension_substitute,
    owner_substitute,
    prepare,
    remove_helper,
    resolve_platform,
    setting_substitute,
)
from auditor.shadow.providers import ShadowDatabase
from auditor.shadow.statements import Statement, as_query, line_of, split_statements
from auditor.shadow.watchdog import MARKER, Expired, Watchdog

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
    extensions: frozenset[str] = frozenset(),
    statement_timeout: float | None = DEFAULT_STATEMENT_TIMEOUT,
    replay_timeout: float | None = DEFAULT_REPLAY_TIMEOUT,
) -> ReplayResult:
    """Prepare the platform profile in ``shadow`` and apply every migration of ``migrations_dir``.

    ``extensions``: names the user allows beyond the allow-list (``--shadow-extension``), even
    ones that reach outside the shadow. ``statement_timeout``/``replay_timeout``: seconds (None:
    no limit)."""
    started = time.monotonic()
    files, skipped = list_migrations(migrations_dir)
    sources = [(p, _read(p)) for p in files]
    profile: Platform = resolve_platform(platform, [s for _, s in sources])
    try:
        prepared = prepare(shadow, profile, frozenset(extensions))
    except psycopg.Error as e:
        raise DatabaseError(f"cannot prepare the {profile.name} platform in the shadow: {_msg(e)}") from None
    count = 0
    timings: list[tuple[str, float]] = []
    try:
        conn = psycopg.connect(shadow.migration_dsn, autocommit=True, application_name=_APP)
    except psycopg.Error as e:
        raise DatabaseError(f"cannot connect to the shadow database: {_msg(e)}") from None
    watchdog = Watchdog(conn, shadow.dsn, statement_timeout, replay_timeout)
    try:
        with conn:
            for i, (path, text) in enumerate(sources, 1):
                t0 = time.monotonic()
                try:
                    count += _apply_file(conn, path, text, prepared, watchdog)
                except psycopg.OperationalError as e:
                    if not conn.closed:
                        raise
                    raise _lost(path, 1, e) from None
                timings.append((path.name, time.monotonic() - t0))
                if progress:
                    progress(i, len(sources), path.name)
    finally:
        watchdog.close()
    try:
        remove_helper(shadow)
    except psycopg.Error as e:
        raise DatabaseError(f"cannot finish the replay in the shadow: {_msg(e)}") from None
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


_APP = "schema-auditor replay"


def _apply_file(
    conn: psycopg.Connection[Any], path: Path, text: str, prepared: Prepared, watchdog: Watchdog
) -> int:
    statements, _parsed = split_statements(text, str(path))
    if not statements:
        return 0
    for st in statements:
        refusal = extension_refusal(st.node, prepared)
        if refusal:
            raise MigrationError(
                f"migration refused at `{st.head}`: {refusal}",
                location=Location(str(path), st.line),
                hint=f"if the migration is trusted: --shadow-extension {getattr(st.node, 'extname', '')}",
            )
    _timed(conn, watchdog, path, text, statements[0], "RESET ALL")
    sendable = [(st, _substitute(st, prepared)) for st in statements]
    if any(st.transaction_control for st in statements):
        # The file owns its transactions: run it as written, one statement at a time.
        for st, sql_text in sendable:
            try:
                _timed(conn, watchdog, path, text, st, sql_text)
            except psycopg.Error as e:
                _rollback_quietly(conn)
                raise _failure(path, text, st, e, None) from None
        return len(statements)
    for group in _groups(sendable):
        if len(group) == 1 and group[0][0].pipeline_incompatible:
            st, sql_text = group[0]
            try:
                _timed(conn, watchdog, path, text, st, sql_text)
            except psycopg.Error as e:
                raise _failure(path, text, st, e, None) from None
            continue
        _run_batch(conn, path, text, group, watchdog)
    return len(statements)


def _timed(
    conn: psycopg.Connection[Any], watchdog: Watchdog, path: Path, text: str, st: Statement, sql_text: str
) -> None:
    """Run one statement under the watchdog; a limit that runs out is a MigrationError at ``st``."""
    _check_expired(watchdog.check_replay(), path, text, [st])
    try:
        with watchdog.running():
            conn.execute(as_query(sql_text))
    except psycopg.Error:
        _check_expired(watchdog.expired, path, text, [st])
        raise


def _check_expired(expired: Expired | None, path: Path, text: str, statements: list[Statement]) -> None:
    if expired is None:
        return
    st = (
        statements[expired.index]
        if expired.index is not None and expired.index < len(statements)
        else statements[0]
    )
    flag = "--replay-statement-timeout" if expired.limit == "statement" else "--replay-timeout"
    what = "the statement" if expired.limit == "statement" else "the replay"
    raise MigrationError(
        f"migration stopped at `{st.head}`: {what} ran longer than {expired.seconds:g} s",
        location=Location(str(path), st.line),
        hint=f"a migration that sleeps, loops or waits on a lock? if it is real work, raise {flag}",
    )


def _substitute(st: Statement, prepared: Prepared) -> str:
    """The text to send for ``st``: the helper's call or a stand-in extension's script, the shadow's
    database name for ``postgres``, the replay role for the owner role, or the statement as written."""
    ext = extension_substitute(st.node, prepared)
    if ext:
        return ext
    setting = setting_substitute(st.node, prepared)
    if setting:
        return setting
    sql_text = database_substitute(st.node, st.text, prepared.dbname) or st.text
    return owner_substitute(st.node, sql_text, prepared) or sql_text


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
    conn: psycopg.Connection[Any],
    path: Path,
    text: str,
    group: list[tuple[Statement, str]],
    watchdog: Watchdog,
) -> None:
    """Send the statements as one simple-protocol query: one implicit transaction, one round trip.

    Each statement is preceded by ``SET application_name = 'sa-replay <index>'``: the watchdog
    reads it from pg_stat_activity to name the statement that ran out of time."""
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    for k, (_, sql_text) in enumerate(group):
        marker = f"SET application_name = '{MARKER}{k}';\n"
        pos += len(marker)
        starts.append(pos)
        # The newline first: a statement may end in a -- comment that would swallow the semicolon.
        parts.append(marker + sql_text + "\n;\n")
        pos += len(sql_text) + 3
    _check_expired(watchdog.check_replay(), path, text, [group[0][0]])
    try:
        with watchdog.running():
            conn.execute(as_query("".join(parts)))
        return
    except psycopg.Error as e:
        error = e
    _check_expired(watchdog.expired, path, text, [st for st, _ in group])
    if conn.closed:  # nothing left to probe the statements with
        raise _lost(path, group[0][0].line, error)
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
    failing = _probe(conn, group, watchdog)
    _check_expired(watchdog.expired, path, text, [failing or group[0][0]])
    if failing is None:
        raise MigrationError(
            f"migration failed: {_msg(error)}", location=Location(str(path), group[0][0].line)
        )
    raise _failure(path, text, failing, error, None)


def _probe(
    conn: psycopg.Connection[Any], group: list[tuple[Statement, str]], watchdog: Watchdog
) -> Statement | None:
    failing = None
    try:
        conn.execute("BEGIN")
        for st, sql_text in group:
            try:
                with watchdog.running():
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


def _lost(path: Path, line: int, e: psycopg.Error) -> MigrationError:
    """The shadow ended the replay's session mid-file: a statement terminated its own backend
    (``pg_terminate_backend(pg_backend_pid())``), or the shadow server stopped."""
    return MigrationError(
        f"the shadow database closed the connection during this migration: {_msg(e)}",
        location=Location(str(path), line),
        hint="a statement from this line on ended its own session or stopped the server; "
        "migrations must not terminate backends",
    )


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
