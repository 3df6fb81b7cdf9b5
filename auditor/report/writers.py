"""Writing the report files: every format staged first, then each file replaced atomically.

Each file is written to a hidden temporary file beside it; only when every format is staged
completely (written, flushed, fsynced) are they renamed over the old ones. An error in one renderer
leaves every old report in place, and a killed run never leaves half a file: SIGINT and SIGTERM
remove the temporary files (the CLI then exits 130 or 143).

The report directory's entries are written by what they are (:mod:`auditor.atomic`): a symbolic
link is written through, a device or FIFO in place. ``out`` may also be ``-`` (the one format
asked for, on stdout) or a device or FIFO itself (every format written into it, e.g. ``/dev/null``).

The findings are streamed: the JSON, HTML and SARIF documents are written a block of findings at a
time (see :mod:`auditor.report.stream`), each finding turned into its dict once for all of them, so
writing a 20 MB report holds a block's worth of text in memory, not the report several times over.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

from auditor.atomic import STDOUT, Output, check_target, open_output, signals_held
from auditor.errors import UsageError
from auditor.memory import gc_paused
from auditor.report.json_report import JsonDocument, render_json
from auditor.report.junit import junit_chunks
from auditor.report.model import Report
from auditor.report.sarif import RuleDocs, SarifDocument
from auditor.report.stream import FindingsDocument, blocks

# html (jinja2) and markdown are imported only by a run that writes them (start-up time)

__all__ = ["FILE_NAMES", "FORMATS", "check_report_targets", "render_json", "write_reports"]

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
            from auditor.report.html import HtmlDocument

            docs[fmt] = HtmlDocument(report, rule_docs=rule_docs)
        elif fmt == "sarif":
            docs[fmt] = SarifDocument(report, rule_docs=rule_docs)
    return docs


def _render_into(report: Report, staged: dict[str, Output], rule_docs: RuleDocs | None) -> str | None:
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
        from auditor.report.markdown import render_markdown

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
    targets = report_targets(out_dir, wanted)
    staged: dict[str, Output] = {}
    markdown: str | None = None
    # Rendering allocates a few hundred thousand short-lived dicts and strings, none in a cycle.
    with gc_paused():
        try:
            for fmt in wanted:
                staged[fmt] = open_output(targets[fmt])
            markdown = _render_into(report, staged, rule_docs)
            for s in staged.values():
                s.finish()
            with signals_held():  # all renamed, or none
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


def check_report_targets(out_dir: Path | str, formats: Sequence[str]) -> None:
    """Raise :class:`UsageError` (exit 2) now, before any work, when the reports could not be
    written to ``out_dir`` (see :func:`auditor.atomic.check_target`)."""
    if str(out_dir) == STDOUT:
        report_targets(out_dir, formats)  # says so when more than one format is asked for
        return
    out = Path(out_dir)
    try:
        special = out.exists() and not out.is_dir()
    except OSError:
        special = False
    if special:
        check_target(out)
        report_targets(out, formats)
        return
    check_target(out, directory=True)
    for fmt in dict.fromkeys(formats):
        check_target(out / FILE_NAMES[fmt])


def report_targets(out_dir: Path | str, formats: Sequence[str]) -> dict[str, Path]:
    """Where each format goes: ``out_dir/audit.<ext>``; ``-`` (stdout) for one format only; a
    device or FIFO named as ``out_dir`` takes every format."""
    if str(out_dir) == STDOUT:
        if len(formats) > 1:
            raise UsageError(
                f"--out - writes one report format to stdout, not {len(formats)} ({', '.join(formats)})",
                hint="pick one with --format, e.g. --format json",
            )
        return {fmt: Path(STDOUT) for fmt in formats}
    out = Path(out_dir)
    if out.exists() and not out.is_dir():  # followed through links
        mode = out.stat().st_mode
        if stat.S_ISREG(mode):
            raise UsageError(
                f"--out {out} is a file, not a directory", hint="name a directory, or - for stdout"
            )
        if not stat.S_ISCHR(mode) and len(formats) > 1:  # a FIFO's reader would get them interleaved
            raise UsageError(f"--out {out} takes one report format", hint="pick one with --format")
        return {fmt: out for fmt in formats}  # a device (/dev/null) takes every format
    if formats:
        out.mkdir(parents=True, exist_ok=True)
    return {fmt: out / FILE_NAMES[fmt] for fmt in formats}
