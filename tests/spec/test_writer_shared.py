"""The direct writer's shortcuts give the text of yaml.dump: collections the document holds in many
places are laid out once and reused, and references in flow collections are written plain."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
import yaml

from auditor.model import Column, FrozenMap, Grant
from auditor.spec import dump_spec, load_spec_text, names, writer
from tests.spec.test_roundtrip import TRICKY, _rich_catalog


def _direct(doc: dict[str, Any], shared: set[int]) -> str:
    w = writer._Writer()
    w.shared = shared
    return w.document(doc)


def test_a_shared_collection_is_written_as_each_of_its_places() -> None:
    flow = writer._FlowMap({"type": "text", "not_null": True})
    block: dict[str, Any] = {"anon": writer._Flow(["select"]), "x": {"deeper": flow}}
    items = ["a > 0", "b is not null"]
    doc: dict[str, Any] = {
        "version": 1,
        "one": {"grants": block, "columns": {"a": flow, "b": flow}, "checks": items},
        "two": {"nested": {"grants": block, "checks": items}, "list": [flow, {"g": block}]},
        "three": block,
    }
    expected = writer._yaml_dump(doc)
    assert _direct(doc, {id(flow), id(block), id(items)}) == expected
    assert _direct(doc, set()) == expected


@pytest.mark.parametrize(
    "value",
    ["t_00000(id)", "public.t(a, b)", "s.t(id)", "true(x)", "yes", "null.x", "f()", "x.", "a(b", "_x)", "Y"],
)
def test_references_in_flow_collections_match_yaml_dump(value: str) -> None:
    doc: dict[str, Any] = {
        "f": writer._FlowMap({"references": value, "columns": writer._Flow([value])}),
        "l": [writer._FlowMap({"references": value})],
        "b": value,
    }
    assert _direct(doc, set()) == writer._yaml_dump(doc)


def test_tables_alike_share_entries_and_still_round_trip() -> None:
    """Copies of a table that differ in one column's attributes, position or grants: each is
    written as its own columns say (nothing is shared that differs), and reads back the same."""
    catalog = _rich_catalog()
    schema = next(s for s in catalog.schemas.values() if s.relations)
    table = next(r for r in schema.relations.values() if r.kind == "table" and r.columns)
    first = next(iter(table.columns.values()))
    variants: list[Column] = [
        first,
        dataclasses.replace(first, nullable=not first.nullable),
        dataclasses.replace(first, default="42"),
        dataclasses.replace(first, position=first.position + 7),
        dataclasses.replace(first, privileges=frozenset({Grant("anon", "SELECT")})),
        dataclasses.replace(first, comment="changed"),
    ]
    relations = dict(schema.relations)
    for i, col in enumerate(variants):
        columns = FrozenMap({**table.columns, col.name: col})
        name = f"copy_{i}"
        relations[name] = dataclasses.replace(
            table, name=name, columns=columns, constraints=FrozenMap(), indexes=FrozenMap()
        )
    catalog = dataclasses.replace(
        catalog,
        schemas=FrozenMap(
            {**catalog.schemas, schema.name: dataclasses.replace(schema, relations=FrozenMap(relations))}
        ),
    )
    text = dump_spec(catalog)
    reread = load_spec_text(text, "spec.yaml").catalog
    for i, col in enumerate(variants):
        assert reread.schemas[schema.name].relations[f"copy_{i}"].columns[col.name] == col
    assert dump_spec(reread, header=False) == dump_spec(catalog, header=False)


@pytest.mark.parametrize(
    "value", [*TRICKY, "t_00100", "Yes", "NULL", "<<", "0o17", "-1", "+1", ".nan", "y", "n"]
)
def test_the_resolver_shortcut_agrees_with_the_resolver(value: str) -> None:
    dumper = writer._Writer().dumper
    expected = dumper.resolve(yaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str"
    assert writer._resolves_to_str(dumper, value) is expected


@pytest.mark.parametrize("value", [*TRICKY, "t_00100_idx", "x" * 120])
def test_keys_booleans_and_lists_in_block_mappings_match_yaml_dump(value: str) -> None:
    """Keys met once (laid out from their cached line start), booleans and lists as values, at two
    indentations, shared or not."""
    items = [value, "b"]
    key = value if value and "\n" not in value else "key"  # else a '? key' the writer leaves to yaml.dump
    doc: dict[str, Any] = {
        key: {
            key: True,
            "on": False,
            "l": items,
            "e": [],
            "n": {key: items, "x": [writer._Flow([value])]},
        },
        "k": {key: value, 5: value, "again": items},
    }
    expected = writer._yaml_dump(doc)
    assert _direct(doc, {id(items)}) == expected
    assert _direct(doc, set()) == expected


@pytest.mark.parametrize(
    ("name1", "name2", "label", "expected"),
    [
        ("a" * 57, "b", "key", "a" * 57 + "_b_key"),  # 63 bytes: fits
        ("a" * 58, "b", "key", "a" * 57 + "_b_key"),  # 64: the longer name is cut
        ("a" * 30, "b" * 30, "fkey", "a" * 29 + "_" + "b" * 28 + "_fkey"),
        ("a" * 63, None, None, "a" * 63),
        ("a" * 64, "", "", "a" * 63),
        ("é" * 20, "b", "key", "é" * 20 + "_b_key"),  # 46 bytes
        ("é" * 30, "b", "key", "é" * 28 + "_b_key"),  # 60 + 6 bytes: cut at a character
    ],
)
def test_object_names_are_cut_only_past_63_bytes(
    name1: str, name2: str | None, label: str | None, expected: str
) -> None:
    assert names.make_object_name(name1, name2, label) == expected
