"""Report documents written a block of findings at a time, so a 20 MB report is never held whole.

A document is its text before the findings (``head``), the findings' text block by block (``block``)
and its text after them (``tail``). Findings dicts (``Finding.to_dict()``) are made once per block
and shared by every document that renders them (the JSON report and the HTML page's data island).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Protocol

from auditor.findings import Finding
from auditor.report.model import Report

# Findings per block: large enough that per-block overhead vanishes, small enough that a block's
# dicts and text stay a few megabytes.
BLOCK = 1000


class FindingsDocument(Protocol):
    needs_dicts: bool  # whether block() reads the findings' dicts (else it gets an empty list)

    def head(self) -> str: ...

    def block(self, findings: Sequence[Finding], dicts: Sequence[dict[str, Any]]) -> str: ...

    def tail(self) -> str: ...


def blocks(report: Report, *, dicts: bool) -> Iterator[tuple[Sequence[Finding], list[dict[str, Any]]]]:
    """The report's findings in blocks of :data:`BLOCK`, each with its dicts when ``dicts``."""
    findings = report.findings
    causes = report.causes if dicts else ()
    for start in range(0, len(findings), BLOCK):
        chunk = findings[start : start + BLOCK]
        if not dicts:
            yield chunk, []
            continue
        out = []
        for f, cause in zip(chunk, causes[start : start + BLOCK], strict=True):
            d = f.to_dict()
            d["cause"] = cause
            out.append(d)
        yield chunk, out


def render_document(report: Report, doc: FindingsDocument) -> str:
    """The whole document as one string (for small reports, tests and stdout)."""
    parts = [doc.head()]
    parts.extend(doc.block(chunk, ds) for chunk, ds in blocks(report, dicts=doc.needs_dicts))
    parts.append(doc.tail())
    return "".join(parts)
