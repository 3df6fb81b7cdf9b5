"""``audit.json``: the versioned JSON report (``report.schema.json``), pretty-printed.

The text is ``json.dumps(report.to_dict(), indent=2, ensure_ascii=False)`` and a newline, written
with :mod:`auditor.report.jsontext` (the same bytes, several times faster) a block of findings at a
time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from auditor.findings import Finding
from auditor.report.jsontext import Hole, ListWriter, dumps_around
from auditor.report.model import Report
from auditor.report.stream import render_document


class JsonDocument:
    """The JSON report as a :class:`~auditor.report.stream.FindingsDocument`."""

    needs_dicts = True

    def __init__(self, report: Report) -> None:
        hole = Hole()
        # to_dict() is to_dict_head() then "findings": the findings go where the hole is.
        self._before, level, self._after = dumps_around({**report.to_dict_head(), "findings": hole}, hole)
        self._findings = ListWriter(level)

    def head(self) -> str:
        return self._before

    def block(self, findings: Sequence[Finding], dicts: Sequence[dict[str, Any]]) -> str:
        return self._findings.items(dicts)

    def tail(self) -> str:
        return self._findings.close() + self._after + "\n"


def render_json(report: Report) -> str:
    """The JSON report text (``report.schema.json`` describes it)."""
    return render_document(report, JsonDocument(report))
