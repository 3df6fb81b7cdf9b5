"""Everything a loaded spec holds, in one comparable value: unlike ``==`` on the model, this sees
``location`` and ``declared`` (left out of model equality) and the line numbers of ``rules``."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any


def deep(value: Any) -> Any:
    """A hashable value equal for two objects exactly when every field, at every depth, is equal
    (including the fields dataclass equality skips) and of the same type."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (
            type(value).__name__,
            tuple((f.name, deep(getattr(value, f.name))) for f in dataclasses.fields(value)),
        )
    if isinstance(value, Mapping):
        lines = getattr(value, "lines", None)
        return (
            type(value).__name__,
            tuple((deep(k), deep(v)) for k, v in value.items()),
            None if lines is None else tuple(sorted(lines.items())),
        )
    if isinstance(value, frozenset | set):
        return (type(value).__name__, frozenset(deep(x) for x in value))
    if isinstance(value, tuple | list):
        return (type(value).__name__, tuple(deep(x) for x in value))
    return (type(value).__name__, value)
