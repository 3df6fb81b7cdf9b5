"""Each migration lint rule against its cases (lint_cases/<CODE>.yml): failing and passing SQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from auditor.findings import Category
from auditor.migrations.lint import lint_files
from auditor.rules.base import REGISTRY, RuleConfig, RulesConfig

CASES_DIR = Path(__file__).parent / "lint_cases"


def _cases() -> list[Any]:
    out = []
    for path in sorted(CASES_DIR.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            out.append(pytest.param(data["rule"], case, id=f"{data['rule']}-{case['name']}"))
    return out


@pytest.mark.parametrize(("code", "case"), _cases())
def test_rule_case(code: str, case: dict[str, Any], tmp_path: Path) -> None:
    for name, sql in case["files"].items():
        (tmp_path / name).write_text(sql, encoding="utf-8")
    targets = [tmp_path / n for n in case.get("lint", case["files"])]
    config = RulesConfig(rules={code: RuleConfig(options=case.get("options", {}))})
    findings = [f for f in lint_files(targets, config, only=[code]) if f.code == code]
    got = sorted((Path(f.location.file).name, f.location.line) for f in findings if f.location)
    want = sorted((e["file"], e["line"]) for e in case["expect"])
    assert got == want, [f"{f.location}: {f.message}" for f in findings]
    for f in findings:
        assert f.category is Category.LINT and f.kind == "migrations" and f.rule_name
        assert f.help, f"{f.code}: every finding has a help line"
    objects = {(Path(f.location.file).name, f.location.line): f.object for f in findings if f.location}
    for e in case["expect"]:
        if "object" in e:
            assert objects[(e["file"], e["line"])] == e["object"]


def test_every_migration_rule_has_a_failing_and_a_passing_case() -> None:
    covered: dict[str, set[bool]] = {}
    for path in CASES_DIR.glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        covered[data["rule"]] = {bool(c["expect"]) for c in data["cases"]}
    rules = REGISTRY.all("migration")
    assert rules, "no migration rule registered"
    for cls in rules:
        assert cls.family == "migrations"
        assert covered.get(cls.code) == {True, False}, f"{cls.code} needs a failing and a passing case"
        assert set(cls.doc_sections()) >= {"What it checks", "Why it matters", "Example", "How to fix"}
