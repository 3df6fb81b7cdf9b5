"""Applied-history check: the database's record of applied migrations against the repository.

Supported history tables (``table="auto"`` finds the first present, in this order):

* Supabase CLI: ``supabase_migrations.schema_migrations(version text, name text, statements text[])``.
  The CLI stores the statements it ran: *modified* compares them with the file's statements,
  token by token through PostgreSQL's scanner (whitespace, comments and the way the file is split
  into statements do not count).
* Flyway: ``flyway_schema_history(version, description, script, checksum, success, ...)`` in any
  schema. *modified* compares Flyway's CRC32 checksum of the file; a row with ``success = false``
  is a failed migration.
* Any other table, named ``schema.table``: it needs a ``version`` column; ``name`` or
  ``description``, ``statements`` (text[]) and ``checksum`` are used when present.
* ``none``: the project keeps no history (it applies migrations with ``psql -f``): nothing is
  checked and no finding is made; drift a migration would explain is attributed as *applied history
  unknown*, never as a certainty (:mod:`auditor.compare.attribution`).

Findings (object ``migration:<version>``, category ``history``):

=======  ========  ===========================================================================
HIS001   warning   pending: in the repository, not applied (``--fail-on HIS001`` gates a deploy
                   on it; a pre-deploy check wants pending migrations, a post-deploy one not)
HIS002   error     unknown: applied, but no file in the repository has its version
HIS003   error     modified: the applied content differs from the file
HIS004   error     out of order: pending, but older than the newest applied migration (the
                   Supabase CLI refuses to push it without ``--include-all``)
HIS005   warning   no history table: which migrations are applied cannot be verified; says how to
                   enable the check (record history as the Supabase CLI does, name the table with
                   ``--history-table``, or declare ``--history-table none``). The ``history``
                   command, whose whole job is this check, makes it an error.
HIS006   error     failed: the history records the migration as failed (Flyway)
HIS007   info      not comparable: the history stores neither statements nor a checksum
=======  ========  ===========================================================================
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from auditor.connect import Timeouts, database_error, describe, snapshot
from auditor.errors import UsageError
from auditor.findings import Category, Finding, Level
from auditor.migrations.folder import RepoMigration, read_folder
from auditor.migrations.parse import migration_path
from auditor.model import Catalog, FrozenMap, Location

PENDING, UNKNOWN, MODIFIED, OUT_OF_ORDER, NO_HISTORY, FAILED, NOT_COMPARABLE = (
    "HIS001",
    "HIS002",
    "HIS003",
    "HIS004",
    "HIS005",
    "HIS006",
    "HIS007",
)

NO_TABLE = "none"  # --history-table none: the project keeps no history
SUPABASE_TABLE = ("supabase_migrations", "schema_migrations")
FLYWAY_TABLE = "flyway_schema_history"


@dataclass(frozen=True)
class Applied:
    """One row of the history table."""

    version: str
    name: str | None = None
    statements: tuple[str, ...] | None = None
    checksum: int | None = None
    success: bool = True


def history_findings(
    dsn: str,
    migrations_dir: str | Path,
    *,
    table: str = "auto",
    timeouts: Timeouts | None = None,
    no_table_level: Level = Level.WARNING,
) -> list[Finding]:
    """Compare the applied-migrations table of the database at ``dsn`` with ``migrations_dir``.

    ``table`` is ``auto``, ``supabase``, ``flyway``, ``schema.table`` or ``none`` (the project keeps
    no history: nothing to check, no finding). A missing table is one HIS005 finding at
    ``no_table_level``. Raises :class:`~auditor.errors.DatabaseError` when the database cannot be read.
    """
    if table == NO_TABLE:
        return []
    repo = repository_migrations(migrations_dir)
    with snapshot(dsn, timeouts=timeouts) as conn:
        found = _find_table(conn, table)
        if found is None:
            return [no_history_finding(table, describe(dsn), len(repo), no_table_level)]
        applied = _read(conn, *found)
    return compare_history(applied, repo)


def no_history_finding(table: str, where: str, count: int, level: Level = Level.WARNING) -> Finding:
    """HIS005: the database keeps no record of applied migrations, and how to enable the check."""
    named = "supabase_migrations.schema_migrations or flyway_schema_history" if table == "auto" else table
    return Finding(
        code=NO_HISTORY,
        level=level,
        object="migration:*",
        message=f"no migration history table ({named}) in {where}: which of the {count} migrations are "
        "applied cannot be verified, so drift a migration would explain is reported as "
        "'applied history unknown'",
        category=Category.HISTORY,
        kind="no-history",
        help="to enable the check, record applied migrations as the Supabase CLI does (supabase db "
        "push or supabase migration up write supabase_migrations.schema_migrations(version, name, "
        "statements)) or as Flyway does; name another table with --history-table schema.table; or "
        'declare that the project keeps none with --history-table none (history_table = "none" '
        "in the config), which silences this warning",
    )


def without_history_table(catalog: Catalog, table: str = "auto") -> Catalog:
    """``catalog`` without the migration tool's own bookkeeping: the history table ``table`` names
    (``auto``: Supabase's and Flyway's), and the ``supabase_migrations`` schema when nothing else is in
    it. It records the migrations, it is not one of the project's objects; a database built by the
    Supabase CLI or Flyway would otherwise show it as unexpected next to one built with ``psql -f``."""
    if table == NO_TABLE:
        return catalog
    named: set[tuple[str, str]] = set()
    flyway = table in ("auto", "flyway")
    if table in ("auto", "supabase"):
        named.add(SUPABASE_TABLE)
    elif not flyway:
        schema, dot, name = table.partition(".")
        if dot:
            named.add((schema, name))
    schemas = []
    changed = False
    for s in catalog.schemas.values():
        keep = {
            k: r
            for k, r in s.relations.items()
            if (s.name, r.name) not in named and not (flyway and r.name == FLYWAY_TABLE)
        }
        if len(keep) == len(s.relations):
            schemas.append(s)
            continue
        changed = True
        s = replace(s, relations=FrozenMap(keep))
        empty = not any(getattr(s, f.name) for f in fields(s) if isinstance(getattr(s, f.name), FrozenMap))
        if not (s.name == SUPABASE_TABLE[0] and empty):
            schemas.append(s)
    if not changed:
        return catalog
    return replace(catalog, schemas=FrozenMap((s.name, s) for s in schemas))


def compare_history(applied: Sequence[Applied], repo: Sequence[RepoMigration]) -> list[Finding]:
    """Pending, unknown, modified, out-of-order and failed migrations (no database needed)."""
    out: list[Finding] = []
    by_version = {m.version: m for m in repo}
    applied_versions = {a.version for a in applied}
    newest = max((a.version for a in applied), key=_version_key, default=None)
    for a in applied:
        m = by_version.get(a.version)
        if m is None:
            out.append(
                _finding(
                    UNKNOWN,
                    Level.ERROR,
                    a.version,
                    "unknown",
                    f"migration {a.version}{_label(a.name)} is applied but no file in the repository "
                    "has its version",
                    None,
                    help="add the file to the repository (supabase migration fetch / repair), or "
                    "mark the history entry reverted if it was applied by mistake",
                )
            )
            continue
        if not a.success:
            out.append(
                _finding(
                    FAILED,
                    Level.ERROR,
                    a.version,
                    "failed",
                    f"migration {m.path.name} is recorded as failed",
                    m,
                    help="repair the database and the history (flyway repair) before deploying",
                )
            )
            continue
        verdict = _content_matches(a, m)
        if verdict is False:
            out.append(
                _finding(
                    MODIFIED,
                    Level.ERROR,
                    a.version,
                    "modified",
                    f"migration {m.path.name} was changed after it was applied: the database ran "
                    "different SQL than the file holds",
                    m,
                    help="never edit an applied migration; revert the edit and add a new migration "
                    "with the change",
                )
            )
        elif verdict is None:
            out.append(
                _finding(
                    NOT_COMPARABLE,
                    Level.INFO,
                    a.version,
                    "not-comparable",
                    f"migration {m.path.name}: the history stores neither its statements nor a "
                    "checksum, so edits after applying cannot be detected",
                    m,
                )
            )
    for m in repo:
        if m.version in applied_versions:
            continue
        if newest is not None and _version_key(m.version) < _version_key(newest):
            out.append(
                _finding(
                    OUT_OF_ORDER,
                    Level.ERROR,
                    m.version,
                    "out-of-order",
                    f"migration {m.path.name} is not applied and is older than the newest applied "
                    f"migration {newest}: tools refuse or misorder it",
                    m,
                    help="rename it with a version after the newest applied one, or apply it "
                    "deliberately (supabase db push --include-all)",
                )
            )
        else:
            out.append(
                _finding(
                    PENDING,
                    Level.WARNING,
                    m.version,
                    "pending",
                    f"migration {m.path.name} is not applied yet",
                    m,
                    help="apply it (supabase db push / flyway migrate); gate deploys on it with "
                    "--fail-on HIS001",
                )
            )
    out.sort(key=lambda f: (_version_key(f.object.removeprefix("migration:")), f.code))
    return out


def repository_migrations(folder: str | Path) -> list[RepoMigration]:
    """The versioned migration files of a folder (the naming rule's ``<digits>_<name>.sql`` or
    Flyway's ``V<v>__<name>.sql``: :attr:`~auditor.migrations.folder.MigrationFolder.versioned`)."""
    return list(read_folder(folder).versioned)


def flyway_checksum(text: str) -> int:
    """Flyway's checksum of a SQL file: CRC32 over its lines without line endings (BOM dropped),
    as a signed 32-bit integer."""
    crc = 0
    for i, line in enumerate(text.splitlines()):
        if i == 0:
            line = line.removeprefix("\ufeff")
        crc = zlib.crc32(line.encode(), crc)
    return crc - (1 << 32) if crc >= (1 << 31) else crc


def sql_tokens(statements: Sequence[str]) -> list[str] | None:
    """The statements as PostgreSQL's scanner sees them: tokens, without comments and semicolons.

    ``None`` when a statement cannot be scanned (then callers fall back to whitespace)."""
    from pglast import parser as pg_parser

    out: list[str] = []
    for text in statements:
        try:
            tokens = pg_parser.scan(text)
        except pg_parser.ParseError:
            return None
        for t in tokens:
            if t.name in ("SQL_COMMENT", "C_COMMENT", "ASCII_59"):
                continue
            word = text[t.start : t.end + 1]
            # Keywords and unquoted names are case-insensitive; literals and quoted names are not.
            keep_case = t.name in ("SCONST", "USCONST", "BCONST", "XCONST") or word.startswith('"')
            out.append(word if keep_case else word.lower())
    return out


def _content_matches(a: Applied, m: RepoMigration) -> bool | None:
    from auditor.migrations.files import read_migration_text

    text = read_migration_text(m.path)
    if a.statements is not None:
        mine = sql_tokens([text])
        theirs = sql_tokens(a.statements)
        if mine is not None and theirs is not None:
            return mine == theirs
        return _squash(text) == _squash(";".join(a.statements))
    if a.checksum is not None:
        return flyway_checksum(text) == a.checksum
    return None


def _squash(text: str) -> str:
    return " ".join(text.replace(";", " ").split())


def _finding(
    code: str,
    level: Level,
    version: str,
    kind: str,
    message: str,
    m: RepoMigration | None,
    help: str | None = None,
) -> Finding:
    return Finding(
        code=code,
        level=level,
        object=migration_path(version),
        message=message,
        category=Category.HISTORY,
        kind=kind,
        help=help,
        location=Location(str(m.path)) if m else None,
        fingerprint_parts=(code, migration_path(version)),
    )


def _label(name: str | None) -> str:
    return f" ({name})" if name else ""


def _version_key(v: str) -> tuple[int | str, ...]:
    """Versions compare numerically part by part (Flyway ``1.10`` after ``1.9``)."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"[._]", v))


def _find_table(conn: psycopg.Connection, table: str) -> tuple[str, str] | None:
    """``(schema, table)`` of the history table, or ``None``."""
    if table not in ("auto", "supabase", "flyway"):
        schema, dot, name = table.partition(".")
        if not dot or not schema or not name:
            raise UsageError(
                f"--history-table {table!r} is not schema.table", hint="e.g. public.schema_history"
            )
        candidates = [(schema, name)]
    else:
        candidates = []
        if table in ("auto", "supabase"):
            candidates.append(SUPABASE_TABLE)
        if table in ("auto", "flyway"):
            try:
                rows = conn.execute(
                    "SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE c.relname = %s AND c.relkind IN ('r', 'p') ORDER BY n.nspname = 'public' DESC, 1",
                    (FLYWAY_TABLE,),
                ).fetchall()
            except psycopg.Error as e:
                raise database_error(e, "looking for the migration history table") from None
            candidates.extend((r[0], FLYWAY_TABLE) for r in rows)
    for schema, name in candidates:
        try:
            row = conn.execute(
                "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = %s AND c.relname = %s AND c.relkind IN ('r', 'p', 'v')",
                (schema, name),
            ).fetchone()
        except psycopg.Error as e:
            raise database_error(e, "looking for the migration history table") from None
        if row:
            return schema, name
    return None


def _read(conn: psycopg.Connection, schema: str, name: str) -> list[Applied]:
    """Rows of the history table, whatever its flavour (columns detected)."""
    try:
        cols = {
            r[0]: r[1]
            for r in conn.execute(
                "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
                "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = %s AND c.relname = %s AND a.attnum > 0 AND NOT a.attisdropped",
                (schema, name),
            ).fetchall()
        }
    except psycopg.Error as e:
        raise database_error(e, f"reading the columns of {schema}.{name}") from None
    if "version" not in cols:
        raise UsageError(
            f"migration history table {schema}.{name} has no version column",
            hint="name a table with a version column (--history-table schema.table)",
        )
    name_col = "name" if "name" in cols else "description" if "description" in cols else None
    select: list[sql.Composable] = [sql.SQL("{}::text").format(sql.Identifier("version"))]
    select.append(sql.SQL("{}::text").format(sql.Identifier(name_col)) if name_col else sql.SQL("NULL::text"))
    has_statements = "statements" in cols and cols["statements"].endswith("[]")
    select.append(sql.Identifier("statements") if has_statements else sql.SQL("NULL::text[]"))
    select.append(
        sql.SQL("{}::bigint").format(sql.Identifier("checksum"))
        if "checksum" in cols
        else sql.SQL("NULL::bigint")
    )
    select.append(sql.Identifier("success") if cols.get("success") == "boolean" else sql.SQL("true"))
    # Flyway writes rows without a version for repeatable migrations and the schema marker.
    query = sql.SQL("SELECT {} FROM {}.{} WHERE {} IS NOT NULL").format(
        sql.SQL(", ").join(select), sql.Identifier(schema), sql.Identifier(name), sql.Identifier("version")
    )
    try:
        rows: list[Any] = conn.execute(query).fetchall()
    except psycopg.Error as e:
        raise database_error(e, f"reading {schema}.{name}") from None
    out: dict[str, Applied] = {}
    for version, label, statements, checksum, success in rows:
        # Flyway keeps failed attempts next to the later success: the successful row wins.
        prev = out.get(version)
        if prev is not None and prev.success:
            continue
        out[version] = Applied(
            version=version,
            name=label,
            statements=tuple(statements) if statements is not None else None,
            checksum=int(checksum) if checksum is not None else None,
            success=bool(success),
        )
    return list(out.values())
