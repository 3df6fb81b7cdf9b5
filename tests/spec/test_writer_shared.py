"""The direct writer's shortcuts give the text of yaml.dump: collections the document holds in many
places are laid out once and reused, and references in flow collections are written plain."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from auditor.model import Column, FrozenMap, Grant
from auditor.spec import dump_spec, load_spec_text, writer
from tests.spec.test_roundtrip import _rich_catalog


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
