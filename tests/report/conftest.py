"""Realistic findings and reports for the report tests, built by hand (the drift engine and the
rules produce the same Finding shape)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

import pytest

from auditor.findings import Attribution, Category, Finding, Level
from auditor.model import Gap, Location
from auditor.report.model import Report, SourceInfo

XSS = "<script>alert(1)</script>"
XSS_IMG = '"><img src=x onerror=alert(1)>'
WHEN = datetime(2026, 11, 24, 12, 0, 0, tzinfo=UTC)

SPEC = SourceInfo(name="spec", description="expected_schema.yaml")
MIGRATIONS = SourceInfo(name="migrations", description="supabase/migrations", server_version="17.2")
LIVE = SourceInfo(name="live", description="app on db.example.com:5432", server_version="16.4")


def missing_policy() -> Finding:
    return Finding(
        code="DRIFT_MISSING",
        level=Level.ERROR,
        object="policy:public.jobs.jobs_owner_select",
        message="policy jobs_owner_select is in the spec and migrations but not in the live database",
        category=Category.DRIFT,
        kind="missing",
        expected="CREATE POLICY jobs_owner_select ON public.jobs FOR SELECT TO authenticated "
        "USING (owner_id = auth.uid())",
        actual=None,
        attribution=Attribution.OUTSIDE_MIGRATIONS,
        fix_sql="CREATE POLICY jobs_owner_select ON public.jobs\n  FOR SELECT TO authenticated\n"
        "  USING (owner_id = auth.uid());",
        location=Location("expected_schema.yaml", 42, 7),
        provenance=(Location("supabase/migrations/20240105120000_jobs.sql", 30),),
    )


def rls_disabled() -> Finding:
    return Finding(
        code="SEC001",
        level=Level.ERROR,
        object="table:public.jobs",
        message="row level security is disabled on public.jobs, which is exposed to the API roles",
        category=Category.RULE,
        kind="security",
        expected="ENABLE ROW LEVEL SECURITY",
        actual="row level security disabled",
        rule_name="rls-enabled",
        help="Enable RLS on every table in an exposed schema, then add policies.",
        fix_sql="ALTER TABLE public.jobs ENABLE ROW LEVEL SECURITY;",
        provenance=(Location("supabase/migrations/20240312090000_complete_rls_setup.sql", 12),),
    )


def changed_default() -> Finding:
    return Finding(
        code="DRIFT_CHANGED",
        level=Level.WARNING,
        object="column:public.jobs.status",
        message="column public.jobs.status differs: default",
        category=Category.DRIFT,
        kind="changed",
        expected="'queued'::text",
        actual="'pending'::text",
        attribution=Attribution.MIGRATION_NOT_APPLIED,
        changes=("default",),
        fix_sql="ALTER TABLE public.jobs ALTER COLUMN status SET DEFAULT 'queued'::text;",
        provenance=(Location("supabase/migrations/20240401000000_status_default.sql", 3),),
    )


def xss_findings() -> list[Finding]:
    """Hostile names from a database: a table, a column, a policy and a comment."""
    table = f'"{XSS}"'  # quoted identifier, as object_path writes it
    return [
        Finding(
            code="DRIFT_UNEXPECTED",
            level=Level.ERROR,
            object=f"table:public.{table}",
            message=f"table public.{table} is in the live database but not in the spec",
            category=Category.DRIFT,
            kind="unexpected",
            actual=f"CREATE TABLE public.{table} (id bigint)",
            attribution=Attribution.OUTSIDE_MIGRATIONS,
            fix_sql=f"DROP TABLE public.{table};",
        ),
        Finding(
            code="DRIFT_CHANGED",
            level=Level.WARNING,
            object=f'column:public.jobs."{XSS_IMG}"',
            message=f"column {XSS_IMG} differs: type",
            category=Category.DRIFT,
            kind="changed",
            expected="text",
            actual=XSS_IMG,
            changes=("type",),
            attribution=Attribution.DIFFERS,
        ),
        Finding(
            code="SEC002",
            level=Level.WARNING,
            object='policy:public.jobs."<svg onload=alert(1)>"',
            message="policy <svg onload=alert(1)> allows every row to anon",
            category=Category.RULE,
            kind="security",
            rule_name="policy-not-always-true",
            expected="a predicate that restricts rows",
            actual="USING (true) -- <iframe src=javascript:alert(1)>",
            help="</script><script>window.__pwned=1</script>",
        ),
        Finding(
            code="DRIFT_CHANGED",
            level=Level.INFO,
            object="table:public.jobs",
            message="comment on public.jobs differs",
            category=Category.DRIFT,
            kind="changed",
            expected="Background jobs",
            actual="<!-- --><script>window.__pwned=1</script><b>bold</b>\u2028",
            changes=("comment",),
            attribution=Attribution.DIFFERS,
        ),
    ]


def suppressed_finding() -> Finding:
    return Finding(
        code="PERF001",
        level=Level.WARNING,
        object="constraint:public.jobs.jobs_owner_fk",
        message="foreign key jobs_owner_fk has no covering index",
        category=Category.RULE,
        kind="performance",
        rule_name="fk-index",
        suppressed="small table, accepted in ADR-12",
    )


def all_findings() -> list[Finding]:
    return [missing_policy(), rls_disabled(), changed_default(), *xss_findings(), suppressed_finding()]


def make_report(
    findings: Iterable[Finding] = (),
    *,
    sources: Iterable[SourceInfo] = (SPEC, MIGRATIONS, LIVE),
    fail_on: str = "error",
    errors: Iterable[str] = (),
) -> Report:
    return Report.create(
        sources=sources, findings=findings, fail_on=fail_on, errors=errors, generated_at=WHEN
    )


@pytest.fixture
def report() -> Report:
    return make_report(all_findings())


def gap_source() -> SourceInfo:
    return SourceInfo(
        name="live",
        description="app on db.example.com:5432",
        server_version="16.4",
        gaps=(Gap(kind="function body", object="function:private.secret()", reason="permission denied"),),
    )
