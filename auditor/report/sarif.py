"""``audit.sarif``: SARIF 2.1.0 for code-scanning dashboards (GitHub, GitLab, Azure DevOps).

One rule entry per finding code; one result per finding, with our fingerprint as a partial
fingerprint (so a dashboard tracks a finding across runs) and a physical location wherever the
finding or its provenance names a file line, else a logical location with the object path.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from auditor.findings import Finding, Level
from auditor.model import Location
from auditor.objref import ObjectRef
from auditor.report.jsontext import Hole, ListWriter, dumps_around
from auditor.report.model import TOOL_NAME, Report, RuleDoc
from auditor.report.text import where

SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "schemaAuditor/v1"
_LEVEL = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "note"}

RuleDocs = Callable[[str], RuleDoc | None]


def _uri(file: str) -> tuple[str, bool]:
    """A URI reference for a file path, and whether it is relative (to the repository root)."""
    if PureWindowsPath(file).drive:
        return "file:///" + quote(PureWindowsPath(file).as_posix()), False
    p = PurePosixPath(file.replace("\\", "/"))
    if p.is_absolute():
        return "file://" + quote(str(p)), False
    text = str(p)
    return quote(text[2:] if text.startswith("./") else text), True


def _physical(loc: Location) -> dict[str, Any]:
    uri, relative = _uri(loc.file)
    artifact: dict[str, Any] = {"uri": uri}
    if relative:
        artifact["uriBaseId"] = "%SRCROOT%"
    out: dict[str, Any] = {"artifactLocation": artifact}
    if loc.line is not None and loc.line >= 1:
        region: dict[str, Any] = {"startLine": loc.line}
        if loc.column is not None and loc.column >= 1:
            region["startColumn"] = loc.column
        out["region"] = region
    return out


def _logical(f: Finding) -> dict[str, Any]:
    kind = ObjectRef.parse(f.object).kind
    out: dict[str, Any] = {"fullyQualifiedName": f.object}
    if kind:
        out["kind"] = kind
    return out


# Rule descriptions for codes no rule documents (drift, history): by kind, never a finding's own
# message, which names one object and would describe the whole rule by it.
_GENERIC = {
    "missing": "An object that the spec or the migrations declare is missing.",
    "unexpected": "An object exists that neither the spec nor the migrations declare.",
    "changed": "An object differs from what the spec or the migrations declare.",
    "incomplete": "A source could not be read in full; the audit of what it hides is incomplete.",
}


def _rule(code: str, first: Finding, doc: RuleDoc | None) -> dict[str, Any]:
    name = (doc.name if doc else None) or first.rule_name or code
    short = (
        (doc.summary if doc else None)
        or _GENERIC.get(first.kind)
        or first.rule_name
        or f"{code}: a {first.category.value} finding"
    )
    full = (doc.description if doc else None) or first.help or short
    rule: dict[str, Any] = {
        "id": code,
        "name": name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": full, "markdown": full},
        "defaultConfiguration": {"level": _LEVEL[first.level]},
        "properties": {"category": first.category.value, **({"kind": first.kind} if first.kind else {})},
    }
    if doc and doc.help_uri:
        rule["helpUri"] = doc.help_uri
    return rule


def _message(f: Finding) -> str:
    text = f.message
    if f.expected is not None or f.actual is not None:
        text += f"\nexpected: {f.expected if f.expected is not None else '(none)'}"
        text += f"\nactual: {f.actual if f.actual is not None else '(none)'}"
    if f.attribution:
        text += f"\nattribution: {f.attribution.value}"
    if f.help:
        text += f"\nhow to fix: {f.help}"
    return text


def _rules(report: Report, rule_docs: RuleDocs | None) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """One rule entry per finding code, in order of first appearance, and each code's index."""
    rule_index: dict[str, int] = {}
    rules: list[dict[str, Any]] = []
    for f in report.findings:
        if f.code not in rule_index:
            rule_index[f.code] = len(rules)
            rules.append(_rule(f.code, f, rule_docs(f.code) if rule_docs else None))
    return rules, rule_index


def _result(report: Report, f: Finding, rule_index: dict[str, int]) -> dict[str, Any]:
    location: dict[str, Any] = {"logicalLocations": [_logical(f)]}
    loc = where(f)
    if loc is not None:
        location["physicalLocation"] = _physical(loc)
    result: dict[str, Any] = {
        "ruleId": f.code,
        "ruleIndex": rule_index[f.code],
        "level": _LEVEL[f.level],
        "message": {"text": _message(f)},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
        "properties": {
            "object": f.object,
            "category": f.category.value,
            "kind": f.kind,
            "attribution": f.attribution.value if f.attribution else None,
            "gating": report.is_gating(f),
        },
    }
    if f.fix_sql:
        result["properties"]["fixSql"] = f.fix_sql
    if len(f.provenance) > 1 or (f.location is not None and f.provenance):
        result["relatedLocations"] = [
            {"id": i, "physicalLocation": _physical(p), "message": {"text": "provenance"}}
            for i, p in enumerate(f.provenance)
        ]
    if f.suppressed is not None:
        result["suppressions"] = [{"kind": "external", "justification": f.suppressed}]
    return result


def _log(report: Report, rules: list[dict[str, Any]], results: object) -> dict[str, Any]:
    invocation: dict[str, Any] = {"executionSuccessful": not report.errors}
    if report.errors:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": e}} for e in report.errors
        ]
    return {
        "$schema": SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": TOOL_NAME, "version": report.tool_version, "rules": rules}},
                "invocations": [invocation],
                "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "the repository root"}}},
                "results": results,
                "properties": {
                    "verdict": report.verdict,
                    "verdictLine": report.verdict_line(),
                    "generatedAt": report.generated_at,
                    "sources": [s.to_dict(report.accept_incomplete) for s in report.sources],
                },
            }
        ],
    }


def render_sarif(report: Report, *, rule_docs: RuleDocs | None = None) -> dict[str, Any]:
    """The SARIF log as a dict (``json.dumps`` it). ``rule_docs`` looks up documentation for a
    finding code; without it a rule entry is described from its first finding's help."""
    rules, rule_index = _rules(report, rule_docs)
    return _log(report, rules, [_result(report, f, rule_index) for f in report.findings])


class SarifDocument:
    """``json.dumps(render_sarif(...), indent=2, ensure_ascii=False)`` and a newline, as a
    :class:`~auditor.report.stream.FindingsDocument`: results are made and written a block at a time."""

    needs_dicts = False

    def __init__(self, report: Report, *, rule_docs: RuleDocs | None = None) -> None:
        self._report = report
        rules, self._rule_index = _rules(report, rule_docs)
        hole = Hole()
        self._before, level, self._after = dumps_around(_log(report, rules, hole), hole)
        self._results = ListWriter(level)

    def head(self) -> str:
        return self._before

    def block(self, findings: Sequence[Finding], dicts: Sequence[dict[str, Any]]) -> str:
        report, index = self._report, self._rule_index
        return self._results.items(_result(report, f, index) for f in findings)

    def tail(self) -> str:
        return self._results.close() + self._after + "\n"
