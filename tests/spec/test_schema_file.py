"""The shipped JSON Schema is a valid draft 2020-12 schema, documents every key, and accepts what the
writer writes; the example in docs/spec.md is a valid spec."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jsonschema

from auditor.spec import dump_spec, load_spec, load_spec_text, spec_json_schema
from auditor.spec.yamldoc import parse, to_json
from tests.spec.test_roundtrip import _rich_catalog

DOCS = Path(__file__).resolve().parents[2] / "docs" / "spec.md"


def test_schema_is_valid_draft_2020_12() -> None:
    schema = spec_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def _undocumented(node: Any, path: str = "") -> list[str]:
    missing = []
    if isinstance(node, dict):
        for key, sub in node.get("properties", {}).items():
            if isinstance(sub, dict) and "description" not in sub and "$ref" not in sub:
                missing.append(f"{path}/{key}")
        for key, sub in node.items():
            missing += _undocumented(sub, f"{path}/{key}")
    return missing


def test_every_key_has_a_description() -> None:
    # Editors show these on completion.
    schema = spec_json_schema()
    for key in schema["properties"]:
        assert "description" in schema["properties"][key], key
    for key in ("tables", "views", "functions", "enums"):
        assert "description" in schema["$defs"]["schema"]["properties"][key], key
    assert _undocumented(schema) == []


def test_writer_output_validates_against_the_schema() -> None:
    doc = parse(dump_spec(_rich_catalog()), "s.yaml")
    errors = list(jsonschema.Draft202012Validator(spec_json_schema()).iter_errors(to_json(doc.data)))
    assert errors == []


def test_docs_example_is_a_valid_spec(tmp_path: Path) -> None:
    text = DOCS.read_text("utf-8")
    example = re.search(r"```yaml\n(.*?)```", text, re.S)
    assert example is not None
    path = tmp_path / "expected_schema.yaml"
    path.write_text(example.group(1), "utf-8")
    spec = load_spec(path)
    jobs = spec.catalog.schemas["public"].relations["jobs"]
    assert set(jobs.constraints) == {"jobs_pkey", "jobs_created_at_check", "jobs_owner_id_fkey"}
    assert spec.platform == "supabase" and spec.strict
    assert load_spec_text(dump_spec(spec.catalog), "again.yaml").catalog == spec.catalog
