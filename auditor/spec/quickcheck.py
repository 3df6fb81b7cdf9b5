"""A fast yes/no check of plain data against spec.schema.json, compiled once into Python closures.

``jsonschema`` gives the precise error and position the loader reports, but it walks every node of a
large spec through its generic machinery (about three seconds for a 1,000-table snapshot). The spec
schema uses a small set of keywords, so it compiles to a few closures that answer "valid?" in a
fraction of that; only when they say no does the loader run ``jsonschema`` to explain why.

The check is never more lenient than ``jsonschema``: it may say no where ``jsonschema`` finds nothing
(then the spec still loads), never yes where ``jsonschema`` would report an error. A schema using a
keyword it does not know does not compile, and every spec is then validated by ``jsonschema`` alone.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

#: Keywords that only annotate (no effect on validity).
_ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "title", "description", "$comment", "examples"})
_KNOWN = _ANNOTATIONS | {
    "$ref",
    "type",
    "properties",
    "additionalProperties",
    "required",
    "items",
    "minItems",
    "minLength",
    "pattern",
    "enum",
    "const",
}


class Unsupported(Exception):
    """The schema uses something this compiler does not handle."""


def _as_json(value: Any) -> Any:
    # The loader validates dates as the ISO strings they were written as (yamldoc.to_json).
    return value.isoformat() if isinstance(value, dt.date) else value


_PY_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str, dt.date),
    "boolean": (bool,),
    "integer": (int,),
    "number": (int, float),
    "null": (type(None),),
}


def _type_check(names: list[str]) -> Check:
    # Stricter than jsonschema where it differs (an integral float is not an "integer" here).
    types: tuple[type, ...] = ()
    for name in names:
        if name not in _PY_TYPES:
            raise Unsupported(f"type {name!r}")
        types += _PY_TYPES[name]
    if "boolean" not in names and ("integer" in names or "number" in names):
        return lambda v: isinstance(v, types) and type(v) is not bool  # bool is an int to Python
    return lambda v: isinstance(v, types)


def _every(check: Check, items: list[Any]) -> bool:
    # A loop rather than all(generator): this runs for every list in the spec, and the generator
    # costs more than the checks themselves.
    for x in items:  # noqa: SIM110
        if not check(x):
            return False
    return True


def _same(a: Any, b: Any) -> bool:
    """JSON equality for the scalars enums hold, strictly typed (``true`` is not ``1``)."""
    return type(a) is type(b) and a == b


def compile_schema(root: dict[str, Any]) -> Check:
    """A function telling whether plain data (as yamldoc parses it) is valid against ``root``."""
    refs: dict[str, Check] = {}

    def ref(target: str) -> Check:
        if target in refs:
            return refs[target]
        if not target.startswith("#/"):
            raise Unsupported(f"$ref {target!r}")
        node: Any = root
        for part in target[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or part not in node:
                raise Unsupported(f"$ref {target!r}")
            node = node[part]
        cell: list[Check] = []
        refs[target] = lambda v: cell[0](v)  # recursion: resolved below
        cell.append(build(node))
        refs[target] = cell[0]
        return cell[0]

    def build(schema: Any) -> Check:
        if schema is True:
            return lambda v: True
        if schema is False:
            return lambda v: False
        if not isinstance(schema, dict):
            raise Unsupported(repr(schema))
        unknown = set(schema) - _KNOWN
        if unknown:
            raise Unsupported(", ".join(sorted(unknown)))
        checks: list[Check] = []
        if "$ref" in schema:
            checks.append(ref(schema["$ref"]))
        if "type" in schema:
            names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            checks.append(_type_check(names))
        if "enum" in schema:
            allowed = frozenset((type(a), a) for a in schema["enum"])
            checks.append(lambda v: not isinstance(v, dict | list) and (type(j := _as_json(v)), j) in allowed)
        if "const" in schema:
            const = schema["const"]
            checks.append(lambda v: _same(_as_json(v), const))
        if "pattern" in schema:
            search = re.compile(schema["pattern"]).search
            checks.append(lambda v: not isinstance(v, str | dt.date) or search(_as_json(v)) is not None)
        if "minLength" in schema:
            n = schema["minLength"]
            checks.append(lambda v: not isinstance(v, str | dt.date) or len(_as_json(v)) >= n)
        if "minItems" in schema:
            m = schema["minItems"]
            checks.append(lambda v: not isinstance(v, list) or len(v) >= m)
        if "items" in schema:
            item = build(schema["items"])
            checks.append(lambda v: not isinstance(v, list) or _every(item, v))
        if "required" in schema:
            required = tuple(schema["required"])
            checks.append(lambda v: not isinstance(v, dict) or all(k in v for k in required))
        if "properties" in schema or "additionalProperties" in schema:
            checks.append(_object(schema, build))
        if not checks:
            return lambda v: True
        if len(checks) == 1:
            return checks[0]
        if len(checks) == 2:
            first, second = checks
            return lambda v: first(v) and second(v)

        def every(v: Any) -> bool:
            for c in checks:  # noqa: SIM110 (as in _every)
                if not c(v):
                    return False
            return True

        return every

    return build(root)


def _object(schema: dict[str, Any], build: Callable[[Any], Check]) -> Check:
    props = {k: build(s) for k, s in schema.get("properties", {}).items()}
    extra_schema = schema.get("additionalProperties", True)
    if extra_schema is True:
        extra: Check | None = None
        closed = False
    elif extra_schema is False:
        extra, closed = None, True
    else:
        extra, closed = build(extra_schema), False

    def check(v: Any) -> bool:
        if not isinstance(v, dict):
            return True
        for k, x in v.items():
            p = props.get(k)
            if p is not None:
                if not p(x):
                    return False
            elif closed or (extra is not None and not extra(x)):
                return False
        return True

    return check
