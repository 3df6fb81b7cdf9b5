"""JSON text exactly as ``json.dumps(value, indent=2, ensure_ascii=False)`` writes it, only faster,
and in pieces so a large document can be streamed to a file.

The standard library uses its C encoder only without ``indent``; with it, every value goes through
nested Python generators, about twice as slow as this on a 20 MB report. Here strings go through the
same C string encoder (``json.encoder.encode_basestring``) and the structure through plain loops.
Anything unusual (floats, non-string keys, other types) is handed to ``json.dumps`` itself, so the
output is the standard library's by construction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from json.encoder import encode_basestring as _str  # the C function wherever _json is built
from typing import Any

INDENT = "  "


def dumps_indented(value: Any, level: int = 0) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)`` as it reads nested ``level`` deep in an
    enclosing document (every line after the first indented by ``level`` more steps)."""
    parts: list[str] = []
    append_indented(value, level, parts)
    return "".join(parts)


class Hole:
    """A place in a document for a value written separately (streamed): see :func:`dumps_around`."""

    def __init__(self) -> None:
        self.seen: list[tuple[int, int]] = []  # (index in parts, nesting level), once per visit


def dumps_around(value: Any, hole: Hole) -> tuple[str, int, str]:
    """:func:`dumps_indented` of ``value``, which holds ``hole`` exactly once, cut at the hole:
    the text before it, the hole's nesting level, the text after it."""
    parts: list[str] = []
    hole.seen.clear()
    append_indented(value, 0, parts)
    if len(hole.seen) != 1:
        raise ValueError(f"the hole must appear exactly once in the value, not {len(hole.seen)} times")
    at, level = hole.seen[0]
    return "".join(parts[:at]), level, "".join(parts[at:])


class ListWriter:
    """A list nested ``level`` deep, written a block of items at a time: the concatenation of
    every :meth:`items` and then :meth:`close` is :func:`dumps_indented` of the whole list."""

    def __init__(self, level: int) -> None:
        self._level = level + 1
        self._open = "[\n" + INDENT * (level + 1)
        self._sep = ",\n" + INDENT * (level + 1)
        self._close = "\n" + INDENT * level + "]"
        self._empty = True

    def items(self, values: Iterable[Any]) -> str:
        parts: list[str] = []
        level = self._level
        for v in values:
            parts.append(self._open if self._empty else self._sep)
            self._empty = False
            append_indented(v, level, parts)
        return "".join(parts)

    def items_text(self, texts: Iterable[str]) -> str:
        """:meth:`items` of values already written by :func:`dumps_indented` at this list's items'
        level (a writer that renders its items itself)."""
        parts: list[str] = []
        for text in texts:
            parts.append(self._open if self._empty else self._sep)
            self._empty = False
            parts.append(text)
        return "".join(parts)

    def close(self) -> str:
        return "[]" if self._empty else self._close


def append_indented(value: Any, level: int, parts: list[str]) -> None:
    """Append the pieces of :func:`dumps_indented` to ``parts`` (join them once, at the end)."""
    t = type(value)
    if t is str:
        parts.append(_str(value))
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif t is int:
        parts.append(int.__repr__(value))
    elif t is dict:
        _append_dict(value, level, parts)
    elif t is list or t is tuple:
        _append_list(value, level, parts)
    elif isinstance(value, Hole):
        value.seen.append((len(parts), level))
    else:  # floats, str/int subclasses, and whatever json.dumps would reject: its own words
        parts.append(_stdlib(value, level))


# '\n' + indent + '"key": ' by nesting level and key: reports repeat a few dozen keys thousands of
# times. Bounded, in case some dict has keys without end.
_KEY_TEXT: dict[int, dict[str, str]] = {}
_KEY_TEXT_MAX = 4096


def _append_dict(value: dict[Any, Any], level: int, parts: list[str]) -> None:
    if not value:
        parts.append("{}")
        return
    append = parts.append
    known = _KEY_TEXT.setdefault(level, {})
    sep = "{"
    for k, v in value.items():
        key = known.get(k) if type(k) is str else None
        if key is None:
            key = "\n" + INDENT * (level + 1) + (_str(k) if type(k) is str else _key(k)) + ": "
            if type(k) is str and len(known) < _KEY_TEXT_MAX:
                known[k] = key
        tv = type(v)
        # Strings and nulls inline: most values in a report are one or the other.
        if tv is str:
            append(sep + key + _str(v))
        elif v is None:
            append(sep + key + "null")
        else:
            append(sep + key)
            append_indented(v, level + 1, parts)
        sep = ","
    append("\n" + INDENT * level + "}")


def _append_list(value: list[Any] | tuple[Any, ...], level: int, parts: list[str]) -> None:
    if not value:
        parts.append("[]")
        return
    append = parts.append
    inner = "\n" + INDENT * (level + 1)
    sep = "[" + inner
    for v in value:
        if type(v) is str:
            append(sep + _str(v))
        else:
            append(sep)
            append_indented(v, level + 1, parts)
        sep = "," + inner
    append("\n" + INDENT * level + "]")


def _key(k: Any) -> str:
    # json.dumps turns these keys into strings and rejects any other.
    if isinstance(k, str):
        return _str(k)
    if k is None or isinstance(k, (bool, int, float)):
        return '"' + json.dumps(k) + '"'
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(k).__name__}")


def _stdlib(value: Any, level: int) -> str:
    # Nested n levels deep, json.dumps indents every line after the first by n more steps; encoded
    # strings never hold a raw newline, so shifting the lines is exact.
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + INDENT * level)
