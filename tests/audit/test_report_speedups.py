"""The hand-written ways of the report's hot paths give what the plain definitions give: a finding's
JSON text written from its fields is ``json.dumps`` of its dict, at every nesting level."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from auditor.findings import Attribution, Category, Finding, Level
from auditor.model import Location
from auditor.report.json_report import finding_text
from auditor.report.jsontext import dumps_indented
from tests.report.conftest import all_findings

ODD = [
    Finding(
        code="DRIFT-COLUMN-CHANGED",
        level=Level.ERROR,
        object='column:public."we""ird".c',
        message='controls \x00\x1f\x7f\t\n\r \u2028 😀 é \\ " /',
        category=Category.DRIFT,
        kind="changed",
        expected="",
        actual=None,
        attribution=Attribution.OUTSIDE_MIGRATIONS,
        changes=("type", "default"),
        help="h",
        fix_sql="ALTER TABLE x;\n-- DESTRUCTIVE\nDROP y;",
        location=Location("spec.yaml", 3, None),
        provenance=(Location("m/1_a.sql", 1, 2), Location("m/2_b.sql", None, None)),
        rule_name="r",
        suppressed="accepted",
        extra=(("source", "live"), ("source", "spec"), ("k", "")),  # a repeated key: the dict's last
        fingerprint_parts=("a", "b"),
    ),
]


ODD.append(replace(ODD[0], extra=(("source", 'l\u2028ive "😀"'),), changes=(), provenance=(), location=None))


@pytest.mark.parametrize("level", [0, 1, 2, 5])
def test_finding_text_is_json_dumps_of_its_dict(level: int) -> None:
    findings = [*all_findings(), *ODD]
    assert len(findings) > 5
    for i, f in enumerate(findings):
        cause = f"cause-{i}"
        d = {**f.to_dict(), "cause": cause}
        assert finding_text(f, cause, level) == dumps_indented(d, level)
        if level == 0:
            assert finding_text(f, cause, 0) == json.dumps(d, indent=2, ensure_ascii=False)
