"""Writing the report files: every format staged first, then each file replaced atomically.

Each file is written to a hidden temporary file beside it; only when every format is staged
completely (written, flushed, fsynced) are they renamed over the old ones. An error in one renderer
leaves every old report in place, and a killed run never leaves half a file.

The findings are streamed: the JSON, HTML and SARIF documents are written a block of findings at a
time (see :mod:`auditor.report.stream`), each finding turned into its dict once for all of them, so
writing a 20 MB report holds a block's worth of text in memory, not the report several times over.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from auditor.atomic import StagedFile
from auditor.errors import UsageError
from auditor.memory import gc_paused
from auditor.report.html import HtmlDocument
from auditor.report.json_report import JsonDocument, render_json
from auditor.report.junit import junit_chunks
from auditor.report.markdown import render_markdown
from auditor.report.model import Report
from auditor.report.sarif import RuleDocs, SarifDocument
from auditor.report.stream import FindingsDocument, blocks

__all__ = ["FILE_NAMES", "FORMATS", "render_json", "write_reports"]

FILE_NAMES: dict[str, str] = {
    "json": "audit.json",
    "html": "audit.html",
    "sarif": "audit.sarif",
    "junit": "audit.junit.xml",
    "md": "audit.md",
}
FORMATS: tuple[str, ...] = tuple(FILE_NAMES)


def _documents(report: Report, wanted: list[str], rule_docs: RuleDocs | None) -> dict[str, FindingsDocument]:
    docs: dict[str, FindingsDocument] = {}
    for fmt in wanted:
        if fmt == "json":
            docs[fmt] = JsonDocument(report)
        elif fmt == "html":
            docs[fmt] = HtmlDocument(report)
        elif fmt == "sarif":
            docs[fmt] = SarifDocument(report, rule_docs=rule_docs)
    return docs


def _render_into(report: Report, staged: dict[str, StagedFile], rule_docs: RuleDocs | None) -> str | None:
    """Write every staged format; return the Markdown text when ``md`` is one of them."""
    docs = _documents(report, list(staged), rule_docs)
    for fmt, doc in docs.items():
        staged[fmt].write(doc.head())
    if docs:
        need_dicts = any(doc.needs_dicts for doc in docs.values())
        for chunk, dicts in blocks(report, dicts=need_dicts):
            for fmt, doc in docs.items():
                staged[fmt].write(doc.block(chunk, dicts))
    for fmt, doc in docs.items():
        staged[fmt].write(doc.tail())
    if "junit" in staged:
        for piece in junit_chunks(report):
            staged["junit"].write_bytes(piece)
    markdown = None
    if "md" in staged:
        markdown = render_markdown(report)
        staged["md"].write(markdown)
    return markdown


def write_reports(
    report: Report,
    out_dir: Path | str,
    formats: Sequence[str],
    *,
    rule_docs: RuleDocs | None = None,
) -> list[Path]:
    """Write ``report`` in each of ``formats`` (json, html, sarif, junit, md) into ``out_dir``
    (created if needed) and return the paths written, in the order asked. The Markdown summary is
    also appended to ``$GITHUB_STEP_SUMMARY`` when that is set."""
    unknown = [f for f in formats if f not in FILE_NAMES]
    if unknown:
        raise UsageError(
            f"unknown report format {', '.join(unknown)}", hint=f"choose from {', '.join(FORMATS)}"
        )
    wanted = list(dict.fromkeys(formats))  # keep order, drop repeats
    out = Path(out_dir)
    if wanted:
        out.mkdir(parents=True, exist_ok=True)
    staged: dict[str, StagedFile] = {}
    markdown: str | None = None
    # Rendering allocates a few hundred thousand short-lived dicts and strings, none in a cycle.
    with gc_paused():
        try:
            for fmt in wanted:
                staged[fmt] = StagedFile(out / FILE_NAMES[fmt])
            markdown = _render_into(report, staged, rule_docs)
            for s in staged.values():
                s.finish()
            for s in staged.values():
                s.commit()
        except BaseException:
            for s in staged.values():
                s.discard()
            raise
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file and markdown is not None:
        # The runner owns this file and other steps append to it: append, never replace.
        with open(summary_file, "ab") as fh:
            fh.write(markdown.encode("utf-8") + b"\n")
    return [staged[fmt].path for fmt in wanted]
