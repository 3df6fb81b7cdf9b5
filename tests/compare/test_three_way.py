"""Three-way attribution as data: three_way/<case>/{spec.sql, migrations.sql, live.sql, expected.json}.

Each SQL file goes into its own fresh database on each real server; the three introspected catalogs
are attributed. Every fact must be told once, with the side that moved, and only as certain as the
history allows.

``migrations.sql`` is read as two migration files, split at ``-- this side's change``:
``0001_base.sql`` and ``0002_change.sql``; their provenance says which one explains a difference.
Each case is attributed under every history there can be: none (no history table), every migration
recorded as applied, and (with a change part) ``0002_change.sql`` not applied. A finding's
``attribution`` in expected.json is one value for every history, or one per history.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import psycopg
import pytest

from auditor.compare import three_way
from auditor.compare.attribution import history_explainer
from auditor.findings import Finding
from auditor.introspect import introspect
from auditor.migrations.parse import parse_text
from auditor.migrations.provenance import build_provenance
from tests.servers import Server

CASES_DIR = Path(__file__).parent / "three_way"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if (p / "expected.json").is_file())
SPLIT = "-- this side's change"
HISTORIES: dict[str, list[str] | None] = {
    "no_history": None,
    "all_applied": [],
    "change_pending": ["0002_change.sql"],
}


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


def _expected(items: list[dict[str, Any]], history: str) -> list[dict[str, Any]]:
    out = []
    for x in items:
        att = x["attribution"]
        out.append({**x, "attribution": att[history] if isinstance(att, dict) else att})
    return sorted(out, key=lambda x: (x["object"], x["code"]))


def _migration_files(text: str) -> list[tuple[str, str]]:
    base, sep, change = text.partition(SPLIT)
    return [("0001_base.sql", base)] + ([("0002_change.sql", sep + change)] if sep else [])


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
    files = _migration_files((d / "migrations.sql").read_text())
    prov = build_provenance([parse_text(text, file=name) for name, text in files])
    histories = [h for h in HISTORIES if h != "change_pending" or len(files) == 2]
    for history in histories:
        explain = history_explainer(prov.explaining_files, HISTORIES[history])
        findings = three_way(catalogs["spec"], catalogs["migrations"], catalogs["live"], explain=explain)
        assert _summary(findings) == _expected(expected["findings"], history), (
            history,
            [f.message for f in findings],
        )
        # One finding per fact: no object/attribute pair twice.
        facts = [(f.object, c) for f in findings for c in (f.changes or ("",))]
        assert len(facts) == len(set(facts))
        # Fix SQL changes live: only findings about live carry it.
        for f in findings:
            if f.attribution is not None and f.attribution.value == "spec out of date":
                assert f.fix_sql is None
