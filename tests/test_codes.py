"""The one table of codes (auditor/codes.py) is the whole truth: every code the package emits is an
active row, a code has one row (one meaning), the rules registry and the drift code builder agree
with it, and docs/codes.md is generated from it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from auditor import codes
from auditor.codes import CODES, Status

ROOT = Path(__file__).resolve().parent.parent
# the prefixes the table uses (an SQLSTATE such as XX000 is not a finding code)
PREFIXES = sorted({re.sub(r"[0-9]+$", "", c.code) for c in CODES if not c.code.startswith("DRIFT-")})
CODE_SHAPE = re.compile(rf"^(?:(?:{'|'.join(PREFIXES)})[0-9]{{3}}|DRIFT(?:-[A-Z]+)+)$")


def _literals() -> list[tuple[str, str]]:
    """(code-shaped string literal, file:line) for every module of the package but the table."""
    out = []
    for path in sorted((ROOT / "auditor").rglob("*.py")):
        if path.name == "codes.py" and path.parent.name == "auditor":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and CODE_SHAPE.match(node.value)
            ):
                out.append((node.value, f"{path.relative_to(ROOT)}:{node.lineno}"))
    return out


def test_one_row_per_code_and_one_code_per_meaning() -> None:
    seen: dict[str, str] = {}
    for c in CODES:
        assert c.code not in seen, f"{c.code} has two rows: {seen[c.code]!r} and {c.meaning!r}"
        seen[c.code] = c.meaning
    meanings = [(c.family, c.meaning) for c in CODES]
    assert len(set(meanings)) == len(meanings), "two codes share one meaning"


def test_every_code_literal_in_the_package_is_an_active_row() -> None:
    found = _literals()
    assert len(found) > 20  # the scan sees the emitters (history, parse, rules, peers...)
    unknown = [(code, where) for code, where in found if code not in codes.BY_CODE]
    assert not unknown, f"codes not in auditor/codes.py: {unknown}"
    retired = [(code, where) for code, where in found if codes.BY_CODE[code].status is Status.RETIRED]
    assert not retired, f"retired codes still used: {retired}"


def test_the_rules_registry_is_the_tables_rule_and_lint_rows() -> None:
    from auditor.rules.base import REGISTRY

    registered = {(r.code, "lint" if r.target == "migration" else "rule", r.name) for r in REGISTRY.all()}
    table = {(c.code, c.family, c.meaning) for c in CODES if c.family in ("rule", "lint")}
    assert registered == {t for t in table if codes.BY_CODE[t[0]].status is Status.ACTIVE}


def test_the_drift_code_builder_makes_exactly_the_tables_drift_codes() -> None:
    from auditor.compare import findings as drift

    assert set(drift.all_codes()) == {c.code for c in CODES if c.family == "drift"}
    assert drift.code_for("default_privilege", "changed") == "DRIFT-DEFAULT-PRIVILEGE-CHANGED"


@pytest.mark.parametrize(
    ("emitted", "row"),
    [
        ("auditor.migrations.parse:UNPARSED", codes.UNPARSED_STATEMENT),
        ("auditor.migrations.parse:META_COMMAND", codes.META_COMMAND),
        ("auditor.baseline:GONE_CODE", codes.BASELINE_GONE),
        ("auditor.compare.findings:IGNORE_EXPIRED_CODE", codes.IGNORE_EXPIRED),
        ("auditor.migrations.history:PENDING", "HIS001"),
        ("auditor.migrations.history:NOT_COMPARABLE", "HIS007"),
    ],
)
def test_emitters_use_the_tables_code(emitted: str, row: str) -> None:
    import importlib

    module, _, name = emitted.partition(":")
    assert getattr(importlib.import_module(module), name) == row
    assert codes.BY_CODE[row].status is Status.ACTIVE


def test_a_gap_and_an_unparsable_statement_have_different_codes(tmp_path: Path) -> None:
    """SRC001 once meant both; a gap is SRC003 now."""
    from auditor.audit import gap_findings
    from auditor.migrations.parse import parse_folder
    from auditor.model import Catalog, Gap

    gap = gap_findings("live", Catalog(gaps=(Gap("functions", "all functions", "no access"),)))
    (tmp_path / "20240101000000_x.sql").write_text("create tabel t (a int);\n")
    unparsed = [f for pf in parse_folder(tmp_path) for f in pf.findings()]
    assert [f.code for f in gap] == [codes.SOURCE_GAP]
    assert [f.code for f in unparsed] == [codes.UNPARSED_STATEMENT]
    assert codes.BY_CODE[codes.SOURCE_GAP].meaning != codes.BY_CODE[codes.UNPARSED_STATEMENT].meaning


def test_the_gate_knows_exactly_the_active_codes() -> None:
    from auditor.gate import known_codes

    assert known_codes() == {c.code for c in CODES if c.status is Status.ACTIVE}


def test_docs_codes_md_is_generated_from_the_table() -> None:
    assert (ROOT / "docs" / "codes.md").read_text(encoding="utf-8") == codes.markdown(), (
        "regenerate: python -m auditor.codes > docs/codes.md"
    )
