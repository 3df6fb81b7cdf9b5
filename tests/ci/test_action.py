"""Our composite GitHub Action (action.yml): its audit step, run for real in bash, turns every input
into a real `schema-auditor audit` flag; and the example workflows pass actionlint."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.audit.seedlive import MIGRATIONS, SPEC
from tests.conftest import ROOT

ACTION = yaml.safe_load((ROOT / "action.yml").read_text())


def _step(step_id: str) -> dict[str, object]:
    return next(s for s in ACTION["runs"]["steps"] if s.get("id") == step_id)


def _run_audit_step(tmp_path: Path, **inputs: str) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    step = _step("audit")
    project = tmp_path / "project"
    if not project.exists():
        shutil.copytree(MIGRATIONS, project / "db" / "migrations")
        shutil.copy(SPEC, project / "db" / "schema.yaml")
    output, summary = tmp_path / "github_output", tmp_path / "step_summary"
    output.write_text("")
    summary.write_text("")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "GITHUB_ACTIONS")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    defaults = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    values = {**defaults, **inputs}
    # the step's env maps inputs to SA_* variables: evaluate `${{ inputs.x }}` as the runner would
    for var, expr in step["env"].items():  # type: ignore[attr-defined]
        m = re.fullmatch(r"\$\{\{ inputs\.([a-z-]+) \}\}", expr)
        assert m, f"{var}: {expr}"
        env[var] = values[m.group(1)]
    env["GITHUB_OUTPUT"], env["GITHUB_STEP_SUMMARY"] = str(output), str(summary)
    r = subprocess.run(
        ["bash", "-e", "-c", str(step["run"])],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return r, output, summary


def test_every_input_is_used_and_every_env_is_an_input() -> None:
    text = (ROOT / "action.yml").read_text()
    for name in ACTION["inputs"]:
        assert f"inputs.{name}" in text.split("runs:", 1)[1], f"input {name} is never used"


def test_audit_step_maps_inputs_to_real_flags(tmp_path: Path) -> None:
    r, output, summary = _run_audit_step(
        tmp_path,
        spec="db/schema.yaml",
        migrations="db/migrations",
        format="json",
        out="out dir",  # a space: the step must quote it
        args='--quiet --include-schema "public"',
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "exit-code=0" in output.read_text(), r.stdout + r.stderr
    reports = tmp_path / "project" / "out dir"
    assert {p.name for p in reports.iterdir()} == {"audit.json", "audit.sarif", "audit.md"}
    assert "schema-auditor" in summary.read_text()
    assert r.stdout.count("\n") <= 2, r.stdout  # --quiet reached the tool: the verdict line only


def test_audit_step_reports_the_tools_exit_code(tmp_path: Path) -> None:
    """A bad flag is the tool's exit 2, passed on through the step's output to the gate step."""
    r, output, _ = _run_audit_step(
        tmp_path, spec="db/schema.yaml", migrations="db/migrations", args="--no-such-flag"
    )
    assert r.returncode == 0
    assert "exit-code=2" in output.read_text(), r.stdout + r.stderr
    gate = _step_named("Gate")
    assert "exit" in str(gate["run"]) and "audit.outputs.exit-code" in str(gate["env"])


def _step_named(name: str) -> dict[str, object]:
    return next(s for s in ACTION["runs"]["steps"] if s.get("name") == name)


def test_example_workflows_pass_actionlint() -> None:
    venv_bin = str(Path(sys.executable).parent)
    actionlint = shutil.which("actionlint") or shutil.which("actionlint", path=venv_bin)
    if actionlint is None:
        pytest.skip("actionlint is not installed (the test extra installs it on Linux x86-64)")
    files = sorted(str(p) for p in (ROOT / "examples" / "github").glob("*.yml"))
    r = subprocess.run(
        [actionlint, "-shellcheck=", "-pyflakes=", *files], capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 0, r.stdout + r.stderr
