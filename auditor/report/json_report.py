"""``audit.json``: the versioned JSON report (``report.schema.json``), pretty-printed.

The text is ``json.dumps(report.to_dict(), indent=2, ensure_ascii=False)`` and a newline, written
with :mod:`auditor.report.jsontext` (the same bytes, several times faster) a block of findings at a
time.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from json.encoder import encode_basestring as _str
from typing import Any

from auditor.findings import Category, Finding, Level
from auditor.model import Location
from auditor.report.jsontext import INDENT, Hole, ListWriter, append_indented, dumps_around
from auditor.report.model import Report
from auditor.report.stream import render_document


class JsonDocument:
    """The JSON report as a :class:`~auditor.report.stream.FindingsDocument`."""

    needs_dicts = False  # each finding is written from its fields (finding_text)

    def __init__(self, report: Report) -> None:
        hole = Hole()
        # to_dict() is to_dict_head() then "findings": the findings go where the hole is.
        self._before, level, self._after = dumps_around({**report.to_dict_head(), "findings": hole}, hole)
        self._findings = ListWriter(level)
        self._level = level + 1  # a finding's, inside the list
        self._causes = report.causes
        self._at = 0  # findings written so far (their causes are report.causes[:_at])

    def head(self) -> str:
        return self._before

    def block(self, findings: Sequence[Finding], dicts: Sequence[dict[str, Any]]) -> str:
        at, self._at = self._at, self._at + len(findings)
        texts = [
            finding_text(f, c, self._level)
            for f, c in zip(findings, self._causes[at : self._at], strict=True)
        ]
        return self._findings.items_text(texts)

    def tail(self) -> str:
        return self._findings.close() + self._after + "\n"


def render_json(report: Report) -> str:
    """The JSON report text (``report.schema.json`` describes it)."""
    return render_document(report, JsonDocument(report))


# The keys of a finding in the report, as Finding.to_dict() gives them, and its cause.
FINDING_KEYS = (
    "code",
    "level",
    "category",
    "kind",
    "object",
    "message",
    "expected",
    "actual",
    "attribution",
    "changes",
    "help",
    "fix_sql",
    "location",
    "provenance",
    "rule_name",
    "suppressed",
    "extra",
    "fingerprint",
    "cause",
)


def _same_keys() -> bool:
    """Whether FINDING_KEYS are still to_dict()'s: else every finding takes the dict's way."""
    sample = Finding(code="X", level=Level.INFO, object="x", message="x", category=Category.DRIFT)
    return (*sample.to_dict(), "cause") == FINDING_KEYS


@cache
def _key_texts(level: int) -> tuple[str, ...]:
    inner = "\n" + INDENT * (level + 1)
    return tuple(("{" if i == 0 else ",") + inner + _str(k) + ": " for i, k in enumerate(FINDING_KEYS))


def _loc(loc: Location | None) -> dict[str, Any] | None:
    return None if loc is None else {"file": loc.file, "line": loc.line, "column": loc.column}


class _Text(str):
    """JSON text already written (not a string to encode)."""


_EMPTY_LIST = _Text("[]")


def _pairs_text(pairs: tuple[tuple[str, str], ...], level: int) -> _Text | dict[str, str]:
    """``dumps_indented(dict(pairs), level)`` of one pair of strings (a rule finding's source)."""
    ((k, v),) = pairs
    if type(k) is not str or type(v) is not str:
        return dict(pairs)
    return _Text("{\n" + INDENT * (level + 1) + _str(k) + ": " + _str(v) + "\n" + INDENT * level + "}")


def finding_text(f: Finding, cause: str, level: int) -> str:
    """``dumps_indented({**f.to_dict(), "cause": cause}, level)``, written from the finding's fields
    without the dict and its generic walk (a report of 24,000 findings spends most of its writing
    here). The same text by construction: the same keys in the same order (checked against
    ``to_dict`` once), strings through the same C encoder, anything else through
    :func:`~auditor.report.jsontext.append_indented`."""
    if not _KEYS_OK:
        parts: list[str] = []
        append_indented({**f.to_dict(), "cause": cause}, level, parts)
        return "".join(parts)
    values: tuple[Any, ...] = (
        f.code,
        f.level.value,
        f.category.value,
        f.kind,
        f.object,
        f.message,
        f.expected,
        f.actual,
        f.attribution.value if f.attribution else None,
        list(f.changes) if f.changes else _EMPTY_LIST,
        f.help,
        f.fix_sql,
        _loc(f.location),
        [_loc(p) for p in f.provenance] if f.provenance else _EMPTY_LIST,
        f.rule_name,
        f.suppressed,
        _pairs_text(f.extra, level + 1) if len(f.extra) == 1 else dict(f.extra),
        f.fingerprint,
        cause,
    )
    out: list[str] = []
    append = out.append
    for key, v in zip(_key_texts(level), values, strict=True):
        tv = type(v)
        if tv is str:
            append(key + _str(v))
        elif v is None:
            append(key + "null")
        elif tv is _Text:
            append(key + v)
        else:
            append(key)
            append_indented(v, level + 1, out)
    append("\n" + INDENT * level + "}")
    return "".join(out)


_KEYS_OK = _same_keys()
