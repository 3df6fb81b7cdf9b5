"""Source-form SQL, stored and deparsed by each real server, normalizes equal to its source and to what
the other PostgreSQL versions deparse (deparse_cases.yaml records each major's text)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
import pytest
import yaml

from auditor.normalize import ExprContext, Verdict, canonical_type, explain_compare
from tests.normalize.test_equivalences import TYPES
from tests.servers import Server

HERE = Path(__file__).parent
CASES: list[dict[str, Any]] = yaml.safe_load((HERE / "deparse_cases.yaml").read_text())

SETUP = """
CREATE SCHEMA auth;
CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$ select null::uuid $$;
CREATE FUNCTION auth.jwt() RETURNS jsonb LANGUAGE sql STABLE AS $$ select '{}'::jsonb $$;
CREATE TYPE mood AS ENUM ('a', 'b');
CREATE TABLE base (id uuid, owner_id uuid, status text, kind varchar(10), price numeric, flag boolean,
                   created_at timestamptz, email text, tags text[], meta jsonb);
"""


def _both(expr: str, rel: str, catalog: str) -> str:
    """A query for one stored expression, deparsed plain and pretty-printed."""
    return (
        f"SELECT pg_get_expr({expr}, {rel}), pg_get_expr({expr}, {rel}, true) "
        f"FROM {catalog} WHERE {rel} = %s::regclass"
    )


def deparse(conn: psycopg.Connection, i: int, case: dict[str, Any]) -> tuple[str, str]:
    """Store the case's source on the server; read back what it deparses, plain and pretty."""
    src, kind = case["source"], case["kind"]
    rel = f"public.t{i}"
    if kind == "default":
        conn.execute(f"CREATE TABLE t{i} (c {case['type']} DEFAULT {src})")
        q = _both("adbin", "adrelid", "pg_attrdef")
    elif kind == "check":
        conn.execute(f"CREATE TABLE t{i} (LIKE base, CONSTRAINT c CHECK ({src}))")
        q = _both("conbin", "conrelid", "pg_constraint")
    elif kind in ("policy_using", "policy_check"):
        conn.execute(f"CREATE TABLE t{i} (LIKE base)")
        clause = "USING" if kind == "policy_using" else "WITH CHECK"
        conn.execute(f"CREATE POLICY p ON t{i} FOR UPDATE {clause} ({src})")
        col = "polqual" if kind == "policy_using" else "polwithcheck"
        q = _both(col, "polrelid", "pg_policy")
    elif kind == "index_key":
        conn.execute(f"CREATE TABLE t{i} (LIKE base)")
        conn.execute(f"CREATE INDEX t{i}_i ON t{i} (({src}))")
        q = (
            "SELECT pg_get_indexdef(indexrelid, 1, false), pg_get_indexdef(indexrelid, 1, true) "
            "FROM pg_index WHERE indrelid = %s::regclass"
        )
    elif kind == "index_predicate":
        conn.execute(f"CREATE TABLE t{i} (LIKE base)")
        conn.execute(f"CREATE INDEX t{i}_i ON t{i} (id) WHERE {src}")
        q = _both("indpred", "indrelid", "pg_index")
    elif kind == "view":
        conn.execute(f"CREATE VIEW t{i} AS {src}")
        q = "SELECT pg_get_viewdef(%(rel)s::regclass), pg_get_viewdef(%(rel)s::regclass, true)"
    else:
        raise AssertionError(kind)
    # Read as the introspector does: with search_path = pg_catalog, so user objects come qualified.
    conn.execute("SET search_path = pg_catalog")
    try:
        params: Any = {"rel": rel} if "%(rel)s" in q else (rel,)
        row = conn.execute(q, params).fetchone()  # type: ignore[call-overload]
    finally:
        conn.execute("SET search_path = public")
    assert row is not None and row[0] is not None and row[1] is not None
    return str(row[0]), str(row[1])


@pytest.fixture(scope="module")
def deparsed(dsn: str) -> list[tuple[str, str]]:
    """What this server deparses for every case, in case order."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(SETUP)
        return [deparse(conn, i, case) for i, case in enumerate(CASES)]


def _context(case: dict[str, Any], i: int) -> ExprContext:
    return ExprContext(kind=case["kind"], table=f"t{i}")


@pytest.mark.parametrize("i", range(len(CASES)), ids=[f"{c['kind']}:{c['source'][:40]}" for c in CASES])
def test_deparsed_equals_source(server: Server, deparsed: list[tuple[str, str]], i: int) -> None:
    case = CASES[i]
    for text in deparsed[i]:  # plain and pretty-printed
        got = explain_compare(case["source"], text, context=_context(case, i))
        assert got.verdict is Verdict.EQUAL, (server.major, case["source"], text, got)
        assert not got.unparsed


@pytest.mark.parametrize("i", range(len(CASES)), ids=[f"{c['kind']}:{c['source'][:40]}" for c in CASES])
def test_deparsed_equals_other_versions(server: Server, deparsed: list[tuple[str, str]], i: int) -> None:
    case = CASES[i]
    recorded: dict[int, list[str]] = case.get("deparsed", {})
    if server.major in recorded:
        # The record is what this major really deparses: keeps the other versions' texts honest.
        assert list(deparsed[i]) == recorded[server.major]
    others = {m: t for m, t in recorded.items() if m != server.major}
    if not others:
        pytest.skip(f"no other PostgreSQL version's deparse recorded for case {i}")
    for major, texts in others.items():
        for mine in deparsed[i]:
            for theirs in texts:
                got = explain_compare(mine, theirs, context=_context(case, i))
                assert got.verdict is Verdict.EQUAL, (server.major, major, mine, theirs)


def test_format_type_agrees(server: Server, dsn: str) -> None:
    """canonical_type gives what the server's format_type gives, for every spelling in types.yaml."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE TYPE my_enum AS ENUM ('x')")
        conn.execute("CREATE TYPE \"MyType\" AS ENUM ('x')")
        conn.execute("CREATE SCHEMA IF NOT EXISTS other")
        conn.execute("CREATE TYPE other.my_enum AS ENUM ('x')")
        conn.execute("SET search_path = public")
        for spelling, _canon in TYPES:
            if spelling in ("serial", "bigserial"):
                continue  # not a type outside CREATE TABLE
            conn.execute(f"CREATE TEMP TABLE ft (c {spelling})")
            row = conn.execute(
                "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                "WHERE attrelid = 'ft'::regclass AND attname = 'c'"
            ).fetchone()
            conn.execute("DROP TABLE ft")
            assert row is not None
            assert canonical_type(spelling) == canonical_type(row[0]), (spelling, row[0])
