"""The introspector as a reader: fixed query count, filters, visibility gaps, errors, query files."""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from importlib import resources

import psycopg
import pytest
from psycopg import conninfo

from auditor.connect import snapshot
from auditor.errors import AuditorError, DatabaseError, UsageError
from auditor.introspect import introspect, introspect_connection, queries
from bench.schema_gen import create_schema
from tests.servers import Server


def _as_user(dsn: str, user: str) -> str:
    params = conninfo.conninfo_to_dict(dsn)
    params["user"] = user
    params.pop("password", None)
    return conninfo.make_conninfo(**{k: str(v) for k, v in params.items()})


def test_query_count_does_not_grow_with_the_schema(dsn: str) -> None:
    create_schema(dsn, 10, "intro_small")
    create_schema(dsn, 1000, "intro_large")
    small: list[str] = []
    large: list[str] = []
    cat_small = introspect(dsn, include_schemas=["intro_small"], on_query=small.append)
    cat_large = introspect(dsn, include_schemas=["intro_large"], on_query=large.append)
    assert len(cat_small.schemas["intro_small"].relations) == 10
    assert len(cat_large.schemas["intro_large"].relations) == 1000
    assert cat_large.complete
    assert small and Counter(small) == Counter(large)
    assert max(Counter(large).values()) == 1  # one query per kind


def _threads(calls: list[tuple[str, str]]) -> dict[str, str]:
    return {kind: thread for kind, thread in calls}


def _record(calls: list[tuple[str, str]], then: Callable[[str], None] | None = None) -> Callable[[str], None]:
    def on_query(kind: str) -> None:
        calls.append((kind, threading.current_thread().name))
        if then is not None:
            then(kind)

    return on_query


def test_a_helper_connection_reads_in_the_same_snapshot(dsn: str) -> None:
    """With jobs=2 constraints and indexes are read on a second connection that imports the first
    one's exported snapshot: an index created after the snapshot was taken is seen by neither."""
    create_schema(dsn, 20, "intro_par")
    before = introspect(dsn, include_schemas=["intro_par"], jobs=1)

    def create_late_index(kind: str) -> None:
        if kind == "relations":  # after the snapshot is taken, before the helper connects
            with psycopg.connect(dsn, autocommit=True) as c:
                c.execute("CREATE INDEX intro_par_late ON intro_par.t_00003 (quantity)")

    calls: list[tuple[str, str]] = []
    try:
        parallel = introspect(
            dsn, include_schemas=["intro_par"], jobs=2, on_query=_record(calls, create_late_index)
        )
    finally:
        with psycopg.connect(dsn, autocommit=True) as c:
            c.execute("DROP INDEX IF EXISTS intro_par.intro_par_late")
    threads = _threads(calls)  # one thread per connection
    assert threads["columns"] != threads["indexes"] and threads["constraints"] == threads["indexes"], threads
    assert parallel == before


