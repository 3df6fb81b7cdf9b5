"""SARIF against the official OASIS 2.1.0 schema; JUnit against the Jenkins xUnit JUnit XSD
(both in tests/report/data, sources in its README)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import xmlschema

from auditor.findings import Category, Finding, Level
from auditor.model import Location
from auditor.report.junit import render_junit
from auditor.report.model import RuleDoc
from auditor.report.sarif import FINGERPRINT_KEY, render_sarif
from tests.report.conftest import (
    SPEC,
    all_findings,
    gap_source,
    make_report,
    missing_policy,
    rls_disabled,
    suppressed_finding,
)

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft7Validator:
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text())
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def junit_xsd() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(DATA / "junit-10.xsd"))


def _sarif(findings: list[Finding], **kw: Any) -> dict[str, Any]:
    return render_sarif(make_report(findings, errors=kw.pop("errors", ())), **kw)


def test_sarif_validates_against_the_official_schema(sarif_validator: jsonschema.Draft7Validator) -> None:
    log = _sarif(all_findings(), errors=("live: timeout",))
    errors = sorted(sarif_validator.iter_errors(log), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def test_the_validator_is_not_a_rubber_stamp(sarif_validator: jsonschema.Draft7Validator) -> None:
    log = _sarif([missing_policy()])
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert list(sarif_validator.iter_errors(log))


def test_sarif_rules_results_levels_and_fingerprints() -> None:
    fs = all_findings()
    run = _sarif(fs)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(dict.fromkeys(f.code for f in fs))
    assert len(run["results"]) == len(fs)
    by_level = {r["ruleId"] + r["partialFingerprints"][FINGERPRINT_KEY]: r["level"] for r in run["results"]}
    for f in fs:
        expected = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "note"}[f.level]
        assert by_level[f.code + f.fingerprint] == expected
    for r in run["results"]:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]


def test_sarif_physical_location_from_location_or_provenance_else_logical() -> None:
    results = _sarif([missing_policy(), rls_disabled(), replace(rls_disabled(), provenance=())])["runs"][0][
        "results"
    ]
    own = results[0]["locations"][0]["physicalLocation"]
    assert own["artifactLocation"]["uri"] == "expected_schema.yaml"
    assert own["region"] == {"startLine": 42, "startColumn": 7}
    prov = results[1]["locations"][0]["physicalLocation"]
    assert prov["artifactLocation"]["uri"] == "supabase/migrations/20240312090000_complete_rls_setup.sql"
    assert prov["region"]["startLine"] == 12
    none = results[2]["locations"][0]
    assert "physicalLocation" not in none
    assert none["logicalLocations"] == [{"fullyQualifiedName": "table:public.jobs", "kind": "table"}]


def test_sarif_uri_is_percent_encoded_and_absolute_paths_are_file_uris(
    sarif_validator: jsonschema.Draft7Validator,
) -> None:
    odd = replace(missing_policy(), location=Location("migrations/001 init <x>.sql", 3))
    absolute = replace(missing_policy(), location=Location("/srv/app/spec.yaml", 1))
    log = _sarif([odd, absolute])
    assert not list(sarif_validator.iter_errors(log))
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]]
    assert uris[0] == {"uri": "migrations/001%20init%20%3Cx%3E.sql", "uriBaseId": "%SRCROOT%"}
    assert uris[1] == {"uri": "file:///srv/app/spec.yaml"}


def test_sarif_rule_docs_hook_and_suppressions() -> None:
    def docs(code: str) -> RuleDoc | None:
        if code == "SEC001":
            return RuleDoc(
                code, "rls-enabled", "RLS must be on", "Long **markdown** text", "https://example.org/SEC001"
            )
        return None

    run = _sarif([rls_disabled(), suppressed_finding()], rule_docs=docs)["runs"][0]
    sec = run["tool"]["driver"]["rules"][0]
    assert sec["shortDescription"]["text"] == "RLS must be on"
    assert sec["fullDescription"]["text"] == "Long **markdown** text"
    assert sec["helpUri"] == "https://example.org/SEC001"
    perf = run["tool"]["driver"]["rules"][1]
    assert perf["name"] == "fk-index"  # no doc: falls back to the finding's own words
    assert run["results"][1]["suppressions"] == [
        {"kind": "external", "justification": "small table, accepted in ADR-12"}
    ]


def test_sarif_failed_stage_marks_execution_unsuccessful() -> None:
    inv = _sarif([], errors=("shadow: migration 3 failed",))["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    assert inv["toolExecutionNotifications"][0]["message"]["text"] == "shadow: migration 3 failed"


def test_junit_validates_against_xsd(junit_xsd: xmlschema.XMLSchema) -> None:
    xml = render_junit(make_report(all_findings(), sources=(SPEC, gap_source()), errors=("live: timeout",)))
    junit_xsd.validate(xml.decode("utf-8"))


def test_junit_xsd_is_not_a_rubber_stamp(junit_xsd: xmlschema.XMLSchema) -> None:
    assert not junit_xsd.is_valid("<testsuites><testsuite><testcase/></testsuite></testsuites>")


def test_junit_suites_per_category_and_failures_carry_the_finding() -> None:
    fs = all_findings()
    root = ET.fromstring(render_junit(make_report(fs)))
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {"sources"} | {f.category.value for f in fs}
    drift = suites[Category.DRIFT.value]
    cases = drift.findall("testcase")
    assert len(cases) == len({(f.object, f.code) for f in fs if f.category is Category.DRIFT})
    failing = [c for c in cases if c.find("failure") is not None]
    assert int(drift.get("failures", "-1")) == len(failing)
    case = next(c for c in cases if c.get("name") == "DRIFT_MISSING policy:public.jobs.jobs_owner_select")
    failure = case.find("failure")
    assert failure is not None and failure.text is not None
    assert "expected: CREATE POLICY jobs_owner_select" in failure.text
    assert "fix:\nCREATE POLICY" in failure.text
    assert case.get("classname") == "drift.table:public.jobs"
    rules = suites[Category.RULE.value]
    skipped = [c for c in rules.findall("testcase") if c.find("skipped") is not None]
    assert len(skipped) == 1 and rules.get("skipped") == "1"
    # a warning below fail_on passes, with the finding in system-out
    warn = next(c for c in cases if c.get("name") == "DRIFT_CHANGED column:public.jobs.status")
    assert warn.find("failure") is None
    out = warn.find("system-out")
    assert out is not None and "'pending'::text" in (out.text or "")


def test_junit_with_no_findings_has_a_passing_case_per_source(junit_xsd: xmlschema.XMLSchema) -> None:
    xml = render_junit(make_report([]))
    junit_xsd.validate(xml.decode())
    root = ET.fromstring(xml)
    cases = list(root.iter("testcase"))
    assert [c.get("classname") for c in cases] == ["sources.spec", "sources.migrations", "sources.live"]
    assert all(len(c) == 0 for c in cases)  # no failure, error or skipped
    assert root.get("failures") == "0" and root.get("tests") == "3"


def test_junit_incomplete_source_and_failed_stage_do_not_pass() -> None:
    root = ET.fromstring(render_junit(make_report([], sources=(gap_source(),), errors=("live: timeout",))))
    assert root.get("failures") == "1" and root.get("errors") == "1"
    failure = root.find("./testsuite[@name='sources']/testcase/failure")
    assert failure is not None and "permission denied" in (failure.text or "")


def test_junit_survives_control_characters_from_the_database(junit_xsd: xmlschema.XMLSchema) -> None:
    f = replace(missing_policy(), message="bad \x00\x07 bytes", actual="\x1b[31mred")
    xml = render_junit(make_report([f]))
    junit_xsd.validate(xml.decode())
    assert "bad \ufffd\ufffd bytes" in xml.decode()


def test_sarif_rule_without_docs_is_described_by_kind_not_by_one_finding() -> None:
    rules = _sarif([missing_policy()])["runs"][0]["tool"]["driver"]["rules"]
    assert (
        rules[0]["shortDescription"]["text"]
        == "An object that the spec or the migrations declare is missing."
    )
    assert "jobs_owner_select" not in json.dumps(rules)
