"""Every comparison case again, with the migrations side read offline (``--no-shadow``: the SQL
parsed with pglast, no server), both ways (tests/compare/cases):

* *live has it*: side a's SQL parsed offline against live side b finds the case's expected
  findings (code, object, changed attributes);
* *the migrations have it*: side b's SQL parsed offline against live side a finds the same
  differences seen from the other side (missing and unexpected swapped).

So every attribute the live reader compares is either produced by the offline reader the way the
catalog holds it, or listed in ``NOT_OFFLINE`` below with its reason (and the audit's source line
says it is not compared: see ``auditor.migrations.offline.NOT_COMPARED``).
"""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from auditor.audit import AuditOptions, run_audit
from auditor.compare import diff, to_findings
from auditor.findings import Finding
from auditor.introspect import introspect
from auditor.migrations.offline import NOT_COMPARED, offline_catalog
from auditor.migrations.parse import parse_text
from auditor.model import Catalog
from tests.compare.test_cases import CASE_PARAMS, CASES_DIR, _case_sql, skip_below
from tests.compare.test_cases_through_spec import _inverted, _keys
from tests.servers import Server

# What a migration's text does not determine (auditor.migrations.offline.NOT_COMPARED, which the
# audit's source line prints): these changes are not expected offline...
NOT_OFFLINE_ATTRIBUTES = frozenset({"privileges", "owner", "view_definition", "partition_bound", "body_hash"})
# ... nor objects only live has outside the tables the migrations make (the parse lists every
# column, constraint, index, policy and trigger of a table it makes; not every table, function...).
LISTED_IN_TABLES = ("DRIFT-COLUMN-", "DRIFT-CONSTRAINT-", "DRIFT-INDEX-", "DRIFT-POLICY-", "DRIFT-TRIGGER-")
# Cases about cluster state, which no migration text holds.
NOT_OFFLINE = {
    "role_by_hand": "role attributes are cluster state: not read offline",
    "default_privileges_by_hand": "default privileges depend on the role running the migrations",
}


def _seen_offline(findings: list[tuple[str, str, tuple[str, ...]]]) -> list[tuple[str, str, tuple[str, ...]]]:
    """The findings (migrations against live) an offline parse can make."""
    out = []
    for code, obj, changes in findings:
        if code.endswith("-UNEXPECTED") and not code.startswith(LISTED_IN_TABLES):
            continue
        kept = tuple(c for c in changes if c not in NOT_OFFLINE_ATTRIBUTES)
        if changes and not kept:
            continue
        out.append((code, obj, kept))
    return sorted(out)


def _offline(sql_text: str) -> Catalog:
    return offline_catalog([parse_text(sql_text, "20240101000000_case.sql")])


def _findings(migrations: Catalog, live: Catalog) -> list[Finding]:
    return to_findings(diff(migrations, live), a_label="migrations", b_label="live")


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_case_offline(server: Server, case: str) -> None:
    skip_below(server, case)
    d = CASES_DIR / case
    expected = json.loads((d / "expected.json").read_text())["findings"]
    with server.fresh_database(f"{case}_oa") as dsn_a, server.fresh_database(f"{case}_ob") as dsn_b:
        for dsn, side in ((dsn_a, "a"), (dsn_b, "b")):
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute(_case_sql(d, side).encode())
        live_a, live_b = introspect(dsn_a), introspect(dsn_b)
    offline_a, offline_b = _offline(_case_sql(d, "a")), _offline(_case_sql(d, "b"))
    for cat in (offline_a, offline_b):
        assert cat.complete, cat.gaps

    live_has_it = _findings(offline_a, live_b)
    migrations_have_it = _findings(offline_b, live_a)
    want = sorted((e["code"], e["object"], tuple(e["changes"])) for e in expected)
    if case in NOT_OFFLINE:
        assert _keys(live_has_it) == [] and _keys(migrations_have_it) == [], NOT_OFFLINE[case]
        return
    assert _keys(live_has_it) == _seen_offline(want), [f.message for f in live_has_it]
    want_inverted = [(_inverted(code), obj, changes) for code, obj, changes in want]
    assert _keys(migrations_have_it) == _seen_offline(want_inverted), [f.message for f in migrations_have_it]


def test_not_compared_is_said() -> None:
    """What the offline reader cannot know is named, so that the report can say it."""
    assert NOT_COMPARED and all(isinstance(x, str) and x for x in NOT_COMPARED)


def test_the_report_says_what_offline_does_not_compare(server: Server, tmp_path: Path) -> None:
    """An offline audit's migrations source names what it left out, and a hand-made column on a
    table the migrations make is still found."""
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "20240101000000_init.sql").write_text("CREATE TABLE t (id int PRIMARY KEY);\n")
    with server.fresh_database("offline_note") as dsn:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("CREATE TABLE t (id int PRIMARY KEY, by_hand text)")
        opts = AuditOptions(
            dsn=dsn, spec=None, migrations=str(folder), migrations_explicit=True, offline=True, rules=False
        )
        report, run = run_audit(opts)
    assert run.failure is None, run.errors
    (src,) = [s for s in report.sources if s.name == "migrations"]
    assert "not compared: " + "; ".join(NOT_COMPARED) in src.description, src.description
    assert [(f.code, f.object) for f in report.findings if f.code.startswith("DRIFT")] == [
        ("DRIFT-COLUMN-UNEXPECTED", "column:public.t.by_hand")
    ]
