"""Every comparison case again, with a spec written by ``snapshot`` on one side (tests/compare/cases).

A spec written by ``snapshot`` asserts everything the database had (``strict: true``,
``complete: true``), so it must find what a second live database finds, both ways:

* *live has it*: the snapshot of side a (loaded from its YAML text) against live side b finds
  exactly the case's expected findings;
* *the spec has it*: the snapshot of side b against live side a finds the same differences seen
  from the other side (missing and unexpected swapped; levels may differ, so they are not compared).

Both databases are built with plain SQL through psycopg, as users build theirs.
"""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from auditor.compare import diff, to_findings
from auditor.findings import Finding
from auditor.introspect import introspect
from auditor.spec.loader import load_spec_text
from auditor.spec.writer import dump_spec
from tests.compare.test_cases import CASE_PARAMS, CASES, CASES_DIR, _case_sql, skip_below
from tests.servers import Server

_SWAP = {"MISSING": "UNEXPECTED", "UNEXPECTED": "MISSING"}


def _inverted(code: str) -> str:
    head, _, kind = code.rpartition("-")
    return f"{head}-{_SWAP.get(kind, kind)}"


def _keys(findings: list[Finding]) -> list[tuple[str, str, tuple[str, ...]]]:
    return sorted((f.code, f.object, tuple(f.changes)) for f in findings)


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_case_through_spec(server: Server, case: str) -> None:
    skip_below(server, case)
    d = CASES_DIR / case
    expected = json.loads((d / "expected.json").read_text())["findings"]
    with server.fresh_database(f"{case}_sa") as dsn_a, server.fresh_database(f"{case}_sb") as dsn_b:
        for dsn, side in ((dsn_a, "a"), (dsn_b, "b")):
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute(_case_sql(d, side).encode())
        live_a, live_b = introspect(dsn_a), introspect(dsn_b)
        spec_a = load_spec_text(dump_spec(live_a)).catalog
        spec_b = load_spec_text(dump_spec(live_b)).catalog

    live_has_it = to_findings(diff(spec_a, live_b), a_label="spec", b_label="live")
    want = sorted((e["code"], e["object"], tuple(e["changes"])) for e in expected)
    assert _keys(live_has_it) == want, [f.message for f in live_has_it]

    spec_has_it = to_findings(diff(spec_b, live_a), a_label="spec", b_label="live")
    want_inverted = sorted((_inverted(code), obj, changes) for code, obj, changes in want)
    assert _keys(spec_has_it) == want_inverted, [f.message for f in spec_has_it]


def test_the_cases_are_all_here() -> None:
    assert len(CASES) == len([p for p in CASES_DIR.iterdir() if (p / "expected.json").is_file()]) > 0
    assert all((Path(CASES_DIR) / c).is_dir() for c in CASES)
