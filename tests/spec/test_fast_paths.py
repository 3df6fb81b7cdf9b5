"""The fast paths give exactly what the general ones give: the direct writer the text of yaml.dump,
the compiled quick check the verdict of jsonschema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest

from auditor.spec import dump_spec, load_spec, spec_json_schema, writer
from auditor.spec.quickcheck import compile_schema
from auditor.spec.yamldoc import parse, to_json
from tests.spec.test_roundtrip import TRICKY, _rich_catalog

CASES = Path(__file__).parent / "cases"


class _NoFastWriter:
    def document(self, doc: dict[str, Any]) -> str:
        raise writer._Fallback("testing the general path")


def _both(catalog: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    fast = dump_spec(catalog)
    with monkeypatch.context() as m:
        m.setattr(writer, "_Writer", _NoFastWriter)
        slow = dump_spec(catalog)
    return fast, slow


@pytest.mark.parametrize(
    "case",
    sorted(p for p in (CASES / "valid").glob("*.yaml") if not p.name.endswith(".expect.yaml")),
    ids=lambda p: p.stem,
)
def test_direct_writer_matches_yaml_dump_on_cases(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = _both(load_spec(case).catalog, monkeypatch)
    assert fast == slow


def test_direct_writer_matches_yaml_dump_on_tricky_values(monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = _both(_rich_catalog(), monkeypatch)
    assert fast == slow


@pytest.mark.parametrize(
    "value",
    [
        *TRICKY,
        "a\n",
        "a\n\n",
        "\n",
        " lead\nnext",
        "x\n  indented\n",
        "tab\tinside",
        "é unicode ✓",
        "\u2028sep",
        "x" * 200,
        "k" * 130,
        "true",
        "-",
        "?",
        ":",
        "a #b",
        "a#b",
        "a:",
        "a:b",
        "a: b",
        "x  y",
        "yes",
        "No",
        "Null",
        "x ",
        "CREATE INDEX i ON public.t USING btree (lower((email)::text)) WHERE (s = 'x'::text)",
        "status = ANY (ARRAY['a'::text, 'b'::text])",
        "a, b",
        "a [b] {c}",
        "a ? b",
        "a - b",
        "a|b > c & d * e ! f % g @ h ` i",
        'say "hi"',
        "it's",
        "x~",
    ],
)
def test_direct_writer_matches_yaml_dump_per_value(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    as_value: dict[str, Any] = {
        "version": 1,
        "v": value,
        "m": {"x": {"k": value, "f": writer._FlowMap({"v": value, "l": writer._Flow([value, value])})}},
        "s": [value, {"a": value, "b": [value]}, writer._Flow([value])],
        "e": {},
        "l": [],
    }
    as_key: dict[str, Any] = {value: 1, "m": {value: {value: "x"}}, "s": [{"a": 1, value: 2}]}
    for doc in (as_value, as_key):
        try:
            fast = writer._Writer().document(doc)
        except writer._Fallback:
            continue  # the general path takes it
        assert fast == writer._yaml_dump(doc)


def _mutations() -> list[Any]:
    base = to_json(parse(dump_spec(_rich_catalog()), "s.yaml").data)
    out: list[Any] = [base]

    # one change per leaf path: wrong types, an extra key, an empty string
    def walk(node: Any, path: tuple[Any, ...]) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, (*path, k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, (*path, i))
        for replacement in (None, 1, True, "", [], {}, {"zz_unknown": 1}, 1.5):
            out.append(_replace(base, path, replacement))

    walk(base, ())
    return out


def _replace(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {k: (_replace(v, rest, value) if k == head else v) for k, v in data.items()}
    return [(_replace(v, rest, value) if i == head else v) for i, v in enumerate(data)]


def test_quick_check_is_never_more_lenient_than_jsonschema() -> None:
    quick = compile_schema(spec_json_schema())
    validator = jsonschema.Draft202012Validator(spec_json_schema())
    valid = 0
    for data in _mutations():
        if quick(data):
            valid += 1
            assert validator.is_valid(data), data
    assert valid > 0
