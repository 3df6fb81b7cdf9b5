"""Hostile migrations (tests/shadow/hostile/cases.yaml) against the embedded shadow and --shadow dsn.

For every case: the expected outcome (refused with file:line, or applied), and that nothing escaped:
no command ran outside the shadow (no marker file), the canary database on the PostgreSQL service
is unchanged, no role, database, tablespace or ALTER SYSTEM setting of that cluster changed, and the
shadow's server process, directory, scratch database and replay role are gone afterwards. The
PostgreSQL service is the first server of SCHEMA_AUDITOR_TEST_DSN (CI: the PostgreSQL 15 service);
without one the canary checks are skipped and the embedded cases still run.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import yaml
from psycopg import sql

from auditor.errors import MigrationError
from auditor.shadow import ShadowDatabase, open_shadow, replay
from auditor.shadow.catalog import introspect_shadow
from auditor.shadow.providers import ADMIN_ROLE
from tests.shadow.providers import shadow_params
from tests.shadow.test_cleanup import assert_gone

HERE = Path(__file__).parent
CASES: list[dict[str, Any]] = yaml.safe_load((HERE / "hostile" / "cases.yaml").read_text())
SERVICE_DSN = next(
    (d.strip() for d in os.environ.get("SCHEMA_AUDITOR_TEST_DSN", "").split(",") if d.strip()), None
)


@pytest.fixture(scope="module", params=shadow_params())
def provider(request: pytest.FixtureRequest) -> tuple[str, dict[str, Any]]:
    return request.param  # type: ignore[no-any-return]


def _service(query: str, params: tuple[Any, ...] = (), dbname: str | None = None) -> list[tuple[Any, ...]]:
    assert SERVICE_DSN is not None
    dsn = SERVICE_DSN
    if dbname:
        from psycopg import conninfo

        d = conninfo.conninfo_to_dict(dsn)
        d["dbname"] = dbname
        dsn = conninfo.make_conninfo(**{k: str(v) for k, v in d.items()})
    with psycopg.connect(dsn, autocommit=True) as c:
        cur = c.execute(query, params or None)
        return cur.fetchall() if cur.description else []


@pytest.fixture(scope="module")
def canary() -> Iterator[str | None]:
    """A fresh database on the PostgreSQL service holding one table and one row."""
    if SERVICE_DSN is None:
        yield None
        return
    name = "sa_canary_" + uuid.uuid4().hex[:8]
    _service(f"CREATE DATABASE {name}")
    _service("CREATE TABLE keep (a int)", dbname=name)
    _service("INSERT INTO keep VALUES (42)", dbname=name)
    try:
        yield name
    finally:
        with psycopg.connect(SERVICE_DSN, autocommit=True) as c:
            c.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _cluster() -> dict[str, Any]:
    """What a hostile migration must not change on the service. Other suites share it and create
    and drop their own roles and databases meanwhile, so: every role's powers (compared on the roles
    present before and after), the databases and roles a hostile case names (sa_hostile*), the
    databases that are no test's (not sa_*), tablespaces and ALTER SYSTEM settings."""
    # Roles other tests make and grant to meanwhile (sa_*, the Supabase roles their stubs create)
    # change under parallel workers (pytest -n): the powers compared are those of the roles no test
    # makes (postgres, the pg_* roles), of the hostile cases' own, and of every superuser.
    powers = {
        r[0]: r[1:]
        for r in _service(
            "SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, rolcanlogin, rolbypassrls, "
            "rolreplication, ARRAY(SELECT m.roleid::regrole::text FROM pg_auth_members m "
            "WHERE m.member = r.oid ORDER BY 1) FROM pg_roles r "
            "WHERE rolname = 'postgres' OR rolname LIKE 'pg\\_%' OR rolname LIKE 'sa\\_hostile%' "
            "OR rolsuper"
        )
    }
    dbs = {r[0] for r in _service("SELECT datname FROM pg_database WHERE datname NOT LIKE 'sa\\_%'")}
    spcs = {r[0] for r in _service("SELECT spcname FROM pg_tablespace")}
    auto = set(_service("SELECT name, setting FROM pg_file_settings WHERE sourcefile LIKE '%auto.conf'"))
    hostile = set(_service("SELECT rolname FROM pg_roles WHERE rolname LIKE 'sa\\_hostile%'"))
    hostile |= set(_service("SELECT datname FROM pg_database WHERE datname LIKE 'sa\\_hostile%'"))
    return {"powers": powers, "databases": dbs, "tablespaces": spcs, "auto.conf": auto, "hostile": hostile}


