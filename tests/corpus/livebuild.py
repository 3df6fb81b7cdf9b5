"""A live Supabase database built the way the Supabase CLI builds one, independently of our replay.

The platform is ours (the supabase profile's bootstrap: :func:`auditor.shadow.platform.prepare`,
with nothing of replay's: no restricted role, no helper, no rewriting). Then, as ``supabase db
push`` does (supabase/cli, pkg/migration): the files of the folder named ``<digits>_<name>.sql``
in name order (others are skipped), each file's statements split by a lexical scanner and sent one
by one in one transaction as the connecting role (``postgres``, a superuser here), followed in that
transaction by its row in ``supabase_migrations.schema_migrations (version, name, statements)``.

Four things a hosted Supabase database has and a test server lacks are supplied on the way, each
the same way the platform profile supplies it:

* ``CREATE EXTENSION x`` of an extension the server does not have: our stand-in, installed as an
  extension (:func:`auditor.shadow.platform.emulate_extension`);
* ``CREATE INDEX ... USING hnsw|ivfflat ... WITH (...)`` where ``vector`` is that stand-in: made
  without the options, then the options recorded in pg_class.reloptions, as pgvector records them;
* ``CREATE FOREIGN DATA WRAPPER x HANDLER y_fdw_handler`` where ``wrappers`` is that stand-in:
  made without the handler, as replay makes it;
* ``ALTER ROLE <API role> SET ...``: made ``IN DATABASE`` this one, so that a shared test server's
  roles are left as they were.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pglast
import psycopg

from auditor.shadow.platform import PLATFORMS, emulate_extension, prepare, vector_index, wrapper_fdw
from auditor.shadow.providers import ShadowDatabase

CLI_FILE = re.compile(r"^([0-9]+)_(.*)\.sql$")  # pkg/migration: migrateFilePattern

HISTORY_DDL = """
CREATE SCHEMA IF NOT EXISTS supabase_migrations;
CREATE TABLE IF NOT EXISTS supabase_migrations.schema_migrations (version text NOT NULL PRIMARY KEY);
ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS statements text[];
ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS name text;
"""


def cli_files(folder: Path) -> list[Path]:
    """The files ``supabase db push`` applies, in its order."""
    return sorted(p for p in folder.iterdir() if p.is_file() and CLI_FILE.match(p.name))


def split(text: str) -> list[str]:
    """Statements as a lexical scanner splits them (pglast's scanner, not our replay's splitter)."""
    return [s for s in pglast.split(text, with_parser=False) if s.strip()]


def _node(statement: str) -> Any:
    try:
        return pglast.parse_sql(statement)[0].stmt
    except pglast.parser.ParseError:
        return None


def build_live(dsn: str, folder: Path) -> list[str]:
    """Build the live database ``dsn`` (empty, connected to as a superuser); the versions applied."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        version_num = int(conn.execute("SHOW server_version_num").fetchone()[0])  # type: ignore[index]
    prepare(ShadowDatabase(dsn=dsn, server_version_num=version_num, provider="dsn"), PLATFORMS["supabase"])
    applied = []
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(HISTORY_DDL)
        available = {str(r[0]) for r in conn.execute("SELECT name FROM pg_available_extensions")}
        dbname = str(conn.info.dbname)
        for path in cli_files(folder):
            m = CLI_FILE.match(path.name)
            assert m is not None
            statements = split(path.read_text(encoding="utf-8-sig"))
            with conn.transaction():
                for statement in statements:
                    _apply(conn, statement, available, dbname)
                conn.execute(
                    "INSERT INTO supabase_migrations.schema_migrations (version, name, statements) "
                    "VALUES (%s, %s, %s)",
                    (m.group(1), m.group(2), statements),
                )
            applied.append(m.group(1))
    return applied


def _apply(conn: psycopg.Connection[Any], statement: str, available: set[str], dbname: str) -> None:
    node = _node(statement)
    kind = type(node).__name__
    if kind == "CreateExtensionStmt" and node.extname not in available:
        exists = conn.execute("SELECT 1 FROM pg_extension WHERE extname = %s", (node.extname,)).fetchone()
        if exists and node.if_not_exists:
            return
        options = node.options or ()
        schema = next((getattr(o.arg, "sval", None) for o in options if o.defname == "schema"), None)
        emulate_extension(conn, node.extname, schema or _current_schema(conn), "current_user")
        return
    if kind == "IndexStmt" and "vector" not in available:
        parts = vector_index(node)
        if parts is not None:
            before = {r[0] for r in conn.execute(_INDEXES, (parts.table,))}
            conn.execute(parts.statement)
            made = [r[0] for r in conn.execute(_INDEXES, (parts.table,)) if r[0] not in before]
            conn.execute("SET LOCAL allow_system_table_mods = on")
            options = list(parts.options)
            conn.execute("UPDATE pg_class SET reloptions = %s WHERE oid = ANY(%s)", (options, made))
            conn.execute("SET LOCAL allow_system_table_mods = off")
            return
    if kind == "CreateFdwStmt" and "wrappers" not in available:
        parts = wrapper_fdw(node)
        if parts is not None:  # the stand-in has no handler (a C function)
            conn.execute(parts.statement)
            return
    if kind == "AlterRoleSetStmt" and node.database is None:
        from pglast.stream import RawStream

        node.database = dbname  # ALTER ROLE x IN DATABASE <this one> SET ...
        conn.execute(RawStream()(node))
        return
    conn.execute(statement)


_INDEXES = "SELECT indexrelid FROM pg_index WHERE indrelid = %s::regclass"


def _current_schema(conn: psycopg.Connection[Any]) -> str:
    return str(conn.execute("SELECT current_schema()").fetchone()[0])  # type: ignore[index]
