"""Every rule case (tests/rules/cases/<CODE>.yaml) on every configured server.

A case file names its rule and lists cases: ``sql`` to run in a fresh database (after the
Supabase stub when ``supabase: true``), the object paths the rule must report (``expect``;
empty: it must pass), ``levels`` (object: level, where a finding's level is not the rule's),
``messages`` (object: the messages of its findings, where what a finding says is the point of
the case), and ``fixed: true`` to apply the findings' fix SQL and check that nothing is left (the
convergence check). Options apply to the whole file and can be overridden per case.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from auditor.rules.base import REGISTRY
from tests.rules.harness import SUPABASE_STUB, check_dsn, execute_script
from tests.servers import Server

CASES_DIR = Path(__file__).resolve().parent / "cases"


def _load() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text())
        for case in doc["cases"]:
            params.append(pytest.param(doc, case, id=f"{doc['rule']}-{case['name']}"))
    return params


CASE_PARAMS = _load()


def test_every_catalog_rule_has_cases() -> None:
    have = {p.stem for p in CASES_DIR.glob("*.yaml")}
    rules = {r.code for r in REGISTRY.all("catalog")}
    assert rules - have == set(), "rules without a case file"
    assert have - rules == set(), "case files for unknown rules"


def test_every_case_file_has_passing_and_failing_cases() -> None:
    for path in sorted(CASES_DIR.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text())
        assert doc["rule"] == path.stem
        assert any(not c.get("expect") for c in doc["cases"]), f"{path.name}: no passing case"
        assert any(c.get("expect") for c in doc["cases"]), f"{path.name}: no failing case"


@pytest.mark.parametrize(("doc", "case"), CASE_PARAMS)
def test_rule_case(server: Server, doc: dict[str, Any], case: dict[str, Any]) -> None:
    code = doc["rule"]
    if server.version_num < case.get("min_version", 0):
        pytest.skip(f"needs server_version_num >= {case['min_version']}")
    options = {**doc.get("options", {}), **case.get("options", {})}
    with server.fresh_database(f"{code}_{case['name']}") as dsn:
        script = case["sql"]
        if case.get("supabase", doc.get("supabase", False)):
            script = SUPABASE_STUB + "\n" + script
        execute_script(dsn, script)
        findings = check_dsn(dsn, code, options)
        got = sorted(f.object for f in findings)
        assert got == sorted(case.get("expect") or []), "\n".join(f.message for f in findings)
        for obj, level in (case.get("levels") or {}).items():
            assert {f.level.value for f in findings if f.object == obj} == {level}, obj
        for obj, messages in (case.get("messages") or {}).items():
            assert sorted(f.message for f in findings if f.object == obj) == sorted(messages), obj
        for f in findings:
            assert f.code == code and f.rule_name == REGISTRY.get(code).name  # type: ignore[union-attr]
            assert f.message and f.help, f"{f.object}: a finding needs a message and help"
            assert f.fingerprint_parts[:2] == (code, f.object)
        if case.get("fixed"):
            fixes = [f.fix_sql for f in findings]
            assert all(fixes), "fixed: true, but a finding has no fix SQL"
            execute_script(dsn, "\n".join(x for x in fixes if x))
            left = check_dsn(dsn, code, options)
            assert left == [], "after the fix SQL: " + "; ".join(f.message for f in left)