def _same_cluster(before: dict[str, Any], after: dict[str, Any]) -> None:
    both = before["powers"].keys() & after["powers"].keys()
    assert {k: after["powers"][k] for k in both} == {k: before["powers"][k] for k in both}
    for key in ("databases", "tablespaces", "auto.conf", "hostile"):
        assert after[key] == before[key], key


def _canary_rows(name: str) -> list[tuple[Any, ...]]:
    return _service(
        "SELECT c.relname, (SELECT array_agg(a) FROM keep) FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' ORDER BY 1",
        dbname=name,
    )


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_hostile_migration_is_contained(
    provider: tuple[str, dict[str, Any]], case: dict[str, Any], canary: str | None, tmp_path: Path
) -> None:
    name, kw = provider
    marker = tmp_path / "pwned"
    expect = case["expect"][name] if isinstance(case["expect"], dict) else case["expect"]
    folder = tmp_path / "migrations"
    folder.mkdir()
    before = _cluster() if canary else None
    canary_before = _canary_rows(canary) if canary else None
    seen: list[ShadowDatabase] = []
    started = time.monotonic()
    error: MigrationError | None = None
    with open_shadow(name, on_ready=seen.append, **kw) as shadow:
        admin = ADMIN_ROLE if name == "embedded" else shadow.owner_role
        text = case["sql"].format(
            marker=marker, canary=canary or "sa_no_canary", pgdata=_pgdata(), admin=admin
        )
        (folder / "20240101000000_hostile.sql").write_text(text)
        try:
            result = replay(
                folder,
                shadow,
                platform="none",
                statement_timeout=case.get("statement_timeout", 60),
                replay_timeout=case.get("replay_timeout", 900),
            )
        except MigrationError as e:
            error = e
        else:
            if case.get("introspect"):  # the superuser sessions that read the shadow afterwards
                introspect_shadow(shadow, result)
                with psycopg.connect(shadow.dsn) as c:
                    c.execute("SELECT current_setting('search_path'), current_setting('jit', true)")
    elapsed = time.monotonic() - started
    if expect == "refused":
        assert error is not None, "the hostile migration applied"
        assert error.location is not None and error.location.line is not None
        if case.get("line") != "any":
            assert error.location.line == case.get("line", 1)
        assert error.location.file.endswith("20240101000000_hostile.sql")
        assert case["message"] in str(error), str(error)
        assert error.exit_code == 2
    else:
        assert error is None, str(error)
    if "max_seconds" in case:
        assert elapsed < case["max_seconds"]
    assert not marker.exists(), "a command ran outside the shadow"
    assert_gone(seen[0].details, kw.get("dsn"))
    if "role" in seen[0].details and SERVICE_DSN:
        assert _service("SELECT 1 FROM pg_roles WHERE rolname = %s", (seen[0].details["role"],)) == []
    if canary:
        assert _canary_rows(canary) == canary_before
        assert before is not None
        _same_cluster(before, _cluster())


def _pgdata() -> str:
    if SERVICE_DSN is None:
        return "/var/lib/postgresql/15/main"
    return str(_service("SHOW data_directory")[0][0])


