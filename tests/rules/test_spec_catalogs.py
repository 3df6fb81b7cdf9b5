"""Rules on catalogs loaded from a spec (no server): one partial spec per family. Every rule of
the family runs (opt-in ones too); each must report exactly the objects the expectation file
lists, and nothing on what the spec leaves undeclared."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from auditor.rules import RuleConfig, RulesConfig, run_rules
from auditor.rules.base import REGISTRY
from auditor.spec import load_spec

SPECS = Path(__file__).resolve().parent / "specs"
FAMILIES = ["security", "integrity", "performance", "conventions"]


@pytest.mark.parametrize("family", FAMILIES)
def test_family_on_spec_catalog(family: str) -> None:
    catalog = load_spec(SPECS / f"{family}.yaml").catalog
    expected = yaml.safe_load((SPECS / f"{family}.expect.yaml").read_text()) or {}
    rules = [r for r in REGISTRY.all("catalog") if r.family == family]
    config = RulesConfig(rules={r.code: RuleConfig(enabled=True) for r in rules})
    findings = run_rules(catalog, config)
    for r in rules:
        got = sorted(f.object for f in findings if f.code == r.code)
        assert got == sorted(expected.get(r.code, [])), f"{r.code} {r.name}: " + "; ".join(
            f.message for f in findings if f.code == r.code
        )
    assert set(expected) <= {r.code for r in rules}, "expectations for rules of another family"
