"""Issue 7 acceptance: CI formats on the seed with injected drift, stable fingerprints, baselines,
the example workflows and the pre-commit hooks."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import xmlschema
import yaml

from auditor.audit import AuditOptions, run_audit
from auditor.shadow import shadow_catalog
from tests.audit.seedlive import MIGRATIONS, SPEC, build_live, execute
from tests.commands import schema_auditor
from tests.conftest import ROOT

DATA = ROOT / "tests" / "report" / "data"  # SARIF 2.1.0 schema and JUnit XSD, sources in README.md there
DRIFT = (
    "drop policy jobs_owner_update on public.jobs;"
    "alter table public.artifacts alter column kind drop not null;"
    "create index idx_prompts_category on public.prompts (category);"
)


@pytest.fixture(scope="module")
def drifted(server: Any, dsn: str) -> str:
    build_live(dsn, server.version_num)
    execute(dsn, DRIFT)
    return dsn


def test_sarif_and_junit_validate_for_the_seed_with_drift(drifted: str, server: Any, tmp_path: Path) -> None:
    r = schema_auditor(
        "audit",
        "--dsn",
        drifted,
        "--shadow",
        "dsn",
        "--shadow-dsn",
        server.admin_dsn,
        "--format",
        "sarif,junit",
        "--out",
        str(tmp_path),
    )
    assert r.returncode == 1, r.stderr
    sarif = json.loads((tmp_path / "audit.sarif").read_text())
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text())
    jsonschema.Draft7Validator(schema).validate(sarif)
    results = sarif["runs"][0]["results"]
    assert {res["ruleId"] for res in results} >= {"DRIFT-POLICY-MISSING", "DRIFT-COLUMN-CHANGED"}
    # the missing policy points at the spec line that declares it, and at the migration line that
    # created it (provenance), so code scanning can annotate both
    policy = next(res for res in results if res["ruleId"] == "DRIFT-POLICY-MISSING")
    primary = policy["locations"][0]["physicalLocation"]
    assert primary["artifactLocation"]["uri"] == "expected_schema.yaml"
    assert primary["region"]["startLine"] > 1
    related = [rl["physicalLocation"] for rl in policy.get("relatedLocations", [])]
    assert any(
        rl["artifactLocation"]["uri"].endswith("20241201000004_complete_rls_setup.sql")
        and rl["region"]["startLine"] > 1
        for rl in related
    )
    xmlschema.XMLSchema(str(DATA / "junit-10.xsd")).validate(str(tmp_path / "audit.junit.xml"))
    assert "jobs_owner_update" in (tmp_path / "audit.junit.xml").read_text()


def _fingerprints(live: str, migrations: Any) -> set[tuple[str, str, str]]:
    report, run = run_audit(
        AuditOptions(spec=str(SPEC), migrations=str(MIGRATIONS), dsn=live),
        preloaded={"migrations": migrations},
    )
    assert run.failure is None
    return {(f.code, f.object, f.fingerprint) for f in report.findings}


def test_fingerprints_stable_across_runs_and_versions(servers: list[Any]) -> None:
    seen: dict[int, set[tuple[str, str, str]]] = {}
    for s in servers:
        migrations = shadow_catalog(MIGRATIONS, provider="dsn", dsn=s.admin_dsn)
        with s.fresh_database("fp") as live:
            build_live(live, s.version_num)
            execute(live, DRIFT)
            first = _fingerprints(live, migrations)
            assert first == _fingerprints(live, migrations)  # same run twice: same fingerprints
            assert len(first) >= 3
            seen[s.major] = first
    if len(seen) < 2:
        pytest.skip("only one PostgreSQL major version configured (set SCHEMA_AUDITOR_TEST_DSN)")
    a, b = seen.values()
    assert a == b


def test_baseline_then_new_drift(server: Any, tmp_path: Path) -> None:
    with server.fresh_database("baseline") as live:
        build_live(live, server.version_num)
        execute(live, DRIFT)
        src = ["--dsn", live, "--shadow", "dsn", "--shadow-dsn", server.admin_dsn]
        base = tmp_path / "baseline.json"
        assert schema_auditor("audit", *src, "--out", str(tmp_path / "r0")).returncode == 1
        made = schema_auditor("baseline", *src, "-o", str(base), "--reason", "inherited from the old team")
        assert made.returncode == 0, made.stderr
        assert (
            schema_auditor("audit", *src, "--baseline", str(base), "--out", str(tmp_path / "r1")).returncode
            == 0
        )
        # fix one baselined drift: reported as gone, still exit 0
        execute(live, "drop index public.idx_prompts_category")
        r2 = schema_auditor("audit", *src, "--baseline", str(base), "--out", str(tmp_path / "r2"))
        assert r2.returncode == 0
        doc = json.loads((tmp_path / "r2" / "audit.json").read_text())
        assert any(f["code"] == "BASE001" and "idx_prompts_category" in f["object"] for f in doc["findings"])
        # a new drift fails
        execute(live, "alter table public.prompts disable row level security")
        assert (
            schema_auditor("audit", *src, "--baseline", str(base), "--out", str(tmp_path / "r3")).returncode
            == 1
        )


def test_baseline_refuses_an_audit_that_could_not_see(tmp_path: Path) -> None:
    r = schema_auditor(
        "baseline",
        "--dsn",
        "postgresql://x@127.0.0.1:1/db",
        "--no-migrations",
        "-o",
        str(tmp_path / "b.json"),
        "--reason",
        "r",
    )
    assert r.returncode == 3
    assert not (tmp_path / "b.json").exists()


@pytest.mark.parametrize("path", sorted((ROOT / "examples").rglob("*.yml")), ids=lambda p: p.name)
def test_example_workflows_are_valid(path: Path) -> None:
    doc = yaml.safe_load(path.read_text())
    on = doc.get("on", doc.get(True))  # YAML 1.1 reads a bare `on` key as True
    assert on and doc["jobs"]
    for job in doc["jobs"].values():
        assert job["runs-on"] and job["steps"]
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step)
            if "run" in step and "schema-auditor" in step["run"]:
                args = step["run"].split("schema-auditor", 1)[1].split()
                if args and args[0] in ("audit", "lint-migrations"):
                    # every flag the examples use must exist
                    help_text = schema_auditor(args[0], "--help").stdout
                    for flag in (a for a in args if a.startswith("--")):
                        assert flag in help_text, flag


def test_schema_command_prints_the_shipped_schemas() -> None:
    for which in ("spec", "report"):
        r = schema_auditor("schema", which)
        assert r.returncode == 0
        jsonschema.Draft202012Validator.check_schema(json.loads(r.stdout))


def test_pre_commit_hooks_run(tmp_path: Path) -> None:
    """Our .pre-commit-hooks.yaml, run by pre-commit itself on a project like ours."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"] for h in hooks} == {"schema-auditor-lint-migrations", "schema-auditor-audit"}
    project = tmp_path / "project"
    shutil.copytree(MIGRATIONS, project / "migrations")
    shutil.copy(SPEC, project / "expected_schema.yaml")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "GITHUB_ACTIONS")}
    env["PRE_COMMIT_HOME"] = str(tmp_path / "cache")
    # reuse what is installed here instead of downloading every dependency again
    env["PIP_FIND_LINKS"] = ""

    def git(*a: str) -> None:
        subprocess.run(["git", *a], cwd=project, check=True, capture_output=True)

    git("init", "-q")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "project")
    ok = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "--all-files", "--verbose"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert ok.returncode == 0, ok.stdout[-3000:] + ok.stderr[-2000:]
    assert "schema-auditor lint-migrations" in ok.stdout and "Passed" in ok.stdout
    # one lint run for the commit's files (require_serial): one summary line, not one per process
    summaries = re.findall(r"^\d+ (?:error|warning|info)\b.*$", ok.stdout, re.M)
    assert len(summaries) == 1, summaries
    # the hooks leave nothing in the user's repository (no report folder, no cache)
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
    )
    assert status.stdout == "", status.stdout
    # an unsafe migration fails the lint hook
    (project / "migrations" / "20250101000000_unsafe.sql").write_text(
        "set lock_timeout = '5s';\nalter table public.jobs alter column error_message set not null;\n"
    )
    git("add", ".")
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "try-repo",
            str(ROOT),
            "schema-auditor-lint-migrations",
            "--all-files",
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert bad.returncode == 1, bad.stdout[-3000:]
    assert "MIG003" in bad.stdout
