"""Comparison cases as data: cases/<case>/{drift.sql | a.sql, b.sql; expected.json}.

Side a is the shared cases/base.sql, side b is base.sql followed by the case's drift.sql; a case that
needs other SQL on a side has its own a.sql or b.sql. On each real server: side a goes into one fresh
database and side b into another; both are
introspected and diffed; the findings must be exactly those in expected.json (code, object, changed
attributes, level). Then convergence: the fix SQL of every finding is applied to the b database, which
is introspected and diffed again: nothing may be left.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import psycopg
import pytest

from auditor.compare import diff, to_findings
from auditor.findings import Finding
from auditor.introspect import introspect
from tests.servers import Server

CASES_DIR = Path(__file__).parent / "cases"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if (p / "expected.json").is_file())


def _touches_roles(case: str) -> bool:
    role_ddl = re.compile(r"\b(create|drop)\s+role\b", re.I)
    return any(role_ddl.search(p.read_text()) for p in (CASES_DIR / case).glob("*.sql"))


# Roles are cluster-wide: a case that creates a role and converges by dropping it must not run while
# another worker's database (this case elsewhere, the cross-version matrix) still holds a grant to
# it. One xdist group (pytest -n auto --dist loadgroup) runs them, and the matrix, one at a time.
CLUSTER_ROLES = pytest.mark.xdist_group("cluster-roles")
CASE_PARAMS = [pytest.param(c, marks=CLUSTER_ROLES) if _touches_roles(c) else c for c in CASES]


BASE = CASES_DIR / "base.sql"


def min_major(case: str) -> int:
    """The oldest PostgreSQL major a case runs on (``min_major`` in its expected.json, else any)."""
    return int(json.loads((CASES_DIR / case / "expected.json").read_text()).get("min_major", 0))


def skip_below(server: Server, case: str) -> None:
    """Skip a case its server cannot build (a VIRTUAL generated column before 18)."""
    if server.major < min_major(case):
        pytest.skip(f"{case} needs PostgreSQL {min_major(case)} or newer")


def _case_sql(d: Path, side: str) -> str:
    """A case's SQL for one side: a.sql / b.sql when the case has its own, else the shared
    base.sql; drift.sql, when present, is applied after the base on side b."""
    own = d / f"{side}.sql"
    if own.is_file():
        return own.read_text()
    drift = d / "drift.sql"
    return BASE.read_text() + ("\n" + drift.read_text() if side == "b" and drift.is_file() else "")


def _load(server: Server, dsn: str, sql_text: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql_text)  # type: ignore[call-overload]


def _summary(findings: list[Finding]) -> list[dict[str, Any]]:
    return sorted(
        (
            {"code": f.code, "object": f.object, "changes": list(f.changes), "level": f.level.value}
            for f in findings
        ),
        key=lambda x: (x["object"], x["code"]),
    )


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_case(server: Server, case: str) -> None:
    skip_below(server, case)
    d = CASES_DIR / case
    expected = json.loads((d / "expected.json").read_text())
    with server.fresh_database(f"{case}_a") as dsn_a, server.fresh_database(f"{case}_b") as dsn_b:
        _load(server, dsn_a, _case_sql(d, "a"))
        _load(server, dsn_b, _case_sql(d, "b"))
        a, b = introspect(dsn_a), introspect(dsn_b)
        assert a.complete and b.complete, (a.gaps, b.gaps)
        findings = to_findings(diff(a, b), a_label="a", b_label="b")
        got = _summary(findings)
        assert got == sorted(expected["findings"], key=lambda x: (x["object"], x["code"])), [
            f.message for f in findings
        ]
        for f in findings:
            assert f.message and f.help and f.fingerprint_parts[:2] == (f.code, f.object)

        # Convergence: the fix SQL brings b in line with a.
        fixes = [f.fix_sql for f in findings]
        assert all(fixes), [(f.code, f.object) for f in findings if not f.fix_sql]
        with psycopg.connect(dsn_b, autocommit=True) as conn:
            for sql_text in fixes:
                conn.execute(sql_text)  # type: ignore[arg-type]
        left = diff(a, introspect(dsn_b))
        assert left == [], [(x.path, x.changes) for x in left]
