"""``schema-auditor rules`` and ``schema-auditor check`` end to end, on real servers: exit codes
0 / 1 / 2 / 3, the three sources (live, spec, migrations shadow), and the printed fix SQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.rules.base import REGISTRY
from tests.rules.harness import execute_script
from tests.rules.test_seed import MIGRATIONS, replay_seed
from tests.servers import Server

SPECS = Path(__file__).resolve().parent / "specs"


@pytest.fixture(autouse=True)
def _no_project_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The CLI reads schema-auditor.yaml / pyproject.toml from the working directory.
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)


def test_rules_list_and_doc(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    for r in REGISTRY.all():
        assert r.code in out
    assert main(["rules", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {e["code"] for e in listed} == {r.code for r in REGISTRY.all()}
    assert main(["rules", "owner-policy"]) == 0
    doc = capsys.readouterr().out
    assert doc.startswith("SEC007 owner-policy") and "How to fix:" in doc
    assert main(["rules", "NOPE001"]) == 2


@pytest.fixture(scope="module")
def seed_dsn(server: Server) -> Iterator[str]:
    if not MIGRATIONS.is_dir():
        pytest.skip("no migrations/ folder")
    with server.fresh_database("cli_check_seed") as dsn:
        replay_seed(dsn)
        yield dsn


def test_check_live_seed(seed_dsn: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--dsn", seed_dsn]) == 0  # warnings only
    out = capsys.readouterr().out
    assert "INT006" in out and "live (" in out
    assert main(["check", "--dsn", seed_dsn, "--fail-on", "warning"]) == 1
    capsys.readouterr()
    assert main(["check", "--dsn", seed_dsn, "--rule", "SEC001", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["findings"] == [] and doc["sources"][0]["complete"] is True
    assert doc["verdict"] == "clean"


def test_check_live_broken(server: Server, capsys: pytest.CaptureFixture[str]) -> None:
    with server.fresh_database("cli_check_broken") as dsn:
        execute_script(dsn, "CREATE TABLE public.jobs (run_id text PRIMARY KEY);")
        assert main(["check", "--dsn", dsn]) == 1
        out = capsys.readouterr().out
        assert "table:public.jobs: error SEC001 " in out  # the line lint-migrations and audit print
        assert "  = fix: ALTER TABLE public.jobs ENABLE ROW LEVEL SECURITY;" in out
        assert "  = docs: schema-auditor rules SEC001 (docs/rules.md#sec001)" in out


def test_check_spec(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--spec", str(SPECS / "security.yaml")]) == 1
    out = capsys.readouterr().out
    assert "error SEC001 " in out and "[table:public.jobs]" in out
    assert main(["check", "--spec", str(SPECS / "conventions.yaml")]) == 0


def test_check_migrations_shadow(server: Server, capsys: pytest.CaptureFixture[str]) -> None:
    if not MIGRATIONS.is_dir():
        pytest.skip("no migrations/ folder")
    code = main(
        ["check", "--migrations", str(MIGRATIONS), "--shadow", "dsn", "--shadow-dsn", server.admin_dsn]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "migrations (" in out and "INT006" in out


def test_check_bad_input_and_unreachable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "schema-auditor.yaml").write_text("rules:\n  SEC999: off\n")
    assert main(["check", "--spec", str(SPECS / "security.yaml")]) == 2
    assert "SEC999" in capsys.readouterr().err
    (tmp_path / "schema-auditor.yaml").unlink()
    assert main(["check", "--spec", "a.yaml", "--dsn", "postgresql://x@127.0.0.1/x"]) == 2
    assert main(["check", "--dsn", "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2"]) == 3


def test_check_spec_rules_block(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A spec's own `rules:` block configures the check (over the config file's)."""
    body = "version: 1\nschemas:\n  public:\n    tables:\n      jobs:\n        rls: false\n"
    (tmp_path / "on.yaml").write_text(body)
    assert main(["check", "--spec", str(tmp_path / "on.yaml")]) == 1
    out = capsys.readouterr().out
    assert "error SEC001 " in out and "[table:public.jobs]" in out
    (tmp_path / "off.yaml").write_text(
        body + "rules:\n  allow:\n    - {rule: SEC001, object: 'table:public.jobs', reason: internal only}\n"
    )
    assert main(["check", "--spec", str(tmp_path / "off.yaml"), "--show-suppressed"]) == 0
    assert "suppressed: internal only" in capsys.readouterr().out
    (tmp_path / "bad.yaml").write_text(body + "rules:\n  SEC01: off\n")
    assert main(["check", "--spec", str(tmp_path / "bad.yaml")]) == 2
    err = capsys.readouterr().err
    assert "SEC01" in err and "bad.yaml" in err
