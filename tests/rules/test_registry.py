"""The registry: duplicate and retired codes refused, one rule per module, and every rule
documented with the four sections."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest

from auditor.findings import Category, Finding, Level
from auditor.model import Location
from auditor.rules import base
from auditor.rules.base import DOC_SECTIONS, REGISTRY, DuplicateRuleError, Registry, Rule

DOC = "Summary.\n\nWhat it checks:\n  x\n"


def _rule(code: str, name: str, module: str = "m1") -> type[Rule[Any]]:
    def check(self: Rule[Any], subject: Any) -> Iterable[Finding]:
        return []

    return type(
        f"R{code}",
        (Rule,),
        {
            "code": code,
            "name": name,
            "family": "security",
            "level": Level.ERROR,
            "__doc__": DOC,
            "__module__": module,
            "check": check,
        },
    )


def test_duplicate_code_refused() -> None:
    reg = Registry()
    reg.register(_rule("TST001", "one", "m1"))
    with pytest.raises(DuplicateRuleError, match="already used"):
        reg.register(_rule("TST001", "two", "m2"))


def test_duplicate_name_and_second_rule_in_module_refused() -> None:
    reg = Registry()
    reg.register(_rule("TST001", "one", "m1"))
    with pytest.raises(DuplicateRuleError, match="name one"):
        reg.register(_rule("TST002", "one", "m2"))
    with pytest.raises(DuplicateRuleError, match="one rule per module"):
        reg.register(_rule("TST003", "three", "m1"))


def test_retired_code_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "RETIRED", frozenset({"TST009"}))
    with pytest.raises(DuplicateRuleError, match="retired"):
        Registry().register(_rule("TST009", "nine"))


def test_malformed_refused() -> None:
    with pytest.raises(DuplicateRuleError, match="kebab-case"):
        Registry().register(_rule("TST001", "Not_Kebab"))
    with pytest.raises(DuplicateRuleError, match="like SEC001"):
        Registry().register(_rule("sec1", "x"))


@pytest.mark.parametrize("rule", REGISTRY.all("catalog"), ids=lambda r: r.code)
def test_catalog_rule_documented(rule: type[Rule[Any]]) -> None:
    sections = rule.doc_sections()
    assert list(sections) == list(DOC_SECTIONS), f"{rule.code}: sections {list(sections)}"
    assert all(sections.values())
    assert rule.family in ("security", "integrity", "performance", "conventions")
    assert rule.code not in base.RETIRED


def test_rule_finding_is_the_dataclass_built_normally() -> None:
    """Rule.finding fills a Finding's fields without its __init__: the result must be the object the
    constructor builds, field for field, with nothing more."""
    rule = _rule("TST002", "two")()
    loc = Location("spec.yaml", 3, 1)
    made = rule.finding(
        "table:public.t",
        "message",
        fix_sql="SELECT 1;",
        expected="e",
        actual="a",
        location=loc,
        provenance=(loc,),
        extra={"b": "2", "a": "1"},
        fingerprint_extra=("x",),
    )
    built = Finding(
        code="TST002",
        level=Level.ERROR,
        object="table:public.t",
        message="message",
        category=Category.RULE,
        kind="security",
        expected="e",
        actual="a",
        fix_sql="SELECT 1;",
        location=loc,
        provenance=(loc,),
        rule_name="two",
        extra=(("a", "1"), ("b", "2")),
        fingerprint_parts=("TST002", "table:public.t", "x"),
    )
    assert made == built
    assert vars(made) == vars(built)
    assert made.fingerprint == built.fingerprint and made.to_dict() == built.to_dict()
    assert hash(made) == hash(built)


def test_invoker_search_path_is_opt_in() -> None:
    """SEC021 (splinter's function_search_path_mutable for invoker functions) runs only when enabled."""
    from auditor.rules.base import REGISTRY, RulesConfig

    cls = REGISTRY.get("SEC021")
    assert cls is not None and not RulesConfig().is_enabled(cls)
