"""The same schema read from different PostgreSQL major versions compares equal (cross_version.sql).

Each server loads the schema and introspects it; every catalog already read from another major version
in this session is diffed against it, both ways: nothing may be found. With one server configured there
is nothing to compare and the test says so. Same-server equality is asserted too (a fresh database per
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
_READ: dict[int, Catalog] = {}  # major version -> catalog, filled as each server runs


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


def test_same_schema_across_versions_is_equal(server: Server) -> None:
    mine = _READ.get(server.major) or _read(server, "xv_c")
    _READ.setdefault(server.major, mine)
    others = {m: c for m, c in _READ.items() if m != server.major}
    if not others:
        pytest.skip("only one PostgreSQL major version read so far: set SCHEMA_AUDITOR_TEST_DSN to add one")
    for major, other in others.items():
        for a, b in ((other, mine), (mine, other)):
            found = diff(a, b)
            assert found == [], (major, server.major, [(d.kind, d.path, d.changes) for d in found])
