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


def test_many_expressions_are_fast() -> None:
    """Tens of thousands of expressions: equal texts never reach the parser, repeated ones hit the cache,
    and a thousand distinct differing pairs are parsed in well under a second each."""
    import time

    exprs = [f"(status{i} = ANY (ARRAY['a'::text, 'b{i}'::text]))" for i in range(20000)]
    start = time.perf_counter()
    for e in exprs:
        assert compare_expr(e, " " + e.replace(" ", "  ")) is Verdict.EQUAL  # whitespace only
    assert time.perf_counter() - start < 2.0
    start = time.perf_counter()
    for e in exprs[:1000]:
        assert compare_expr(e, e.replace("::text", "")) is Verdict.EQUAL
    first = time.perf_counter() - start
    start = time.perf_counter()
    for e in exprs[:1000]:
        assert compare_expr(e, e.replace("::text", "")) is Verdict.EQUAL  # cached now
    assert time.perf_counter() - start < first / 5
    assert first < 20.0
