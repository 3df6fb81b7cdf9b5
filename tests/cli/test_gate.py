"""The gate: --fail-on selectors and the default gate as data (gate_cases.yaml), verdicts and exit
codes as data (verdict_cases.yaml), every drift kind against the default gate, and typos on the
command line and in config files: exit 2 with a did-you-mean, never an open gate."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from auditor.compare.findings import KINDS, OBJECT_TYPES, code_for
from auditor.config import load_config
from auditor.errors import AuditorError, UsageError
from auditor.findings import Attribution, Category, Finding, Level
from auditor.gate import DEFAULT_FAIL_ON, AcceptIncomplete, FailPolicy
from auditor.model import Gap
from auditor.report.model import Report, SourceInfo
from auditor.report.writers import render_json
from tests.commands import schema_auditor

HERE = Path(__file__).parent
GATE_CASES = yaml.safe_load((HERE / "gate_cases.yaml").read_text())
VERDICT_CASES = yaml.safe_load((HERE / "verdict_cases.yaml").read_text())


def finding(d: dict[str, Any]) -> Finding:
    return Finding(
        d["code"],
        Level(d["level"]),
        d.get("object", "table:public.t"),
        "m",
        category=Category(d.get("category", "drift")),
        kind=d.get("kind", ""),
        attribution=Attribution(d["attribution"]) if d.get("attribution") else None,
        suppressed=d.get("suppressed"),
    )


def policy(text: str | None) -> FailPolicy:
    return FailPolicy.default() if text is None else FailPolicy.parse(text)


@pytest.mark.parametrize("case", GATE_CASES, ids=[c["name"] for c in GATE_CASES])
def test_gate_case(case: dict[str, Any]) -> None:
    got = policy(case["policy"]).failing([finding(f) for f in case["findings"]])
    assert bool(got) is case["fails"]


def _report(case: dict[str, Any]) -> Report:
    gaps = case.get("gaps") or {}
    sources = [
        SourceInfo(
            name,
            name,
            gaps=tuple(Gap(g["kind"], g["object"], "permission denied") for g in gaps.get(name, ())),
        )
        for name in ("spec", "migrations", "live")
    ]
    return Report.create(
        sources=sources,
        findings=[finding(f) for f in case["findings"]],
        fail_on=case.get("policy"),
        errors=case.get("errors", ()),
        accept_incomplete=AcceptIncomplete(tuple(case.get("accept", ()))),
    )


@pytest.mark.parametrize("case", VERDICT_CASES, ids=[c["name"] for c in VERDICT_CASES])
def test_verdict_case(case: dict[str, Any]) -> None:
    report = _report(case)
    assert report.verdict == case["verdict"], report.verdict_line()
    if "exit" in case:
        assert int(report.exit_code) == case["exit"]
    for words in case.get("line", ()):
        assert words in report.verdict_line()
    doc = json.loads(render_json(report))  # the JSON says the same
    assert doc["verdict"] == case["verdict"] and doc["verdict_line"] == report.verdict_line()


DRIFT_KINDS = [
    (t, k, lv) for t, k, lv in itertools.product(OBJECT_TYPES, ("missing", "unexpected", "changed"), Level)
]


@pytest.mark.parametrize(("object_type", "kind", "level"), DRIFT_KINDS)
def test_every_drift_kind_fails_the_default_gate_whatever_its_level(object_type, kind, level) -> None:
    f = finding({"code": code_for(object_type, kind), "level": level.value, "kind": kind})
    assert FailPolicy.default().failing([f]), f.code
    report = Report.create(sources=[SourceInfo("live", "db")], findings=[f])
    assert report.verdict == "fail" and report.exit_code == 1


@pytest.mark.parametrize("object_type", OBJECT_TYPES)
def test_cosmetic_drift_passes_the_default_gate_but_is_never_clean(object_type) -> None:
    assert "cosmetic" in KINDS
    f = finding({"code": code_for(object_type, "cosmetic"), "level": "info", "kind": "changed"})
    report = Report.create(sources=[SourceInfo("live", "db")], findings=[f])
    assert not FailPolicy.default().failing([f])
    assert report.verdict == "pass" and report.exit_code == 0


def test_clean_never_appears_with_drift_present_in_any_output(tmp_path: Path) -> None:
    """Every drift kind and level, under every gate the user could name: no output says CLEAN."""
    from auditor.report import terminal_summary, write_reports

    policies = [None, "error", "security:error", "migration-not-applied", "HIS005"]
    for (object_type, kind, level), pol in itertools.product(DRIFT_KINDS[::7], policies):
        f = finding({"code": code_for(object_type, kind), "level": level.value, "kind": kind})
        report = Report.create(sources=[SourceInfo("live", "db")], findings=[f], fail_on=pol)
        assert report.verdict != "clean"
        assert "CLEAN" not in terminal_summary(report, color=False)
    out = tmp_path / "r"
    report = Report.create(
        sources=[SourceInfo("live", "db")],
        findings=[finding({"code": "DRIFT-POLICY-COSMETIC", "level": "info", "kind": "changed"})],
        fail_on="error",
    )
    for path in write_reports(report, out, ["json", "html", "sarif", "junit", "md"]):
        text = path.read_text()
        assert "CLEAN" not in text and '"verdict": "clean"' not in text, path.name
        assert "pass" in text.lower(), path.name


def test_default_gate_is_named() -> None:
    assert str(FailPolicy.default()) == DEFAULT_FAIL_ON == "drift,error"
    assert FailPolicy.default().describe() == "drift,error, the default"
    assert FailPolicy.parse("error").describe() == "error"


# --- strict selectors -----------------------------------------------------------------------------
TYPOS = [
    ("erorr", "did you mean error?"),
    ("migration-not-aplied", "did you mean migration-not-applied?"),
    ("secruity", "did you mean security?"),
    ("SEC99*", "no known code matches 'SEC99*'"),
    ("security:erorr", "did you mean security:error?"),
    ("DRIFT-COLUM-CHANGED", "did you mean DRIFT-COLUMN-CHANGED?"),
    ("SEC999", "unknown selector 'SEC999'"),
    ("no such thing!", "unknown selector"),
    ("error:warning", "a level takes no"),
    ("", "needs at least one selector"),
]


@pytest.mark.parametrize(("bad", "needle"), TYPOS)
def test_unknown_selectors_are_usage_errors_with_a_suggestion(bad: str, needle: str) -> None:
    with pytest.raises(UsageError, match=None) as e:
        FailPolicy.parse(bad)
    assert needle in str(e.value)
    assert e.value.exit_code == 2


@pytest.mark.parametrize(
    ("good", "kind"),
    [
        ("SEC*", "code"),
        ("DRIFT-INDEX-*", "code"),
        ("HIS005", "code"),
        ("BASE001", "code"),
        ("differs", "attribution"),
    ],
)
def test_known_selectors_and_globs(good: str, kind: str) -> None:
    assert FailPolicy.parse(good).selectors[0].kind == kind


@pytest.mark.parametrize(("bad", "needle"), TYPOS[:4])
@pytest.mark.parametrize("command", ["audit", "check", "lint-migrations"])
def test_a_typo_on_the_command_line_is_exit_2_with_a_suggestion(
    tmp_path: Path, command: str, bad: str, needle: str
) -> None:
    r = schema_auditor(command, "--fail-on", bad, cwd=tmp_path)
    assert r.returncode == 2, r.stdout + r.stderr
    assert needle in r.stderr and "Traceback" not in r.stderr
    assert "CLEAN" not in r.stdout


def test_a_format_typo_is_exit_2_with_a_suggestion(tmp_path: Path) -> None:
    r = schema_auditor("audit", "--no-live", "--format", "json,sarf", cwd=tmp_path)
    assert r.returncode == 2 and "--format: unknown format 'sarf' (did you mean sarif?" in r.stderr


def test_a_rule_typo_in_check_is_exit_2_with_a_suggestion(tmp_path: Path) -> None:
    r = schema_auditor("check", "--rule", "rls-enabeld", "--spec", "x.yaml", cwd=tmp_path)
    assert r.returncode == 2 and "did you mean rls-enabled?" in r.stderr, r.stderr


# --- config files: file:line ------------------------------------------------------------------------
CONFIG_TYPOS = [
    ("schema-auditor.yaml", "out: reports\nfail_on: erorr\n", 2, "did you mean error?"),
    ("schema-auditor.yaml", "fail_on:\n  - drift\n  - secruity:error\n", 3, "did you mean security?"),
    ("schema-auditor.yaml", "fail-on: migration-not-aplied\n", 1, "did you mean migration-not-applied?"),
    ("schema-auditor.yaml", "format: [json, htm]\n", 1, "did you mean html?"),
    ("schema-auditor.yaml", "fial_on: error\n", 1, "did you mean fail_on?"),
    (
        "schema-auditor.yaml",
        "out: r\nignore:\n  - object: 'table:*'\n    code: SEC99*\n    reason: x\n",
        4,
        "SEC99*",
    ),
    ("pyproject.toml", '[tool.schema-auditor]\nout = "r"\nfail_on = "SEC99*"\n', 3, "no known code matches"),
    ("pyproject.toml", '[tool.schema-auditor]\nfail-on = ["drift", "erorr"]\n', 2, "did you mean error?"),
    (
        "pyproject.toml",
        '[tool.schema-auditor]\nout = "r"\n\n[[tool.schema-auditor.ignore]]\nobject = "x"\ncode = "HIS08"\n'
        'reason = "r"\n',
        6,
        "did you mean HIS00",
    ),
    ("schema-auditor.yaml", "accept_incomplete: 3\n", 1, "wrong type"),
]


@pytest.mark.parametrize(("name", "text", "line", "needle"), CONFIG_TYPOS)
def test_a_typo_in_a_config_file_names_file_and_line(
    tmp_path: Path, name: str, text: str, line: int, needle: str
) -> None:
    (tmp_path / name).write_text(text)
    with pytest.raises(AuditorError) as e:
        load_config(tmp_path)
    assert e.value.exit_code == 2
    assert f"{tmp_path / name}:{line}:" in str(e.value) and needle in str(e.value), str(e.value)
    # and through the command: exit 2, one line, no report claiming anything
    r = schema_auditor("audit", "--no-live", "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert r.returncode == 2 and f"{name}:{line}:" in r.stderr and needle in r.stderr, r.stderr
    assert not (tmp_path / "out").exists()


def test_rule_codes_in_rules_blocks_and_allow_lists_are_checked(tmp_path: Path) -> None:
    cfg = tmp_path / "schema-auditor.yaml"
    cfg.write_text("rules:\n  SEC001: error\n  rls-enabeld: true\n")
    r = schema_auditor("check", "--spec", "x.yaml", cwd=tmp_path)
    assert (
        r.returncode == 2 and "schema-auditor.yaml:3:" in r.stderr and "did you mean rls-enabled?" in r.stderr
    )
    cfg.write_text("rules:\n  allow:\n    - rule: SEC001x\n      object: 'table:*'\n      reason: r\n")
    r = schema_auditor("check", "--spec", "x.yaml", cwd=tmp_path)
    assert r.returncode == 2 and "schema-auditor.yaml:3:" in r.stderr and "did you mean SEC001?" in r.stderr
    cfg.write_text("rules:\n  SEC001: eror\n")
    r = schema_auditor("check", "--spec", "x.yaml", cwd=tmp_path)
    assert r.returncode == 2 and "schema-auditor.yaml:2:" in r.stderr and "did you mean error?" in r.stderr


def test_config_fail_on_is_used_and_named_flags_replace_it(tmp_path: Path) -> None:
    (tmp_path / "schema-auditor.yaml").write_text("fail_on: [migration-not-applied, 'security:error']\n")
    from auditor.config import fail_policy

    config = load_config(tmp_path)
    assert str(fail_policy(None, config)) == "migration-not-applied,security:error"
    assert str(fail_policy(["HIS*"], config)) == "HIS*"
    # a directory outside the project (below it, the project's config is found upward)
    assert fail_policy(None, load_config(tmp_path.parent / "nowhere")).explicit is False


def test_an_ignore_code_typo_in_the_spec_is_exit_2_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "expected_schema.yaml").write_text(
        "version: 1\nplatform: none\nignore:\n"
        "  - {object: 'table:public.*', code: 'DRIFT-TABEL-*', reason: legacy tables}\n"
        "schemas:\n  public: {}\n"
    )
    r = schema_auditor("audit", "--no-live", "--no-migrations", "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "expected_schema.yaml:4" in r.stderr and "no known code matches 'DRIFT-TABEL-*'" in r.stderr
    assert "did you mean DRIFT-TABLE-" in r.stderr and "CLEAN" not in r.stdout


def test_a_rule_typo_in_lint_migrations_is_exit_2_with_a_suggestion(tmp_path: Path) -> None:
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations" / "0001_t.sql").write_text("create table t (id int);\n")
    r = schema_auditor("lint-migrations", "--rule", "require-concurent-index", cwd=tmp_path)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "no such migration lint rule (did you mean require-concurrent-index?)" in r.stderr


@pytest.mark.parametrize("case", VERDICT_CASES, ids=[c["name"] for c in VERDICT_CASES])
def test_every_output_says_the_same_verdict_and_counts(tmp_path: Path, case: dict[str, Any]) -> None:
    import html as html_lib
    import xml.etree.ElementTree as ET

    from auditor.report import terminal_summary, write_reports

    report = _report(case)
    line = report.verdict_line()
    out = tmp_path / "r"
    files = {p.name: p for p in write_reports(report, out, ["json", "html", "sarif", "junit", "md"])}
    doc = json.loads(files["audit.json"].read_text())
    assert doc["verdict_line"] == line and doc["summary"]["gating"] == len(report.gating)
    assert terminal_summary(report, color=False).splitlines()[0] == "schema-auditor: " + line
    sarif = json.loads(files["audit.sarif"].read_text())["runs"][0]["properties"]
    assert sarif["verdict"] == report.verdict and sarif["verdictLine"] == line
    props = {
        p.get("name"): p.get("value") for p in ET.parse(files["audit.junit.xml"]).getroot().iter("property")
    }
    assert props == {"verdict": report.verdict, "verdict_line": line}
    assert html_lib.escape(report.verdict_reason(), quote=False) in files["audit.html"].read_text()
    md = files["audit.md"].read_text()
    assert f"schema-auditor: {report.verdict}" in md and f"| {doc['summary']['gating']} |" in md


def test_every_code_the_package_writes_is_a_known_selector() -> None:
    """A finding code written anywhere in auditor/ that --fail-on did not know would be a code the
    gate refuses (exit 2) although findings carry it: the known codes must cover them all."""
    import re

    from auditor.gate import known_codes

    root = Path(__file__).resolve().parents[2] / "auditor"
    written: set[str] = set()
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        written.update(re.findall(r"[\"']((?:SEC|INT|PERF|CON|MIG|HIS|SRC|BASE)[0-9]{3})[\"']", text))
        written.update(re.findall(r"[\"'](DRIFT-[A-Z]+(?:-[A-Z]+)+)[\"']", text))
    assert written, "the scan found no codes"
    assert sorted(written - known_codes()) == []
