"""The report object: verdict, summary, redaction, and the JSON against report.schema.json."""

from __future__ import annotations

import json
from dataclasses import replace
from importlib.resources import files

import jsonschema
import pytest

from auditor.findings import Category, Level
from auditor.report import render_json
from auditor.report.model import SourceInfo
from tests.report.conftest import (
    LIVE,
    SPEC,
    all_findings,
    changed_default,
    gap_source,
    make_report,
    missing_policy,
    rls_disabled,
)


def _schema() -> dict[str, object]:
    return json.loads((files("auditor.report") / "report.schema.json").read_text())  # type: ignore[no-any-return]


def _validate(doc: object) -> None:
    schema = _schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(doc)


def test_json_report_validates_against_shipped_schema() -> None:
    r = make_report(all_findings(), sources=(SPEC, gap_source()), errors=("live: could not connect",))
    doc = json.loads(render_json(r))
    _validate(doc)
    assert doc["format"] == "schema-auditor-report"
    assert doc["format_version"] == 2
    assert len(doc["findings"]) == len(all_findings())
    assert doc["sources"][1]["gaps"][0]["reason"] == "permission denied"


def test_schema_rejects_a_report_that_breaks_the_contract() -> None:
    doc = make_report(all_findings()).to_dict()
    bad_level = json.loads(json.dumps(doc))
    bad_level["findings"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        _validate(bad_level)
    extra_key = json.loads(json.dumps(doc))
    extra_key["findings"][0]["surprise"] = 1
    with pytest.raises(jsonschema.ValidationError):
        _validate(extra_key)
    bad_verdict = dict(doc, verdict="fine")
    with pytest.raises(jsonschema.ValidationError):
        _validate(bad_verdict)


def test_findings_in_json_are_finding_to_dict() -> None:
    fs = all_findings()
    report = make_report(fs)
    doc = report.to_dict()
    # every finding's own dict, plus the cause it belongs to (auditor.report.causes)
    assert doc["findings"] == [{**f.to_dict(), "cause": c} for f, c in zip(fs, report.causes, strict=True)]


def test_clean_needs_no_finding_complete_sources_and_no_failed_stage() -> None:
    assert make_report([]).verdict == "clean"
    # a finding below fail_on does not fail the run, but the sources disagree: PASS, never CLEAN
    below = make_report([changed_default()], fail_on="error")
    assert below.verdict == "pass" and below.exit_code == 0
    line = below.verdict_line()
    assert line.startswith("PASS: 0 at the gate (--fail-on error), 1 warning below it (1 drift)")
    # ...and it fails when fail_on says so
    assert make_report([changed_default()], fail_on="warning").verdict == "fail"
    # the default gate fails on every drift that is not cosmetic, whatever its level
    assert make_report([changed_default()], fail_on=None).verdict == "fail"


def test_a_gap_is_never_clean() -> None:
    r = make_report([], sources=(SPEC, gap_source()))
    assert r.verdict == "incomplete"
    assert not r.complete
    assert r.sources[1].complete is False  # gaps force complete=False even if the reader said True


def test_a_source_reported_incomplete_without_gaps_is_not_clean() -> None:
    r = make_report([], sources=(SPEC, replace(LIVE, complete=False)))
    assert r.verdict == "incomplete"


def test_a_failed_stage_is_never_clean_and_wins_over_everything() -> None:
    assert make_report([], errors=("shadow: migration 003 failed",)).verdict == "error"
    assert make_report([missing_policy()], errors=("x",), sources=(gap_source(),)).verdict == "error"


def test_no_source_at_all_is_failed_not_clean() -> None:
    assert make_report([], sources=()).verdict == "error"


def test_fail_names_what_is_at_the_gate() -> None:
    r = make_report([missing_policy(), rls_disabled()])
    assert r.verdict == "fail" and r.exit_code == 1
    assert r.verdict_line().startswith("FAIL: 2 at the gate (1 drift, 1 rule; --fail-on error)")


def test_suppressed_findings_never_gate() -> None:
    s = replace(missing_policy(), suppressed="accepted")
    r = make_report([s])
    assert r.verdict == "clean"
    assert r.summary["suppressed"] == 1
    assert r.summary["total"] == 0


def test_fail_on_codes_and_attributions() -> None:
    fs = [changed_default(), rls_disabled()]
    assert [f.code for f in make_report(fs, fail_on="SEC001").gating] == ["SEC001"]
    r = make_report(fs, fail_on="migration-not-applied")
    assert [f.code for f in r.gating] == ["DRIFT_CHANGED"]
    assert r.to_dict()["fail_on"] == ["migration-not-applied"]


def test_summary_counts() -> None:
    s = make_report(all_findings()).summary
    fs = [f for f in all_findings() if f.suppressed is None]
    assert s["total"] == len(fs)
    assert s["suppressed"] == 1
    assert sum(s["by_level"].values()) == len(fs)
    assert s["by_level"]["error"] == sum(1 for f in fs if f.level is Level.ERROR)
    assert set(s["by_category"]) == {c.value for c in Category}
    assert s["by_category"]["rule"] == sum(1 for f in fs if f.category is Category.RULE)
    assert s["by_attribution"]["changed outside migrations"] == 2
    assert s["by_kind"]["changed"] == 3
    assert s["gating"] == sum(1 for f in fs if f.level is Level.ERROR)


def test_passwords_never_reach_a_report() -> None:
    src = SourceInfo(name="live", description="postgresql://app:s3cret@db:5432/app")
    r = make_report([], sources=(src,), errors=("connect failed: host=db password=hunter2 dbname=app",))
    text = render_json(r)
    assert "s3cret" not in text and "hunter2" not in text


def test_generated_at_is_utc_iso_with_z() -> None:
    assert make_report([]).generated_at == "2026-11-24T12:00:00Z"


def test_is_gating_answers_for_copies_and_for_findings_not_in_the_report() -> None:
    import copy
    import pickle

    r = make_report(all_findings(), fail_on="warning")
    expected = [bool(r.fail_on.failing((f,))) for f in r.findings]
    assert [r.is_gating(f) for f in r.findings] == expected
    assert any(expected) and not all(expected)
    for other in (pickle.loads(pickle.dumps(r)), copy.deepcopy(r)):
        # the copy's findings are new objects: it must not carry the original's ids
        assert "_gating_by_id" not in vars(other)
        assert [other.is_gating(f) for f in other.findings] == expected
    # an equal finding that is not the report's own object is judged by the policy
    assert [r.is_gating(replace(f)) for f in r.findings] == expected
