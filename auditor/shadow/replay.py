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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import psycopg

from auditor.connect import redact
from auditor.errors import DatabaseError, MigrationError
from auditor.migrations.files import read_migration_text
from auditor.migrations.folder import NAMING_RULE, read_folder, skipped_sql
from auditor.migrations.folder import SkippedFile as SkippedFile  # re-exported: auditor.shadow's API
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
from auditor.shadow.statements import (
    Statement,
    as_query,
    line_of,
    pipeline_incompatible,
    replay_node,
    split_statements,
    transaction_control,
)
from auditor.shadow.watchdog import MARKER, Expired, Watchdog

_UNAVAILABLE_EXTENSION = re.compile(r'^extension ".*" is not available$')

Progress = Callable[[int, int, str], None]  # (files done, files total, file name)


def progress_lines(
    say: Callable[[str], None], every: int = 50, seconds: float = 5.0, what: str = "migrations"
) -> Progress:
    """A progress callback passing ``replayed 50/350 migrations in 4.1 s (..._name.sql)`` to ``say``
    every ``every`` files, whenever ``seconds`` have passed since the last line, and after the last
    file: a long history shows it is moving, and how fast. The clock starts when it is made."""
    started = time.monotonic()
    last = [started]

    def report(done: int, total: int, name: str) -> None:
        now = time.monotonic()
        if done % every == 0 or done == total or now - last[0] >= seconds:
            last[0] = now
            say(f"replayed {done}/{total} {what} in {now - started:.1f} s ({name})")

    return report


def progress_printer(stream: TextIO | None = None, every: int = 50, seconds: float = 5.0) -> Progress:
    """:func:`progress_lines` writing ``schema-auditor: ...`` lines to ``stream`` (stderr)."""

    def say(line: str) -> None:
        out = stream or sys.stderr
        out.write(f"schema-auditor: {line}\n")
        out.flush()

    return progress_lines(say, every, seconds)


@dataclass(frozen=True)
class ReplayResult:
    applied: tuple[str, ...]
    skipped: tuple[SkippedFile, ...]
    platform: str
    seconds: float
    statements: int = 0
    file_seconds: tuple[tuple[str, float], ...] = field(default=(), repr=False)


def list_migrations(migrations_dir: str | Path) -> tuple[list[Path], list[SkippedFile]]:
    """The files replay applies, in order, and those it skips with the reason (the folder model's
    :attr:`~auditor.migrations.folder.MigrationFolder.applied` and ``skipped``)."""
    folder = read_folder(migrations_dir)
    return list(folder.applied), list(folder.skipped)


def replay(
    migrations_dir: str | Path,
    shadow: ShadowDatabase,
    *,
    platform: str = "auto",
    progress: Progress | None = None,
    extensions: frozenset[str] = frozenset(),
    statement_timeout: float | None = DEFAULT_STATEMENT_TIMEOUT,
    replay_timeout: float | None = DEFAULT_REPLAY_TIMEOUT,
    files: Sequence[Path] | None = None,
    kind: str = "migration",
) -> ReplayResult:
    """Prepare the platform profile in ``shadow`` and apply every migration of ``migrations_dir``.

    ``extensions``: names the user allows beyond the allow-list (``--shadow-extension``), even
    ones that reach outside the shadow. ``statement_timeout``/``replay_timeout``: seconds (None:
    no limit). ``files``: these files in this order instead of the folder's migrations (a SQL spec:
    no naming rule), each read only when it is inside ``migrations_dir``; ``kind`` names them in
    errors. A failure is a :class:`MigrationError` naming the file, the line, the statement, its
    SQLSTATE and the likely cause, and the files the naming rule skipped (often the cause)."""
    started = time.monotonic()
    root = Path(migrations_dir)
    if files is None:
        files, skipped = list_migrations(root)
    else:
        files, skipped = list(files), []
    sources = [(p, _read(p, root if kind != "migration" else None)) for p in files]
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
                    raise _in_context(_lost(path, 1, e), skipped, kind, i - 1, len(sources)) from None
                except MigrationError as e:
                    raise _in_context(e, skipped, kind, i - 1, len(sources)) from None
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


def _in_context(
    e: MigrationError, skipped: Sequence[SkippedFile], kind: str, applied: int, total: int
) -> MigrationError:
    """The replay's failure with what the replay knows around it: how far it got, and the ``.sql``
    files the naming rule skipped (not replayed: one of them may create what the statement needs)."""
    message = e.message
    if kind != "migration" and message.startswith("migration "):
        message = f"{kind} " + message.removeprefix("migration ")
    message += f" (after {applied} of {total} file(s) applied)"
    hint = e.hint
    sql = [s.name for s in skipped_sql(skipped)]
    if sql:
        shown = ", ".join(sql[:8]) + (f" and {len(sql) - 8} more" if len(sql) > 8 else "")
        hint = (f"{hint}; " if hint else "") + (
            f"not replayed, skipped by the naming rule ({NAMING_RULE}): {shown}; "
            "if one of them creates what this statement needs, rename it"
        )
    return MigrationError(message, hint=hint, location=e.location)


def _read(path: Path, folder: Path | None = None) -> str:
    # Only a regular file inside the folder (a link to ~/.pgpass or a FIFO is refused); a BOM is not SQL.
    return read_migration_text(path, folder)


_APP = "schema-auditor replay"


