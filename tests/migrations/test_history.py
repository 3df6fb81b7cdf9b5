"""Applied-history check against a real database holding a Supabase (or Flyway) history table."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from auditor.cli import main
from auditor.findings import Level
from auditor.migrations.history import flyway_checksum, history_findings
from tests.servers import Server

FILES = {
    "0001_init.sql": "-- the first\ncreate table t (a int);\n\ncreate index t_a on t (a);\n",
    "0002_more.sql": "alter table t add column b int;\n",
    "0003_late.sql": "alter table t add column c int;\n",
    "0005_next.sql": "alter table t add column e int;\n",
}
# What the database says it applied: 0001 as the CLI split it (other whitespace, no comment),
# 0002 edited after applying, 0004 from nowhere; 0003 and 0005 not applied.
APPLIED = [
    ("0001", "init", ["create table t (a int)", "create   index t_a\non t (a)"]),
    ("0002", "more", ["alter table t add column b bigint"]),
    ("0004", "hotfix", ["select 1"]),
]


@pytest.fixture()
def migrations(tmp_path: Path) -> Path:
    d = tmp_path / "migrations"
    d.mkdir()
    for name, sql in FILES.items():
        (d / name).write_text(sql, encoding="utf-8")
    return d


def _supabase_history(dsn: str, rows: list[tuple[str, str, list[str] | None]]) -> None:
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute("DROP SCHEMA IF EXISTS supabase_migrations CASCADE")
        c.execute("CREATE SCHEMA supabase_migrations")
        c.execute(
            "CREATE TABLE supabase_migrations.schema_migrations "
            "(version text PRIMARY KEY, statements text[], name text)"
        )
        for version, name, statements in rows:
            c.execute(
                "INSERT INTO supabase_migrations.schema_migrations VALUES (%s, %s, %s)",
                (version, statements, name),
            )


def test_pending_unknown_modified_out_of_order(dsn: str, migrations: Path) -> None:
    _supabase_history(dsn, APPLIED)
    got = {(f.code, f.object, f.level) for f in history_findings(dsn, migrations)}
    assert got == {
        ("HIS003", "migration:0002", Level.ERROR),  # modified
        ("HIS002", "migration:0004", Level.ERROR),  # unknown
        ("HIS004", "migration:0003", Level.ERROR),  # out of order: older than 0004
        ("HIS001", "migration:0005", Level.WARNING),  # pending
    }


def test_statements_not_stored_cannot_be_compared(dsn: str, migrations: Path) -> None:
    _supabase_history(dsn, [(v, n, None) for v, n, _ in APPLIED[:2]])
    got = {(f.code, f.object) for f in history_findings(dsn, migrations)}
    assert got == {
        ("HIS007", "migration:0001"),
        ("HIS007", "migration:0002"),
        ("HIS001", "migration:0003"),
        ("HIS001", "migration:0005"),
    }


def test_no_history_table_is_a_warning_that_says_how_to_enable_the_check(
    server: Server, migrations: Path
) -> None:
    with server.fresh_database("nohistory") as empty:
        (finding,) = history_findings(empty, migrations)
        assert (
            finding.code == "HIS005" and finding.level is Level.WARNING and "4 migrations" in finding.message
        )
        assert finding.help is not None
        for how in ("supabase_migrations.schema_migrations", "--history-table schema.table", "none"):
            assert how in finding.help
        # The history command's whole job is this check: there, no table fails it.
        assert main(["history", "--dsn", empty, "--migrations", str(migrations)]) == 1


def test_history_table_none_declares_no_history(server: Server, migrations: Path) -> None:
    with server.fresh_database("nohistory_none") as empty:
        assert history_findings(empty, migrations, table="none") == []
        # Declaring none to the command that only checks history is a usage error, not a pass.
        assert (
            main(["history", "--dsn", empty, "--migrations", str(migrations), "--history-table", "none"]) == 2
        )


@pytest.mark.parametrize(
    ("rows", "fail_on", "code"),
    [
        pytest.param(APPLIED, None, 1, id="unknown-and-modified-fail-by-default"),
        pytest.param([APPLIED[0]], None, 0, id="pending-only-passes-by-default"),
        pytest.param([APPLIED[0]], "HIS001", 1, id="pre-deploy-gate-fails-on-pending"),
        pytest.param([APPLIED[0]], "history:warning", 1, id="category-selector"),
    ],
)
def test_cli_exit_codes(
    dsn: str, migrations: Path, rows: list[tuple[str, str, list[str]]], fail_on: str | None, code: int
) -> None:
    _supabase_history(dsn, rows)
    argv = ["history", "--dsn", dsn, "--migrations", str(migrations)]
    if fail_on:
        argv += ["--fail-on", fail_on]
    assert main(argv) == code


def test_cli_input_and_database_errors(dsn: str, migrations: Path, tmp_path: Path) -> None:
    assert main(["history", "--dsn", dsn, "--migrations", str(tmp_path / "nope")]) == 2
    assert main(["history", "--dsn", dsn, "--migrations", str(migrations), "--history-table", "nodot"]) == 2
    unreachable = "postgresql://postgres@127.0.0.1:1/postgres?connect_timeout=2"
    assert main(["history", "--dsn", unreachable, "--migrations", str(migrations)]) == 3


def test_flyway_history(dsn: str, tmp_path: Path) -> None:
    d = tmp_path / "flyway"
    d.mkdir()
    files = {"V1__init.sql": "create table f (a int);\n", "V2__more.sql": "alter table f add b int;\n",
             "V3__next.sql": "select 3;\n"}  # fmt: skip
    for name, sql in files.items():
        (d / name).write_text(sql, encoding="utf-8")
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute("DROP SCHEMA IF EXISTS supabase_migrations CASCADE")  # auto would find it first
        c.execute(
            "CREATE TABLE public.flyway_schema_history (installed_rank int PRIMARY KEY, version varchar(50), "
            "description varchar(200), script varchar(1000), checksum int, success boolean)"
        )
        c.execute(
            "INSERT INTO public.flyway_schema_history VALUES (1, '1', 'init', 'V1__init.sql', %s, true),"
            " (2, '2', 'more', 'V2__more.sql', %s, true), (3, NULL, 'repeatable', 'R__x.sql', 7, true)",
            (flyway_checksum(files["V1__init.sql"]), flyway_checksum(files["V2__more.sql"]) + 1),
        )
    try:
        got = {(f.code, f.object) for f in history_findings(dsn, d)}
        assert got == {("HIS003", "migration:2"), ("HIS001", "migration:3")}
        with psycopg.connect(dsn, autocommit=True) as c:
            c.execute("UPDATE public.flyway_schema_history SET success = false WHERE version = '1'")
        got = {(f.code, f.object) for f in history_findings(dsn, d, table="flyway")}
        assert ("HIS006", "migration:1") in got
    finally:
        with psycopg.connect(dsn, autocommit=True) as c:
            c.execute("DROP TABLE public.flyway_schema_history")
