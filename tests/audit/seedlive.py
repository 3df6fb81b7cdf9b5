"""A "live" database as a Supabase project would have it: our migrations applied with the Supabase
platform in place, and recorded in supabase_migrations.schema_migrations like the Supabase CLI does."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import psycopg

from auditor.shadow import ShadowDatabase, replay
from tests.conftest import ROOT

MIGRATIONS = ROOT / "migrations"
SPEC = ROOT / "expected_schema.yaml"

HISTORY_DDL = """
create schema if not exists supabase_migrations;
create table if not exists supabase_migrations.schema_migrations (
    version text primary key, statements text[], name text
);
"""


def migration_files(upto: int | None = None) -> list[Path]:
    files = sorted(MIGRATIONS.glob("*.sql"))
    return files[:upto] if upto is not None else files


def build_live(dsn: str, version_num: int, upto: int | None = None) -> None:
    """Apply the first ``upto`` migrations (all by default) to ``dsn`` and record them."""
    files = migration_files(upto)
    with tempfile.TemporaryDirectory() as tmp:
        for f in files:
            shutil.copy(f, Path(tmp) / f.name)
        replay(
            tmp, ShadowDatabase(dsn=dsn, server_version_num=version_num, provider="dsn"), platform="supabase"
        )
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(HISTORY_DDL)
        for f in files:
            version, _, name = f.stem.partition("_")
            conn.execute(
                "insert into supabase_migrations.schema_migrations (version, name, statements) "
                "values (%s, %s, %s)",
                (version, name, [f.read_text(encoding="utf-8")]),
            )


def execute(dsn: str, sql: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]
