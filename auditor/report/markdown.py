"""``audit.md``: a compact summary for a pull-request comment or a GitHub job summary.

GitHub renders inline HTML in Markdown, so every string from a database or a file is escaped
for both: HTML-special characters as entities, Markdown punctuation with a backslash.
"""

from __future__ import annotations

import re

from auditor.redact import escape_controls
from auditor.report.model import Report
from auditor.report.text import _ordered, where

MARKDOWN_FINDINGS = 20
# Only what acts mid-line (emphasis, code, links, tables, strikethrough): every escaped string sits
# inside a line, never at its start, so list and heading markers need no escape and text stays readable.
_MD_PUNCT = re.compile(r"([\\`*_\[\]|~])")
_ICON = {"clean": "✅", "pass": "☑️", "fail": "❌", "incomplete": "⚠️", "error": "🛑"}


def md_escape(text: str) -> str:
    """Escape text for a Markdown table cell: one line, no HTML, no Markdown syntax."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"[\r\n\t]+", " ", text)
    # Other control characters shown escaped; ``##[`` (a workflow command anywhere in a line) broken.
    text = escape_controls(text).replace("##[", "#\\#[")
    # '>' is already an entity; escape the rest of the punctuation Markdown acts on.
    return _MD_PUNCT.sub(r"\\\1", text)


def _trend_lines(report: Report) -> list[str]:
    """Since the last run: the one-line trend, then what is new and what was fixed (a few of each)."""
    trend = report.trend
    assert trend is not None
    out = [f"**Trend:** {md_escape(trend.line().removeprefix('trend: '))}", ""]
    if trend.previous is None or not trend.comparable:
        return out
    new = set(trend.new)
    news = [f for f in report.findings if f.fingerprint in new and f.suppressed is None]
    if news:
        out.append(f"New since run {trend.previous.id}:")
        out.extend(
            f"- {f.level.value} {md_escape(f.code)} {md_escape(f.object)}" for f in news[:MARKDOWN_FINDINGS]
        )
        if len(news) > MARKDOWN_FINDINGS:
            out.append(f"- … and {len(news) - MARKDOWN_FINDINGS} more")
        out.append("")
    if trend.fixed:
        out.append(f"Fixed since run {trend.previous.id}:")
        out.extend(
            f"- {md_escape(f.code)} {md_escape(f.object)} (there since {md_escape(f.since)})"
            for f in trend.fixed[:MARKDOWN_FINDINGS]
        )
        if len(trend.fixed) > MARKDOWN_FINDINGS:
            out.append(f"- … and {len(trend.fixed) - MARKDOWN_FINDINGS} more")
        out.append("")
    return out


def render_markdown(report: Report, *, html_name: str | None = "audit.html") -> str:
    """The Markdown summary: verdict, counts, sources, the first findings, a pointer to the HTML."""
    s = report.summary
    lv = s["by_level"]
    out = [f"## {_ICON[report.verdict]} schema-auditor: {report.verdict}", ""]
    out.append(md_escape(report.verdict_line()))
    out.append("")
    out.append("| | error | warning | info | suppressed | fail-on matches |")
    out.append("|---|---:|---:|---:|---:|---:|")
    out.append(
        f"| findings | {lv['error']} | {lv['warning']} | {lv['info']} | {s['suppressed']} | {s['gating']} |"
    )
    out.append("")
    if s["by_attribution"]:
        cells = ", ".join(f"{md_escape(k)}: {v}" for k, v in s["by_attribution"].items())
        out.append(f"**By attribution:** {cells}")
        out.append("")
    out.append("| source | where | server | state |")
    out.append("|---|---|---|---|")
    for src in report.sources:
        accepted = sum(1 for g in src.gaps if report.accept_incomplete.accepts(g))
        state = "complete" if src.complete else f"**incomplete** ({len(src.gaps)} gap(s))"
        if accepted:
            state += f", {accepted} accepted"
        if src.approximate:
            state += ", approximate"
        out.append(
            f"| {md_escape(src.name)} | {md_escape(src.description)} | "
            f"{md_escape(src.server_version or '')} | {state} |"
        )
    out.append("")
    if report.trend is not None:
        out.extend(_trend_lines(report))
    for err in report.errors:
        out.append(f"- 🛑 stage failed: {md_escape(err)}")
    if report.errors:
        out.append("")
    shown = _ordered(report, (f for f in report.findings if f.suppressed is None))
    if shown:
        out.append("| level | code | object | message | attribution | where |")
        out.append("|---|---|---|---|---|---|")
        for f in shown[:MARKDOWN_FINDINGS]:
            loc = where(f)
            row = [
                f.level.value,
                md_escape(f.code),
                md_escape(f.object),
                md_escape(f.message),
                md_escape(f.attribution.value if f.attribution else ""),
                md_escape(str(loc) if loc else ""),
            ]
            out.append("| " + " | ".join(row) + " |")
        if len(shown) > MARKDOWN_FINDINGS:
            out.append("")
            out.append(f"… and {len(shown) - MARKDOWN_FINDINGS} more.")
        out.append("")
    if report.diagram is not None and report.diagram.tables:
        from auditor.report.diagram import MERMAID_TABLES, mermaid
        from auditor.report.objects import table_of

        flagged = {t for f in report.findings if f.suppressed is None and (t := table_of(f.object))}
        n = len(report.diagram.tables)
        scope = "" if n <= MERMAID_TABLES else f" (of {n}: the tables with findings and their neighbours)"
        out.append(
            f"<details><summary>Schema diagram, as {report.diagram.source} has it{scope}; "
            "(!) marks a table with findings</summary>"
        )
        out.append("")
        out.append("```mermaid")
        out.append(mermaid(report.diagram, flagged))
        out.append("```")
        out.append("")
        out.append("</details>")
        out.append("")
    if html_name:
        out.append(
            f"Full report with expected/actual, provenance and fix SQL: `{html_name}` "
            "(in the job's report artifact; open it in a browser, it works offline)."
        )
        out.append("")
    return "\n".join(out)
