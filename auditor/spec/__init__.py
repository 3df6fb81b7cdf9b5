"""The declarative spec (expected_schema.yaml): read it into a Catalog, write a Catalog as one.

See docs/spec.md for the format; ``spec.schema.json`` (shipped here) validates it and gives editors
completion."""

from auditor.spec.loader import (
    STRICT_EXEMPT,
    IgnoreEntry,
    Spec,
    load_spec,
    load_spec_text,
    spec_json_schema,
)
from auditor.spec.writer import SCHEMA_URL, dump_spec

__all__ = [
    "SCHEMA_URL",
    "STRICT_EXEMPT",
    "IgnoreEntry",
    "Spec",
    "dump_spec",
    "load_spec",
    "load_spec_text",
    "spec_json_schema",
]
