"""The pre-commit audit hook, run as pre-commit runs it: its ``entry`` from .pre-commit-hooks.yaml, in
a project's directory. A spec and migrations that disagree on a column default (a warning-level
drift) must fail the commit; agreeing ones must pass."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import yaml

from tests.commands import ROOT, schema_auditor

MIGRATION = """
create schema app;
create table app.orders (
    id bigint primary key,
    status text not null default 'new'
);
"""

SPEC = """version: 1
platform: none
schemas:
  app:
    tables:
      orders:
        columns:
          id: {{type: bigint, not_null: true}}
          status: {{type: text, not_null: true, default: "{default}"}}
        primary_key: [id]
"""


def hook_entry(hook_id: str) -> list[str]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    (hook,) = [h for h in hooks if h["id"] == hook_id]
    assert hook["pass_filenames"] is False
    words = shlex.split(hook["entry"])
    assert words[0] == "schema-auditor"
    return words[1:]  # tests.commands runs the same console entry point as `python -m auditor`


@pytest.mark.parametrize(("default", "exit_code"), [("'new'", 0), ("'pending'", 1)])
def test_the_audit_hook_fails_when_spec_and_migrations_disagree_on_a_default(
    tmp_path: Path, default: str, exit_code: int
) -> None:
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations" / "20240101000000_orders.sql").write_text(MIGRATION)
    (tmp_path / "expected_schema.yaml").write_text(SPEC.format(default=default))
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    r = schema_auditor(*hook_entry("schema-auditor-audit"), cwd=tmp_path)
    assert r.returncode == exit_code, r.stdout + r.stderr
    # nothing left in the user's repository: the report went to the hook's output (issue 19)
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    report = r.stdout  # the Markdown report, shown by pre-commit when the hook fails
    if exit_code == 0:
        assert r.stderr.startswith("schema-auditor: CLEAN"), r.stderr
        assert "DRIFT-" not in report
    else:
        # the difference is a warning: the default gate fails it anyway, levels do not hide drift
        assert r.stderr.startswith("schema-auditor: FAIL: 1 at the gate"), r.stderr
        assert "DRIFT-COLUMN-CHANGED" in report and "app.orders.status" in report, report
