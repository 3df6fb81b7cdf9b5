"""The normalizer's equivalence table (equivalences.yaml) and type table (types.yaml), as data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from auditor.normalize import ExprContext, Verdict, canonical_type, compare_expr, explain_compare

HERE = Path(__file__).parent
PAIRS: list[dict[str, Any]] = yaml.safe_load((HERE / "equivalences.yaml").read_text())
TYPES: list[list[str]] = yaml.safe_load((HERE / "types.yaml").read_text())


@pytest.mark.parametrize("case", PAIRS, ids=[f"{c['a'][:30]}~{c['b'][:30]}" for c in PAIRS])
def test_expression_pairs(case: dict[str, Any]) -> None:
    ctx = ExprContext(**case.get("context", {}))
    want = Verdict(case["verdict"])
    # Both directions: the verdict is symmetric.
    for a, b in ((case["a"], case["b"]), (case["b"], case["a"])):
        got = explain_compare(a, b, context=ctx)
        assert got.verdict is want, (a, b, got)
        assert got.unparsed is bool(case.get("unparsed", False)), got


@pytest.mark.parametrize(("text", "canonical"), TYPES, ids=[t[0] for t in TYPES])
def test_canonical_type(text: str, canonical: str) -> None:
    assert canonical_type(text) == canonical
    assert canonical_type(canonical) == canonical  # canonical spellings are fixed points


def test_none_sides() -> None:
    assert compare_expr(None, None) is Verdict.EQUAL
    assert compare_expr("1", None) is Verdict.DIFFERENT
    assert compare_expr(None, "1") is Verdict.DIFFERENT


def test_fast_path_does_not_parse() -> None:
    # Whitespace-only differences are decided without the parser: even text no parser accepts.
    text = "this is ((( not an expression"
    got = explain_compare(text, "  this  is (((\n not an expression ")
    assert got.verdict is Verdict.EQUAL and not got.unparsed


def test_equal_texts_skip_the_parser_and_repeats_hit_the_cache() -> None:
    """Tens of thousands of expressions: equal texts (whitespace aside) never reach the parser, and a
    pair compared twice is parsed once. Speed itself is measured in bench/, not here."""
    from auditor import normalize

    exprs = [f"(status{i} = ANY (ARRAY['a'::text, 'x{i}'::text]))" for i in range(20000)]
    before = normalize._normalize_cached.cache_info()
    for e in exprs:
        assert compare_expr(e, " " + e.replace(" ", "  ")) is Verdict.EQUAL  # whitespace only
    after_equal = normalize._normalize_cached.cache_info()
    assert after_equal.misses == before.misses and after_equal.hits == before.hits  # no parse at all
    for e in exprs[:1000]:
        assert compare_expr(e, e.replace("::text", "")) is Verdict.EQUAL
    first = normalize._normalize_cached.cache_info()
    assert first.misses > after_equal.misses  # these differ as text: parsed
    for e in exprs[:1000]:
        assert compare_expr(e, e.replace("::text", "")) is Verdict.EQUAL  # cached now
    again = normalize._normalize_cached.cache_info()
    assert again.misses == first.misses and again.hits >= first.hits + 2000
