"""Streamed reports are byte for byte what the plain definitions give: ``json.dumps(indent=2)`` of
``to_dict()``, the page with its whole data island, ``json.dumps`` of ``render_sarif()``."""

from __future__ import annotations

import enum
import json
import math
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from markupsafe import Markup

import auditor.report.junit as junit
import auditor.report.stream as stream
from auditor.findings import Finding
from auditor.report import write_reports
from auditor.report.html import _asset, _csp_hash, _template, render_html, script_json
from auditor.report.json_report import render_json
from auditor.report.jsontext import Hole, ListWriter, dumps_around, dumps_indented
from auditor.report.junit import render_junit
from auditor.report.model import Report, RuleDoc
from auditor.report.objects import group_of
from auditor.report.sarif import render_sarif
from tests.report.conftest import (
    LIVE,
    SPEC,
    XSS,
    all_findings,
    changed_default,
    gap_source,
    make_report,
)


class _Colour(enum.StrEnum):
    RED = "red"


class _Size(enum.IntEnum):
    BIG = 3


VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    -7,
    10**30,
    1.5,
    -0.0,
    math.inf,
    -math.inf,
    "",
    "plain",
    'quote " backslash \\ slash /',
    "controls \x00\x01\x1f\x7f\t\n\r and \u2028\u2029 and 😀 and é",
    [],
    {},
    [[]],
    [{}],
    {"a": []},
    {"a": {}},
    ["x", 1, None, True, [2, [3, []]], {"k": "v"}],
    ("tuple", ("nested",)),
    {"k": {"k": {"k": ["deep", {"deeper": None}]}}},
    {7: "int key", 2.5: "float key", True: "bool key", None: "null key", "s": "str key"},
    {_Colour.RED: _Colour.RED, "size": _Size.BIG, "sizes": [_Size.BIG], "f": [1.25, math.nan]},
    {"": "", "\n": "\n"},
    [f.to_dict() for f in all_findings()],
]


@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
def test_dumps_indented_is_json_dumps(value: Any) -> None:
    expected = json.dumps(value, indent=2, ensure_ascii=False)
    assert dumps_indented(value) == expected
    # nested n deep, it reads as the same text inside the enclosing document
    for depth in (1, 2, 5):
        nested: Any = value
        for _ in range(depth):
            nested = [nested]
        opening = "".join("[\n" + "  " * (i + 1) for i in range(depth))
        closing = "".join("\n" + "  " * i + "]" for i in reversed(range(depth)))
        inner = dumps_indented(value, depth)
        assert json.dumps(nested, indent=2, ensure_ascii=False) == opening + inner + closing


def test_dumps_indented_rejects_what_json_rejects() -> None:
    for bad in ({(1, 2): "tuple key"}, {"set": {1, 2}}, [object()]):
        with pytest.raises(TypeError):
            json.dumps(bad)
        with pytest.raises(TypeError):
            dumps_indented(bad)


def test_list_writer_in_blocks_is_the_whole_list() -> None:
    items = [f.to_dict() for f in all_findings()]
    for level in (0, 1, 3):
        w = ListWriter(level)
        text = w.items(items[:1]) + w.items([]) + w.items(items[1:4]) + w.items(items[4:]) + w.close()
        assert text == dumps_indented(items, level)
        assert ListWriter(level).close() == "[]"


def test_dumps_around_cuts_at_the_hole() -> None:
    hole = Hole()
    before, level, after = dumps_around({"a": 1, "b": [{"c": hole}], "d": "e"}, hole)
    assert level == 3
    whole = before + dumps_indented([1, 2], level) + after
    assert json.loads(whole) == {"a": 1, "b": [{"c": [1, 2]}], "d": "e"}
    assert whole == json.dumps({"a": 1, "b": [{"c": [1, 2]}], "d": "e"}, indent=2)
    with pytest.raises(ValueError):
        dumps_around({"a": 1}, hole)
    with pytest.raises(ValueError):
        dumps_around([hole, hole], hole)


def _reports() -> list[Report]:
    many = all_findings() * 13  # several blocks, the last one partial
    return [
        make_report(all_findings()),
        make_report([]),
        make_report([], sources=()),
        make_report([changed_default()]),
        make_report(many, fail_on="warning"),
        make_report(all_findings(), sources=(SPEC, gap_source(), LIVE), errors=(XSS, "live: password=x")),
    ]


def _plain_html(report: Report, docs: bool = False) -> str:
    """The page as it was rendered before streaming: the whole data island through Jinja."""
    fs = report.findings
    rule_docs = {}
    for code in dict.fromkeys(f.code for f in fs):
        if docs and (d := _doc(code)) is not None:
            rule_docs[code] = {
                "name": d.name,
                "summary": d.summary,
                "description": d.description,
                "uri": d.help_uri,
            }
    data = {
        "findings": report.to_dict()["findings"],
        "groups": [group_of(f.object) for f in fs],
        "gating": [report.is_gating(f) for f in fs],
        "docs": rule_docs,
    }
    css, js = _asset("audit.css"), _asset("audit.js")
    return _template().render(
        report=report,
        summary=report.summary,
        fail_on=str(report.fail_on),
        css=Markup(css),
        js=Markup(js),
        style_hash=_csp_hash(css),
        script_hash=_csp_hash(js),
        data_json=Markup(script_json(data)),
    )


def _doc(code: str) -> RuleDoc | None:
    """Documentation for some codes only, as the rules registry gives."""
    if code.startswith("SEC"):
        return None
    return RuleDoc(code, f"rule-{code}", f"{code} <summary>", "described", "docs/x.md")


@pytest.mark.parametrize("block", [1, 7, 1000])
def test_streamed_documents_are_the_plain_definitions(
    block: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stream, "BLOCK", block)
    for i, r in enumerate(_reports()):
        plain_json = json.dumps(r.to_dict(), indent=2, ensure_ascii=False) + "\n"
        plain_sarif = json.dumps(render_sarif(r, rule_docs=_doc), indent=2, ensure_ascii=False) + "\n"
        plain_html = _plain_html(r)
        assert render_json(r) == plain_json
        assert render_html(r) == plain_html
        out = tmp_path / str(i)
        write_reports(r, out, ["json", "html", "sarif"], rule_docs=_doc)
        assert (out / "audit.json").read_bytes() == plain_json.encode()
        assert (out / "audit.html").read_bytes() == _plain_html(r, docs=True).encode()
        assert (out / "audit.sarif").read_bytes() == plain_sarif.encode()


def test_each_finding_becomes_a_dict_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    to_dict = Finding.to_dict

    def counting(self: Finding) -> dict[str, Any]:
        nonlocal calls
        calls += 1
        return to_dict(self)

    monkeypatch.setattr(Finding, "to_dict", counting)
    r = make_report(all_findings() * 3)
    write_reports(r, tmp_path, ["json", "html", "sarif", "junit", "md"])
    assert calls == len(r.findings)


@pytest.mark.parametrize("block", [1, 3, 1000])
def test_junit_in_blocks_is_what_elementtree_writes_for_the_whole_tree(
    block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(junit, "BLOCK", block)
    for r in _reports():
        streamed = render_junit(r)
        root = ET.fromstring(streamed)
        for el in root.iter():  # forget the layout, let ElementTree lay the whole tree out again
            if el.text is not None and not el.text.strip():
                el.text = None
            if el.tail is not None and not el.tail.strip():
                el.tail = None
        ET.indent(root)
        assert streamed == ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
