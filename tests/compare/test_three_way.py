"""Three-way attribution as data: three_way/<case>/{spec.sql, migrations.sql, live.sql, expected.json}.

Each SQL file goes into its own fresh database on each real server; the three introspected catalogs
are attributed. Every fact must be told once, with the side that moved.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import psycopg
import pytest

from auditor.compare import three_way
from auditor.findings import Finding
from auditor.introspect import introspect
from tests.servers import Server

CASES_DIR = Path(__file__).parent / "three_way"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if (p / "expected.json").is_file())


def _summary(findings: list[Finding]) -> list[dict[str, Any]]:
    return sorted(
        (
            {
                "code": f.code,
                "object": f.object,
                "changes": list(f.changes),
                "attribution": f.attribution.value if f.attribution else None,
            }
            for f in findings
        ),
        key=lambda x: (x["object"], x["code"]),
    )


def _sorted(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(items, key=lambda x: (x["object"], x["code"]))


@pytest.mark.parametrize("case", CASES)
def test_three_way(server: Server, case: str) -> None:
    d = CASES_DIR / case
    expected = json.loads((d / "expected.json").read_text())
    catalogs = {}
    for side in ("spec", "migrations", "live"):
        with server.fresh_database(f"{case}_{side}") as dsn:
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute((d / f"{side}.sql").read_text())  # type: ignore[call-overload]
            catalogs[side] = introspect(dsn)
    findings = three_way(catalogs["spec"], catalogs["migrations"], catalogs["live"])
    assert _summary(findings) == _sorted(expected["findings"]), [f.message for f in findings]
    # One finding per fact: no object/attribute pair twice.
    facts = [(f.object, c) for f in findings for c in (f.changes or ("",))]
    assert len(facts) == len(set(facts))
    # Fix SQL changes live: only findings about live carry it.
    for f in findings:
        if f.attribution is not None and f.attribution.value == "spec out of date":
            assert f.fix_sql is None
    if "findings_when_all_migrations_applied" in expected:
        applied = three_way(
            catalogs["spec"], catalogs["migrations"], catalogs["live"], migrations_applied=True
        )
        assert _summary(applied) == _sorted(expected["findings_when_all_migrations_applied"])
