"""REPORT: one :class:`Report` object, rendered as JSON, HTML, SARIF, JUnit, Markdown and text."""

from auditor.report.model import FORMAT_VERSION, Report, RuleDoc, SourceInfo, Verdict
from auditor.report.sarif import render_sarif
from auditor.report.text import github_annotations, terminal_summary
from auditor.report.writers import FILE_NAMES, FORMATS, render_json, write_reports

__all__ = [
    "FILE_NAMES",
    "FORMATS",
    "FORMAT_VERSION",
    "Report",
    "RuleDoc",
    "SourceInfo",
    "Verdict",
    "github_annotations",
    "render_json",
    "render_sarif",
    "terminal_summary",
    "write_reports",
]