def _apply_file(
    conn: psycopg.Connection[Any], path: Path, text: str, prepared: Prepared, watchdog: Watchdog
) -> int:
    statements, whole = split_statements(text, str(path))
    if not statements:
        return 0
    nodes = [replay_node(st, whole) for st in statements]
    for st, node in zip(statements, nodes, strict=True):
        refusal = extension_refusal(node, prepared)
        if refusal:
            raise MigrationError(
                f"migration refused at `{st.head}`: {refusal}",
                location=Location(str(path), st.line),
                hint=f"if the migration is trusted: --shadow-extension {getattr(node, 'extname', '')}",
            )
    _timed(conn, watchdog, path, text, statements[0], "RESET ALL")
    sendable = [(st, _substitute(st, node, prepared)) for st, node in zip(statements, nodes, strict=True)]
    if any(transaction_control(st) for st in statements):
        # The file owns its transactions: run it as written, one statement at a time.
        for st, sql_text in sendable:
            try:
                _timed(conn, watchdog, path, text, st, sql_text)
            except psycopg.Error as e:
                _rollback_quietly(conn)
                raise _failure(path, text, st, e, None) from None
        return len(statements)
    for group in _groups(sendable):
        if len(group) == 1 and pipeline_incompatible(group[0][0]):
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


def _substitute(st: Statement, node: Any, prepared: Prepared) -> str:
    """The text to send for ``st``: the helper's call or a stand-in extension's script, the shadow's
    database name for ``postgres``, the replay role for the owner role, or the statement as written."""
    ext = extension_substitute(node, prepared)
    if ext:
        return ext
    setting = setting_substitute(node, prepared)
    if setting:
        return setting
    sql_text = database_substitute(node, st.text, prepared.dbname) or st.text
    return owner_substitute(node, sql_text, prepared) or sql_text


def _groups(sendable: list[tuple[Statement, str]]) -> Iterator[list[tuple[Statement, str]]]:
    """Runs of statements that share a transaction, split around the pipeline-incompatible ones."""
    run: list[tuple[Statement, str]] = []
    for item in sendable:
        if pipeline_incompatible(item[0]):
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
    state = f" [SQLSTATE {e.sqlstate}]" if e.sqlstate else ""
    if e.sqlstate == "0A000" and _UNAVAILABLE_EXTENSION.match(primary):
        # The detail names a control file path on the shadow server: noise. Say what to do instead.
        return MigrationError(
            f"migration failed at `{st.head}`: {primary} on the shadow server{state}",
            location=Location(str(path), line),
            hint="schema-auditor has no stand-in for it: replay on a server that has it "
            "(--shadow dsn, or --shadow docker with an image that ships it)",
        )
    return MigrationError(
        f"migration failed at `{st.head}`: {_msg(e)}{state}",
        location=Location(str(path), line),
        hint=likely_cause(e.sqlstate, getattr(e.diag, "message_hint", None)),
    )


# The likely cause of a replay failure, by SQLSTATE (else by its class, the first two characters).
_CAUSES: dict[str, str] = {
    "42P01": "a table or view it uses does not exist yet: made by a later file, by a skipped file, "
    "or by the platform (a platform table the shadow's profile lacks)",
    "42703": "a column it uses does not exist: added or renamed by a later file?",
    "42883": "a function or operator it calls does not exist with these argument types: made by a "
    "later file, in a schema not on the search_path, or by an extension not created before",
    "42704": "a type, role or other object it names does not exist: a role the platform or the "
    "cluster has (create it in a migration), or a type of an extension not created before",
    "3F000": "the schema does not exist: made by a later or skipped file, or by the platform",
    "42P07": "it exists already: made twice (by an earlier file, or the platform has it); "
    "IF NOT EXISTS, or remove the duplicate",
    "42710": "it exists already: made twice (by an earlier file, or the platform has it); "
    "IF NOT EXISTS, or remove the duplicate",
    "42723": "the function exists already with these arguments: CREATE OR REPLACE, or remove the duplicate",
    "42P06": "the schema exists already: CREATE SCHEMA IF NOT EXISTS",
    "42701": "the column exists already: ADD COLUMN IF NOT EXISTS, or remove the duplicate",
    "42501": "migrations run in the shadow as a role that is not superuser, as on a hosted platform: "
    "a statement that needs superuser (ALTER SYSTEM, a C function, an untrusted language, another "
    "role's object) does not replay",
    "42601": "a syntax error: a typo, or syntax of another PostgreSQL major than the shadow's "
    "(--shadow-version)",
    "0A000": "the shadow's PostgreSQL does not support it: another major (--shadow-version), or "
    "an extension the shadow lacks",
    "2BP01": "other objects depend on it: drop them first, or CASCADE",
    "25001": "it cannot run inside a transaction block, and the file runs in one",
    "42809": "the object is of another kind than the statement expects (a view where a table is meant?)",
    "P0001": "the migration raised this error itself (RAISE EXCEPTION): a check it makes failed on the "
    "shadow, which holds no data",
}
_CLASS_CAUSES: dict[str, str] = {
    "23": "data the statement writes or keeps breaks a constraint (seed rows, or a constraint added "
    "over rows that break it)",
    "22": "a value the statement writes or casts is invalid for its type",
    "42": "the statement does not fit the schema the earlier files built",
    "53": "the shadow ran out of a resource (disk, memory, connections)",
    "55": "an object is in use or locked by another session",
    "57": "the statement was cancelled or the shadow server shut down",
    "XX": "an internal error of the shadow's PostgreSQL",
}


def likely_cause(sqlstate: str | None, server_hint: str | None = None) -> str | None:
    """What most likely made a statement with this SQLSTATE fail in a replay, and the server's own
    hint when it gave one; None when neither says anything."""
    parts = []
    cause = _CAUSES.get(sqlstate or "") or _CLASS_CAUSES.get((sqlstate or "")[:2])
    if cause:
        parts.append(f"likely cause: {cause}")
    if server_hint:
        parts.append(f"server hint: {redact(server_hint)}")
    return "; ".join(parts) or None


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
