"""Valid specs in cases/valid/ load into the model facts their ``<case>.expect.yaml`` lists.

Each fact is ``{at: schemas/public/relations/jobs/..., is: value}`` (a path through the catalog:
mapping keys and attribute names, ``/``-separated) or ``{spec: attribute, is: value}`` (an attribute
of the Spec). Values are compared in plain form: maps as their key list (or a mapping when ``is`` is
one), frozensets sorted, locations as ``line:column``, grants as ``grantee:PRIVILEGE[*]``."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from auditor.model import DefaultPrivilege, FrozenMap, Grant, Location
from auditor.spec import dump_spec, load_spec, load_spec_text

CASES = sorted(
    p for p in (Path(__file__).parent / "cases" / "valid").glob("*.yaml") if ".expect" not in p.name
)


def plain(value: Any, like: Any = None) -> Any:
    if isinstance(value, Location):
        return f"{value.line}:{value.column}"
    if isinstance(value, Grant):
        return f"{value.grantee}:{value.privilege}{'*' if value.grantable else ''}"
    if isinstance(value, DefaultPrivilege):
        star = "*" if value.grantable else ""
        return f"{value.role} {value.schema} {value.object_type} {value.grantee} {value.privilege}{star}"
    if isinstance(value, FrozenMap | Mapping) and not isinstance(like, dict):
        return list(value)
    if isinstance(value, FrozenMap | Mapping):
        return {k: plain(v, like.get(k)) for k, v in value.items()}
    if isinstance(value, frozenset):
        return sorted(plain(v) for v in value)
    if isinstance(value, tuple):
        likes = like if isinstance(like, list) and len(like) == len(value) else [None] * len(value)
        return [plain(v, lk) for v, lk in zip(value, likes, strict=True)]
    if isinstance(value, dt.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if isinstance(like, dict):
            return {k: plain(getattr(value, k), like[k]) for k in like}
        return value
    return value


def walk(root: Any, path: str) -> Any:
    node = root
    for part in path.split("/"):
        node = node[part] if isinstance(node, Mapping) else getattr(node, part)
    return node


def _facts(case: Path) -> list[dict[str, Any]]:
    expect = case.with_name(case.stem + ".expect.yaml")
    return list(yaml.safe_load(expect.read_text("utf-8")))


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_spec_loads_into_expected_model(case: Path) -> None:
    spec = load_spec(case)
    facts = _facts(case)
    assert facts, f"{case.name}: no facts"
    for fact in facts:
        got = getattr(spec, fact["spec"]) if "spec" in fact else walk(spec.catalog, fact["at"])
        assert plain(got, fact["is"]) == fact["is"], fact.get("at") or fact.get("spec")


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_spec_survives_dump_and_load(case: Path) -> None:
    catalog = load_spec(case).catalog
    text = dump_spec(catalog)
    again = load_spec_text(text, "dumped.yaml").catalog
    assert again == catalog
    assert dump_spec(again) == text  # the writer is deterministic


def test_location_points_at_the_key() -> None:
    text = (
        "version: 1\nschemas:\n  public:\n    tables:\n      jobs:\n        columns:\n          id: bigint\n"
    )
    spec = load_spec_text(text, "s.yaml")
    col = spec.catalog.schemas["public"].relations["jobs"].columns["id"]
    assert col.location == Location("s.yaml", 7, 11)


def test_rules_keep_the_line_of_each_key() -> None:
    text = "version: 1\nrules:\n  options:\n    owner_column: owner_id\n  SEC001: off\n  allow: []\n"
    spec = load_spec_text(text, "s.yaml")
    assert dict(spec.rules) == {"options": {"owner_column": "owner_id"}, "SEC001": "off", "allow": []}
    assert spec.rules_location == Location("s.yaml", 2, 1)
    assert spec.rules.lines == {"options": 3, "SEC001": 5, "allow": 6}  # type: ignore[attr-defined]
    assert spec.rules["options"].lines == {"owner_column": 4}
