"""The same schema read from different PostgreSQL major versions compares equal (cross_version.sql).

Every configured server loads the schema and introspects it; the catalogs of every pair of major
versions are diffed, both ways: nothing may be found. With one server configured there is nothing to
compare and the test says so. Same-server equality is asserted too (a fresh database per
read), so the test does something on every server.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import psycopg
import pytest

from auditor.compare import diff
from auditor.introspect import introspect
from auditor.model import Catalog, FrozenMap
from tests.servers import Server

SQL = (Path(__file__).parent / "cross_version.sql").read_text()
_READ: dict[int, Catalog] = {}  # major version -> catalog, reused from the same-server test


def _read(server: Server, hint: str) -> Catalog:
    with server.fresh_database(hint) as dsn:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(SQL)  # type: ignore[call-overload]
        catalog = introspect(dsn)
    # Roles are cluster state shared with other test suites (their attributes may differ between two
    # clusters for reasons that have nothing to do with deparsing): compare the database's schema only.
    return replace(catalog, roles=FrozenMap())


def test_same_schema_twice_is_equal(server: Server) -> None:
    first, second = _read(server, "xv_a"), _read(server, "xv_b")
    assert first.complete, first.gaps
    assert diff(first, second) == []
    _READ.setdefault(server.major, first)


def test_same_schema_across_versions_is_equal(servers: list[Server]) -> None:
    by_major: dict[int, Catalog] = {}
    for server in servers:
        by_major.setdefault(server.major, _READ.get(server.major) or _read(server, "xv_c"))
    if len(by_major) < 2:
        pytest.skip("needs two PostgreSQL major versions: set SCHEMA_AUDITOR_TEST_DSN to add one")
    for major_a, a in by_major.items():
        for major_b, b in by_major.items():
            if major_a != major_b:
                found = diff(a, b)
                assert found == [], (major_a, major_b, [(d.kind, d.path, d.changes) for d in found])
