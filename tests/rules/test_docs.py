"""docs/rules.md is generated from the rule docstrings and must be up to date."""

from __future__ import annotations

from pathlib import Path

from auditor.rules.docs import render_markdown

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_rules_md_up_to_date() -> None:
    assert DOCS.read_text() == render_markdown(), (
        "docs/rules.md is out of date: run `schema-auditor rules --format markdown > docs/rules.md`"
    )


def test_comparison_with_splinter_and_squawk_is_complete() -> None:
    """Every splinter lint and squawk rule has a row; a row names existing codes or says why none."""
    from auditor.rules.base import REGISTRY
    from auditor.rules.peers import SPLINTER, SQUAWK

    for name, codes, note in (*SPLINTER, *SQUAWK):
        assert codes or note, f"{name}: no code and no reason"
        for code in codes:
            assert REGISTRY.get(code) is not None, f"{name}: {code} is not a rule"
    # The lists as the two projects have them (splinter's lints/*.sql, squawk's rules/*.rs).
    assert len(SPLINTER) == 28 and len({n for n, _, _ in SPLINTER}) == 28
    assert len(SQUAWK) == 37 and len({n for n, _, _ in SQUAWK}) == 37
