"""Writing the report files: every format rendered first, then each file replaced atomically.

Rendering everything before writing anything means an error in one renderer leaves every old
report in place; the atomic replace (temp file in the same directory, fsync, rename) means a killed
run never leaves half a file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from auditor.atomic import write_bytes_atomic
from auditor.errors import UsageError
from auditor.report.html import render_html
from auditor.report.junit import render_junit
from auditor.report.markdown import render_markdown
from auditor.report.model import Report
from auditor.report.sarif import RuleDocs, render_sarif

FILE_NAMES: dict[str, str] = {
    "json": "audit.json",
    "html": "audit.html",
    "sarif": "audit.sarif",
    "junit": "audit.junit.xml",
    "md": "audit.md",
}
FORMATS: tuple[str, ...] = tuple(FILE_NAMES)


def render_json(report: Report) -> str:
    """The JSON report text (``report.schema.json`` describes it)."""
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"


def _renderers(report: Report, rule_docs: RuleDocs | None) -> dict[str, Callable[[], bytes]]:
    return {
        "json": lambda: render_json(report).encode("utf-8"),
        "html": lambda: render_html(report).encode("utf-8"),
        "sarif": lambda: (
            json.dumps(render_sarif(report, rule_docs=rule_docs), indent=2, ensure_ascii=False) + "\n"
        ).encode("utf-8"),
        "junit": lambda: render_junit(report),
        "md": lambda: render_markdown(report).encode("utf-8"),
    }


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
    renderers = _renderers(report, rule_docs)
    rendered = {fmt: renderers[fmt]() for fmt in wanted}
    out = Path(out_dir)
    paths = []
    for fmt in wanted:
        path = out / FILE_NAMES[fmt]
        write_bytes_atomic(path, rendered[fmt])
        paths.append(path)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file and "md" in rendered:
        # The runner owns this file and other steps append to it: append, never replace.
        with open(summary_file, "ab") as fh:
            fh.write(rendered["md"] + b"\n")
    return paths
