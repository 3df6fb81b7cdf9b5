"""Issue 17 item 1: no Python repr in any output. Every comparison fixture (tests/compare/cases,
tests/report/repr_cases.yaml, both directions so each object is once missing and once unexpected)
and every hand-made drift of tests/audit/drift_cases.yaml is rendered in every format (JSON, HTML,
SARIF, JUnit, Markdown, terminal and GitHub annotations) and searched for reprs. Whole objects are
the SQL that creates them: each such text parses as PostgreSQL (pglast), and a changed function
shows both bodies and a line diff of them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pglast
import psycopg
import pytest
import yaml

from auditor.compare import diff, to_findings
from auditor.findings import Finding
from auditor.introspect import introspect
from auditor.report.html import render_html
from auditor.report.json_report import render_json
from auditor.report.junit import render_junit
from auditor.report.markdown import render_markdown
from auditor.report.model import Report, SourceInfo
from auditor.report.sarif import render_sarif
from auditor.report.text import github_annotations, terminal_summary
from tests.compare.test_cases import CASES, CASES_DIR, _case_sql, skip_below
from tests.servers import Server

EXTRA = yaml.safe_load(Path(__file__).with_name("repr_cases.yaml").read_text())
BASE = (CASES_DIR / "base.sql").read_text()

# A dataclass repr (`Policy(name=...`), a container repr, a default None field, an object address.
REPR = re.compile(
    r"\b(?:frozenset|FrozenMap|mappingproxy)\(|\b[A-Z][A-Za-z]*\([a-z_]+=|=None\b|"
    r"<[A-Za-z_.]+ object at 0x|\bGrant\(|\bDefaultPrivilege\("
)


def render_everything(report: Report) -> dict[str, str]:
    return {
        "json": render_json(report),
        "html": render_html(report),
        "sarif": json.dumps(render_sarif(report)),
        "junit": render_junit(report).decode(),
        "md": render_markdown(report),
        "terminal": terminal_summary(report, color=False),
        "github": github_annotations(report),
    }


def assert_no_repr(findings: list[Finding]) -> None:
    report = Report.create(
        sources=[SourceInfo("spec", "a"), SourceInfo("live", "b")], findings=findings, fail_on="drift"
    )
    for fmt, text in render_everything(report).items():
        hits = [text[max(0, m.start() - 60) : m.end() + 60] for m in REPR.finditer(text)]
        assert not hits, (fmt, hits[:3])
    for f in findings:
        for side in (f.expected, f.actual):
            if side is not None and f.kind in ("missing", "unexpected"):
                pglast.parse_sql(side)  # the whole object is SQL PostgreSQL parses


def _sides(server: Server, name: str, a_sql: str, b_sql: str) -> list[Finding]:
    with server.fresh_database(f"{name}_a") as dsn_a, server.fresh_database(f"{name}_b") as dsn_b:
        for dsn, text in ((dsn_a, a_sql), (dsn_b, b_sql)):
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute(text)  # type: ignore[call-overload]
        a, b = introspect(dsn_a), introspect(dsn_b)
    return to_findings(diff(a, b), a_label="spec", b_label="live") + to_findings(
        diff(b, a), a_label="live", b_label="spec"
    )


@pytest.mark.parametrize("case", CASES)
def test_compare_case_has_no_repr(server: Server, case: str) -> None:
    skip_below(server, case)
    d = CASES_DIR / case
    findings = _sides(server, f"r_{case}"[:40], _case_sql(d, "a"), _case_sql(d, "b"))
    assert bool(findings) == bool(json.loads((d / "expected.json").read_text())["findings"])
    assert_no_repr(findings)


@pytest.mark.parametrize("case", EXTRA, ids=[c["name"] for c in EXTRA])
def test_whole_objects_are_sql(server: Server, case: dict[str, str]) -> None:
    findings = _sides(server, f"r_{case['name']}"[:40], BASE, BASE + "\n" + case["drift"])
    assert findings
    assert_no_repr(findings)
    texts = "\n".join(f"{f.expected}\n{f.actual}" for f in findings)
    if case["name"] == "function_body_changed":
        f = next(f for f in findings if f.object == "function:public.touch()")  # spec -> live
        assert "clock_timestamp()" in (f.actual or "") and "NEW.created_at := now()" in (f.expected or "")
        extra = dict(f.extra)
        assert "-  BEGIN NEW.created_at := now(); RETURN NEW; END " in extra["body_diff"] or (
            "+  NEW.created_at := clock_timestamp();" in extra["body_diff"]
        ), extra["body_diff"]
        assert "sha256" not in f.message and "body differs" in f.message
    if case["name"] == "handmade_function_and_view":
        assert "CREATE FUNCTION public.purge_old(days integer)" in texts
        assert "SECURITY DEFINER" in texts and "DELETE FROM jobs" in texts
        assert "RETURN 42" in texts  # an SQL-standard body, as the server deparses it
        assert "CREATE VIEW public.done_jobs WITH (security_invoker = true) AS" in texts
        assert "CREATE MATERIALIZED VIEW public.job_counts AS" in texts
    if case["name"] == "handmade_tables_and_types":
        assert "CREATE TABLE public.notes (" in texts
        assert "CREATE DOMAIN public.positive AS integer NOT NULL" in texts
        assert "CREATE TYPE public.colour AS ENUM ('red', 'it''s green')" in texts
        assert "ALTER DEFAULT PRIVILEGES FOR ROLE" in texts


# --- the hand-made drifts of tests/audit/drift_cases.yaml, all at once, through a whole audit --------
DRIFT_CASES = yaml.safe_load((Path(__file__).parents[1] / "audit" / "drift_cases.yaml").read_text())
HANDMADE = """
create function public.handmade_cleanup() returns void language sql as $$ delete from public.job_events $$;
create view public.handmade_view as select 1 as one;
"""


def test_audit_of_every_drift_case_has_no_repr(server: Server, dsn: str) -> None:
    """A live database built from our migrations with every drift case broken at once (plus a
    hand-made function and view), audited with the rules: every format, no repr."""
    from auditor.audit import AuditOptions, run_audit
    from auditor.gate import FailPolicy
    from tests.audit.seedlive import MIGRATIONS, SPEC, build_live, execute

    build_live(dsn, server.version_num)
    execute(dsn, "\n".join(c["break"].rstrip().rstrip(";") + ";" for c in DRIFT_CASES) + HANDMADE)
    opts = AuditOptions(
        spec=str(SPEC),
        migrations=str(MIGRATIONS),
        dsn=dsn,
        shadow="dsn",
        shadow_dsn=server.admin_dsn,
        fail_on=FailPolicy.parse("error"),
    )
    report, run = run_audit(opts)
    assert run.failure is None, run.errors
    objects = {f.object for f in report.findings}
    assert {c["expect"]["object"] for c in DRIFT_CASES} <= objects
    assert "function:public.handmade_cleanup()" in objects and "table:public.handmade_view" in objects
    assert_no_repr(list(report.findings))
    text = render_json(report)
    assert "CREATE POLICY jobs_owner_select ON public.jobs" in text  # the missing policy, as SQL
    assert "delete from public.job_events" in text  # the hand-made function's body, not its hash