def test_without_a_second_connection_one_reads_it_all(dsn: str) -> None:
    """A role allowed one connection still gets the whole catalog with jobs=2, on that connection."""
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute(
            "DO $$ BEGIN CREATE ROLE sa_intro_one LOGIN CONNECTION LIMIT 1;"
            " EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        )
    create_schema(dsn, 5, "intro_one")
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute("GRANT USAGE ON SCHEMA intro_one TO sa_intro_one")
    one = _as_user(dsn, "sa_intro_one")
    calls: list[tuple[str, str]] = []
    got = introspect(one, include_schemas=["intro_one"], jobs=2, on_query=_record(calls))
    threads = _threads(calls)  # one thread per connection
    assert threads["columns"] == threads["indexes"], threads
    _wait_for_no_sessions(dsn, "sa_intro_one")  # a closed session's backend exits asynchronously
    assert got == introspect(one, include_schemas=["intro_one"], jobs=1)
    assert len(got.schemas["intro_one"].relations) == 5


def _wait_for_no_sessions(dsn: str, role: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as c:
        for _ in range(100):
            row = c.execute("SELECT count(*) FROM pg_stat_activity WHERE usename = %s", (role,)).fetchone()
            if row is not None and row[0] == 0:
                return
            time.sleep(0.05)
    raise AssertionError(f"sessions of {role} still open")


def test_system_schemas_and_extension_members_are_left_out(dsn: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
        c.execute("CREATE TEMP TABLE intro_tmp (x integer)")  # a pg_temp_N schema exists meanwhile
        c.execute("CREATE FUNCTION public.intro_own() RETURNS integer LANGUAGE sql AS 'SELECT 1'")
        catalog = introspect(dsn)
    names = set(catalog.schemas)
    assert "public" in names
    assert not {n for n in names if n.startswith("pg_") or n == "information_schema"}
    public_functions = set(catalog.schemas["public"].functions)
    assert "intro_own()" in public_functions
    assert not {f for f in public_functions if "trgm" in f or f.startswith("similarity")}
    assert catalog.extensions["pg_trgm"].schema == "public"


def test_exclude_globs_and_include_names(dsn: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute('CREATE SCHEMA "intro_Glob_a"; CREATE SCHEMA intro_glob_b; CREATE SCHEMA intro_other')
    got = set(
        introspect(dsn, include_schemas=["intro_?lob_*", "intro_other"], exclude_schemas=["*_b"]).schemas
    )
    # globs are case-sensitive, like identifiers
    assert got == {"intro_Glob_a", "intro_other"}


@pytest.fixture
def limited_role(dsn: str) -> str:
    """A login role that is not a superuser, with USAGE on the visibility case's schema."""
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute(
            "DO $$ BEGIN CREATE ROLE sa_intro_limited LOGIN;"
            " EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        )
        c.execute(
            """
            CREATE SCHEMA IF NOT EXISTS intro_vis;
            CREATE TABLE IF NOT EXISTS intro_vis.t (id integer PRIMARY KEY);
            CREATE OR REPLACE FUNCTION intro_vis.f(i integer) RETURNS integer LANGUAGE sql AS 'SELECT i';
            GRANT USAGE ON SCHEMA intro_vis TO sa_intro_limited;
            """
        )
    return _as_user(dsn, "sa_intro_limited")


def test_unreadable_function_bodies_become_gaps(dsn: str, limited_role: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as c:
        # pg_proc is per database: this stays in the test module's database
        c.execute(
            """
            REVOKE SELECT ON pg_catalog.pg_proc FROM PUBLIC;
            DO $$ DECLARE cols text;
            BEGIN
              SELECT string_agg(quote_ident(attname), ', ') INTO cols FROM pg_attribute
              WHERE attrelid = 'pg_catalog.pg_proc'::regclass AND attnum > 0
                AND attname NOT IN ('prosrc', 'prosqlbody');
              EXECUTE format('GRANT SELECT (%s) ON pg_catalog.pg_proc TO PUBLIC', cols);
            END $$;
            """
        )
    try:
        catalog = introspect(limited_role, include_schemas=["intro_vis"])
    finally:
        with psycopg.connect(dsn, autocommit=True) as c:
            c.execute("GRANT SELECT ON pg_catalog.pg_proc TO PUBLIC")
    fn = catalog.schemas["intro_vis"].functions["f(i integer)"]
    assert fn.body_hash is None
    assert fn.returns == "integer"
    assert not catalog.complete
    assert [(g.kind, g.object) for g in catalog.gaps] == [
        ("function body", "function:intro_vis.f(i integer)")
    ]


def test_unreadable_catalog_tables_become_gaps_not_a_smaller_catalog(dsn: str, limited_role: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute("REVOKE SELECT ON pg_catalog.pg_proc FROM PUBLIC")
    try:
        catalog = introspect(limited_role, include_schemas=["intro_vis"])
    finally:
        with psycopg.connect(dsn, autocommit=True) as c:
            c.execute("GRANT SELECT ON pg_catalog.pg_proc TO PUBLIC")
    # functions (and triggers, which name their function) could not be read; the rest could
    assert {g.kind for g in catalog.gaps} == {"functions", "triggers"}
    assert all("permission denied" in g.reason for g in catalog.gaps)
    assert not catalog.complete
    assert "t" in catalog.schemas["intro_vis"].relations
    assert catalog.schemas["intro_vis"].relations["t"].constraints["t_pkey"].kind == "primary key"
    # the same role with the default catalog access sees everything: the gap came from the revoke
    full = introspect(limited_role, include_schemas=["intro_vis"])
    assert full.complete and "f(i integer)" in full.schemas["intro_vis"].functions


@pytest.mark.parametrize(
    ("bad_dsn", "error", "where"),
    [
        # refused: nothing listens on port 1
        ("postgresql://someone:s3cr3t-pw@127.0.0.1:1/db", DatabaseError, "127.0.0.1:1"),
        ("postgresql://someone:s3cr3t-pw@nonexistent.invalid/db", DatabaseError, "nonexistent.invalid"),
        ("postgresql://someone:s3cr3t-pw@localhost:notaport/db", DatabaseError, "notaport"),
        # not a DSN at all: a usage error, exit 2 (issue 19), its password hidden all the same
        ("host=127.0.0.1 password=s3cr3t-pw dbname", UsageError, "invalid DSN"),
    ],
)
def test_bad_dsn_is_an_error_without_password(bad_dsn: str, error: type[AuditorError], where: str) -> None:
    with pytest.raises(AuditorError) as e:
        introspect(bad_dsn)
    assert type(e.value) is error
    assert "s3cr3t-pw" not in str(e.value)
    assert where in str(e.value)
    assert e.value.exit_code == (2 if error is UsageError else 3)


def test_bad_credentials_are_a_database_error_without_password(server: Server) -> None:
    dsn = _as_user(server.admin_dsn, "sa_intro_no_such_role")
    params = conninfo.conninfo_to_dict(dsn)
    params["password"] = "hunter2-secret"
    with pytest.raises(DatabaseError) as e:
        introspect(conninfo.make_conninfo(**{k: str(v) for k, v in params.items()}))
    assert "hunter2-secret" not in str(e.value)
    assert "sa_intro_no_such_role" in str(e.value)


def test_a_failing_query_is_a_database_error(dsn: str) -> None:
    with snapshot(dsn) as conn:
        with pytest.raises(psycopg.errors.DivisionByZero):
            conn.execute("SELECT 1 / 0")
        # the transaction is now aborted: every catalog query fails, and says which
        with pytest.raises(DatabaseError) as e:
            introspect_connection(conn)
    assert str(e.value).startswith("preparing to read the catalog: current transaction is aborted")
    assert e.value.exit_code == 3


def test_introspect_connection_reads_inside_the_callers_transaction(dsn: str) -> None:
    with snapshot(dsn) as conn:
        conn.execute("SELECT set_config('jit', 'on', true)")
        seen = introspect_connection(conn, include_schemas=["intro_vis"])
        # still the same transaction, still usable, its settings as they were
        row = conn.execute(
            "SELECT current_setting('transaction_isolation'), current_setting('search_path'),"
            " current_setting('jit')"
        ).fetchone()
    assert row == ("repeatable read", "pg_catalog", "on")
    assert "intro_vis" in seen.schemas


def test_introspect_connection_names_schemas_whatever_the_callers_search_path(dsn: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute(
            "CREATE SCHEMA intro_path; CREATE TYPE intro_path.e AS ENUM ('a');"
            " CREATE TABLE intro_path.t (x intro_path.e DEFAULT 'a')"
        )
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("SET search_path = intro_path, public")
        conn.execute("SET jit = on")
        catalog = introspect_connection(conn, include_schemas=["intro_path"])  # an idle connection
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
        row = conn.execute("SELECT current_setting('search_path'), current_setting('jit')").fetchone()
    column = catalog.schemas["intro_path"].relations["t"].columns["x"]
    assert (column.type, column.default) == ("intro_path.e", "'a'::intro_path.e")
    # the session's own settings are back
    assert row == ("intro_path, public", "on")


@pytest.mark.parametrize(
    ("kind", "major", "expected"),
    [
        ("constraints", 13, "constraints.sql"),
        ("constraints", 14, "constraints.sql"),
        ("constraints", 15, "constraints_pg15.sql"),
        ("constraints", 18, "constraints_pg15.sql"),
        ("functions", 13, "functions.sql"),
        ("functions", 14, "functions_pg14.sql"),
        ("indexes", 17, "indexes_pg15.sql"),
        ("columns", 18, "columns.sql"),
    ],
)
def test_query_file_chosen_by_version(kind: str, major: int, expected: str) -> None:
    assert queries.file_for(kind, major) == expected


def test_every_query_file_is_well_formed() -> None:
    names = [e.name for e in resources.files("auditor.introspect.sql").iterdir() if e.name.endswith(".sql")]
    assert len(names) >= 15
    for name in names:
        text = resources.files("auditor.introspect.sql").joinpath(name).read_text("utf-8")
        # psycopg reads placeholders everywhere, comments included: only %(name)s, never a bare %
        stripped = re.sub(r"%\([a-z_]+\)s", "", text)
        assert "%" not in stripped, name
        assert text.lstrip().startswith("--"), f"{name}: say what the query reads, and why, on top"
    for kind in queries.kinds():
        assert queries.file_for(kind, queries.MIN_MAJOR)  # every kind runs on the oldest supported server


def test_not_null_constraints_fold_into_columns(server: Server, dsn: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute(
            "CREATE SCHEMA intro_nn; CREATE TABLE intro_nn.t (a integer NOT NULL, b integer PRIMARY KEY)"
        )
        row = c.execute(
            "SELECT count(*) FROM pg_constraint WHERE conrelid = 'intro_nn.t'::regclass AND contype = 'n'"
        ).fetchone()
    # PostgreSQL 18 keeps NOT NULL as constraints; older servers only as attnotnull
    assert row == ((2,) if server.major >= 18 else (0,))
    table = introspect(dsn, include_schemas=["intro_nn"]).schemas["intro_nn"].relations["t"]
    assert [c.nullable for c in table.columns.values()] == [False, False]
    assert list(table.constraints) == ["t_pkey"]
