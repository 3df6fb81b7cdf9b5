"""Issue 4 acceptance: drift on a live database built from our migrations, on every server.

Each hand-made change gives exactly one drift finding (code, object, expected, actual,
attribution) and exit 1; undoing it gives exit 0; applying the finding's fix SQL converges."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from auditor.audit import AuditOptions, run_audit
from auditor.findings import Attribution, Category, Level
from auditor.gate import FailPolicy
from auditor.shadow import shadow_catalog
from tests.audit.seedlive import MIGRATIONS, SPEC, build_live, execute

CASES = yaml.safe_load((Path(__file__).with_name("drift_cases.yaml")).read_text())


@pytest.fixture(scope="module")
def migrations_catalog(server):
    """The migrations' catalog on this server (replayed once per module: the replay itself is
    tested in tests/shadow)."""
    return shadow_catalog(MIGRATIONS, provider="dsn", dsn=server.admin_dsn)


@pytest.fixture(scope="module")
def live(server, dsn):
    build_live(dsn, server.version_num)
    return dsn


def audit(live_dsn, migrations_catalog):
    opts = AuditOptions(
        spec=str(SPEC), migrations=str(MIGRATIONS), dsn=live_dsn, fail_on=FailPolicy.parse("error")
    )
    report, run = run_audit(opts, preloaded={"migrations": migrations_catalog})
    assert run.failure is None, run.errors
    return report


def drift(report):
    return [f for f in report.findings if f.category is Category.DRIFT and f.level is not Level.INFO]


def test_seed_live_audits_clean(live, migrations_catalog):
    report = audit(live, migrations_catalog)
    assert drift(report) == []
    assert report.verdict_line and not FailPolicy.parse("error").failing(report.findings)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_drift_case(case, live, migrations_catalog):
    exp = case["expect"]
    execute(live, case["break"])
    try:
        report = audit(live, migrations_catalog)
        found = drift(report)
        assert len(found) == 1, [(f.code, f.object, f.changes) for f in found]
        f = found[0]
        assert f.object == exp["object"]
        assert f.kind == exp["kind"]
        assert f.attribution is Attribution.OUTSIDE_MIGRATIONS
        assert f.code
        assert f.level in (Level.ERROR, Level.WARNING)
        for attr in exp.get("changes", []):
            assert attr in f.changes
        for side in ("expected", "actual"):
            if side in exp:
                value = getattr(f, side)
                if exp[side] is None:
                    assert value is None
                else:
                    assert exp[side] in (value or ""), (side, value)
        assert FailPolicy.parse("warning").failing([f])
        assert f.fix_sql, "every drift case here has a generated fix"
        fix = f.fix_sql
    finally:
        execute(live, case["undo"])
    # undone: clean again
    assert drift(audit(live, migrations_catalog)) == []
    # convergence: break, apply the fix SQL, audit: nothing left
    execute(live, case["break"])
    try:
        execute(live, fix)
        assert drift(audit(live, migrations_catalog)) == []
    except BaseException:
        execute(live, case["undo"])
        raise
