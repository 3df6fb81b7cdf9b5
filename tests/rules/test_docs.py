"""docs/rules.md is generated from the rule docstrings and must be up to date."""

from __future__ import annotations

from pathlib import Path

from auditor.rules.docs import render_markdown

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_rules_md_up_to_date() -> None:
    assert DOCS.read_text() == render_markdown(), (
        "docs/rules.md is out of date: run `schema-auditor rules --format markdown > docs/rules.md`"
    )
