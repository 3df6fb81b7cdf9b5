"""Issue 4 acceptance through the command line: exit codes, reports that never claim "clean" when a
stage failed, invalid specs with file:line:column, and no false drift across PostgreSQL versions."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from auditor.compare import three_way
from auditor.shadow import shadow_catalog
from auditor.spec import dump_spec, load_spec, load_spec_text
from tests.audit.seedlive import MIGRATIONS, SPEC, build_live, execute
from tests.commands import schema_auditor


def report(out: Path) -> dict:
    return json.loads((out / "audit.json").read_text())


@pytest.fixture(scope="module")
def live(server, dsn):
    build_live(dsn, server.version_num)
    return dsn


def test_exit_codes_follow_the_drift(live, server, tmp_path):
    base = [
        "audit",
        "--dsn",
        live,
        "--shadow",
        "dsn",
        "--shadow-dsn",
        server.admin_dsn,
        "--out",
        str(tmp_path),
    ]
    ok = schema_auditor(*base)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert report(tmp_path)["verdict"] == "clean"
    execute(live, "alter table public.jobs disable row level security")
    try:
        bad = schema_auditor(*base, "--format", "json,html,sarif,junit,md")
        assert bad.returncode == 1, bad.stdout + bad.stderr
        doc = report(tmp_path)
        assert doc["verdict"] != "clean"
        drift = [f for f in doc["findings"] if f["category"] == "drift" and f["level"] != "info"]
        assert [f["object"] for f in drift] == ["table:public.jobs"]
        assert drift[0]["attribution"] == "changed outside migrations"
        # the rule describing the same fact comes along (RLS off on an exposed table)
        assert any(f["code"] == "SEC001" and f["object"] == "table:public.jobs" for f in doc["findings"])
        for name in ("audit.html", "audit.sarif", "audit.junit.xml", "audit.md"):
            assert (tmp_path / name).stat().st_size > 0
        quiet = schema_auditor(*base, "--quiet")
        assert quiet.returncode == 1 and len(quiet.stdout.strip().splitlines()) == 1
    finally:
        execute(live, "alter table public.jobs enable row level security")
    assert schema_auditor(*base).returncode == 0


def test_a_snapshot_of_live_audits_live_clean(live, tmp_path):
    """A spec snapshotted from a Supabase database declares the platform's schemas, roles and
    extensions; live leaves them out of the audit's scope, so the spec must too, or they are false
    drift ("schema auth is missing in live")."""
    spec = tmp_path / "snapshot.yaml"
    snap = schema_auditor("snapshot", "--dsn", live, "-o", str(spec))
    assert snap.returncode == 0, snap.stderr
    assert "\n  auth:" in spec.read_text() and "\n  anon:" in spec.read_text()  # the premise
    out = tmp_path / "reports"
    r = schema_auditor("audit", "--dsn", live, "--spec", str(spec), "--no-migrations", "--out", str(out))
    doc = report(out)
    assert [f["object"] for f in doc["findings"] if f["category"] == "drift"] == []
    assert r.returncode == 0 and doc["verdict"] == "clean", r.stdout + r.stderr


def test_live_read_early_in_another_scope_is_read_again(live, tmp_path):
    """Live is read while the spec loads, its platform foreseen from the spec's plain top-level
    ``platform:`` line. A spec that spells the key otherwise is still audited in its own scope."""
    spec = tmp_path / "snapshot.yaml"
    assert schema_auditor("snapshot", "--dsn", live, "-o", str(spec)).returncode == 0
    text = spec.read_text()
    spec.write_text(text.replace("\nversion: 1\n", '\nversion: 1\n"platform": supabase\n', 1))
    out = tmp_path / "reports"
    r = schema_auditor("audit", "--dsn", live, "--spec", str(spec), "--no-migrations", "--out", str(out))
    doc = report(out)
    assert [f["object"] for f in doc["findings"] if f["category"] == "drift"] == []
    assert r.returncode == 0, r.stdout + r.stderr


def test_unreachable_live_database_exits_3_and_never_claims_clean(tmp_path, server):
    out = tmp_path / "r"
    r = schema_auditor(
        "audit",
        "--dsn",
        "postgresql://auditor:s3cret-pw@127.0.0.1:1/app",
        "--shadow",
        "dsn",
        "--shadow-dsn",
        server.admin_dsn,
        "--out",
        str(out),
    )
    assert r.returncode == 3, r.stderr
    assert "s3cret-pw" not in r.stdout + r.stderr + (out / "audit.json").read_text()
    assert "Traceback" not in r.stderr
    assert len([line for line in r.stderr.splitlines() if "error" in line]) == 1
    assert report(out)["verdict"] == "error"
    assert "CLEAN" not in r.stdout


SPEC_ERRORS = [
    ("yaml_syntax", "version: 1\nschemas:\n  public: {tables: [\n", r"bad\.yaml:\d+:\d+: "),
    ("unknown_key", "version: 1\nschemas:\n  public:\n    tabels: {}\n", r"bad\.yaml:4:5: .*tabels"),
    ("wrong_type", "version: 1\nstrict: maybe\n", r"bad\.yaml:2:\d+: "),
]


@pytest.mark.parametrize(("name", "text", "pattern"), SPEC_ERRORS, ids=[c[0] for c in SPEC_ERRORS])
def test_invalid_spec_exits_2_with_position(tmp_path, name, text, pattern):
    (tmp_path / "bad.yaml").write_text(text)
    out = tmp_path / "reports"
    r = schema_auditor("audit", "--spec", "bad.yaml", "--no-migrations", "--out", str(out), cwd=tmp_path)
    assert r.returncode == 2, r.stdout + r.stderr
    assert re.search(pattern, r.stderr), r.stderr
    assert "Traceback" not in r.stderr
    assert report(out)["verdict"] == "error"


def test_bad_flags_exit_2(tmp_path):
    r = schema_auditor("audit", "--format", "pdf", "--out", str(tmp_path), cwd=tmp_path)
    assert r.returncode == 2 and "pdf" in r.stderr
    assert schema_auditor("audit", "--no-such-flag").returncode == 2


def test_hand_written_spec_audits_clean(server):
    """expected_schema.yaml is written in source form (status IN (...), 'pending', now())."""
    migrations = shadow_catalog(MIGRATIONS, provider="dsn", dsn=server.admin_dsn)
    assert three_way(load_spec(SPEC).catalog, migrations, None) == []


def test_no_false_drift_across_versions(servers):
    """A spec snapshotted on one server audits clean against the migrations replayed on another."""
    if len({s.major for s in servers}) < 2:
        pytest.skip("needs two PostgreSQL major versions (set SCHEMA_AUDITOR_TEST_DSN)")
    catalogs = {s.major: shadow_catalog(MIGRATIONS, provider="dsn", dsn=s.admin_dsn) for s in servers}
    for a, cat_a in catalogs.items():
        spec = load_spec_text(dump_spec(cat_a), f"snapshot-pg{a}.yaml").catalog
        for b, cat_b in catalogs.items():
            assert three_way(spec, cat_b, None) == [], (a, b)


def test_rules_configured_in_the_project_config_file(tmp_path):
    """The audit reads the rules block of the config file it was given (--config), and an invalid
    block is an input error that names the file and line."""
    (tmp_path / "spec.yaml").write_text(
        "version: 1\nstrict: true\nschemas:\n  public:\n    tables:\n"
        "      t:\n        columns: {id: integer}\n"
    )
    base = ("audit", "--spec", "spec.yaml", "--no-migrations", "--no-shadow", "--out", str(tmp_path / "r"))
    bad = tmp_path / "audit-config.yaml"
    bad.write_text("fail_on: warning\nrules:\n  options: {}\n  NOPE001: off\n")
    r = schema_auditor(*base, "--config", str(bad), cwd=tmp_path)
    assert r.returncode == 2, r.stdout + r.stderr
    assert re.search(r"audit-config\.yaml:4(:\d+)?: unknown rule 'NOPE001'", r.stderr), r.stderr
    good = tmp_path / "good.yaml"
    good.write_text("rules:\n  INT001: error\n")  # a table without a primary key: error, not warning

    def int001_level(*extra: str) -> str:
        schema_auditor(*base, *extra, cwd=tmp_path)
        (f,) = [f for f in report(tmp_path / "r")["findings"] if f["code"] == "INT001"]
        return str(f["level"])

    assert int001_level("--config", str(good)) == "error"
    assert int001_level() == "warning"  # no config file: the rule's default level
