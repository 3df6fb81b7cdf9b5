"""The declarative spec (expected_schema.yaml): read it into a Catalog, write a Catalog as one.

See docs/spec.md for the format; ``spec.schema.json`` (shipped here) validates it and gives editors
completion. The reader and the writer are imported on first use: ``snapshot`` only writes, and the
reader's validation (jsonschema) is a noticeable part of a short process's start-up.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from auditor.spec.loader import STRICT_EXEMPT as STRICT_EXEMPT
    from auditor.spec.loader import IgnoreEntry as IgnoreEntry
    from auditor.spec.loader import Spec as Spec
    from auditor.spec.loader import load_spec as load_spec
    from auditor.spec.loader import load_spec_text as load_spec_text
    from auditor.spec.loader import spec_json_schema as spec_json_schema
    from auditor.spec.writer import SCHEMA_URL as SCHEMA_URL
    from auditor.spec.writer import dump_spec as dump_spec

_WHERE = {
    "STRICT_EXEMPT": "loader",
    "IgnoreEntry": "loader",
    "Spec": "loader",
    "load_spec": "loader",
    "load_spec_text": "loader",
    "spec_json_schema": "loader",
    "SCHEMA_URL": "writer",
    "dump_spec": "writer",
}

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


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"auditor.spec.{module}"), name)
    globals()[name] = value
    return value