@pytest.mark.skipif(os.geteuid() != 0, reason="as a non-root user the server runs as that user")
def test_embedded_server_runs_as_its_own_user_with_a_minimal_environment(tmp_path: Path) -> None:
    """Root: the server belongs to schema-auditor-shadow, never to postgres (the service's owner);
    its environment holds no variable of ours; it listens on a private socket only."""
    os.environ["SA_HOSTILE_SECRET"] = "s3cr3t-" + uuid.uuid4().hex
    try:
        with open_shadow("embedded") as shadow:
            data = Path(shadow.details["data_dir"])
            pid = int((data / "postmaster.pid").read_text().splitlines()[0])
            status = Path(f"/proc/{pid}/status").read_text()
            uid = int(next(line for line in status.splitlines() if line.startswith("Uid:")).split()[1])
            import pwd

            assert pwd.getpwuid(uid).pw_name == "schema-auditor-shadow"
            env = Path(f"/proc/{pid}/environ").read_bytes().decode().split("\0")
            names = {e.split("=", 1)[0] for e in env if e}
            assert "SA_HOSTILE_SECRET" not in names and "DATABASE_URL" not in names
            assert names <= {
                "PATH",
                "LANG",
                "LC_ALL",
                "HOME",
                "TZ",
                "PWD",
                "PGDATA",
                "PGSYSCONFDIR",
                "PG_GRANDPARENT_PID",
            }
            assert (data.parent.stat().st_mode & 0o777) == 0o700
            with psycopg.connect(shadow.dsn) as c:
                assert c.execute("SHOW listen_addresses").fetchone() == ("",)
            with psycopg.connect(shadow.migration_dsn) as c:
                row = c.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()
                assert row == (False,)
    finally:
        del os.environ["SA_HOSTILE_SECRET"]


@pytest.mark.skipif(SERVICE_DSN is None, reason="needs a PostgreSQL service (SCHEMA_AUDITOR_TEST_DSN)")
def test_dsn_admin_that_is_no_superuser(tmp_path: Path) -> None:
    """A --shadow-dsn role with only CREATEDB: migrations run as that role (already no superuser),
    the run says so, server programs are refused, and the scratch database goes."""
    from psycopg import conninfo

    role = "sa_createdb_" + uuid.uuid4().hex[:8]
    _service(f"CREATE ROLE {role} LOGIN CREATEDB")
    assert SERVICE_DSN is not None
    params = conninfo.conninfo_to_dict(SERVICE_DSN)
    params["user"] = role
    dsn = conninfo.make_conninfo(**{k: str(v) for k, v in params.items()})
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "1_ok.sql").write_text("create table t (a int);")
    (folder / "2_program.sql").write_text(f"copy (select 1) to program 'touch {tmp_path / 'pwned'}';")
    seen: list[ShadowDatabase] = []
    try:
        with (
            pytest.raises(MigrationError) as err,
            open_shadow("dsn", dsn=dsn, on_ready=seen.append) as shadow,
        ):
            assert any("is no superuser" in n for n in shadow.notes)
            replay(folder, shadow, platform="none")
        assert "2_program.sql:1" in str(err.value) and "program" in str(err.value)
        assert not (tmp_path / "pwned").exists()
        assert_gone(seen[0].details, SERVICE_DSN)
    finally:
        _service(f"DROP ROLE IF EXISTS {role}")


@pytest.mark.skipif(SERVICE_DSN is None, reason="needs a PostgreSQL service (SCHEMA_AUDITOR_TEST_DSN)")
def test_cluster_changes_during_a_dsn_replay_are_reported() -> None:
    """What changed cluster-wide while the shadow was open is said afterwards (here made by another
    session: reported, never undone, since it is not the run's own)."""
    name = "sa_hostile_appeared_" + uuid.uuid4().hex[:8]

    def meanwhile(_shadow: ShadowDatabase) -> None:
        _service(f"CREATE ROLE {name}")

    try:
        with open_shadow("dsn", dsn=SERVICE_DSN, on_ready=meanwhile) as shadow:
            pass
        assert f"warning: role {name} appeared on the shadow server during replay" in shadow.notes
        assert _service("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)) == [(1,)]
    finally:
        _service(f"DROP ROLE IF EXISTS {name}")
