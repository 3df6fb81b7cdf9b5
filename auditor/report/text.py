"""Plain-text renderings: the terminal summary and GitHub Actions annotations.

Strings in findings come from databases and files. Control characters in them are shown escaped,
so a comment holding an ANSI escape cannot recolour or rewrite the terminal, and a newline cannot
forge a second ``::error`` command.
"""

from __future__ import annotations

from collections.abc import Iterable

from auditor.findings import Finding, Level
from auditor.model import Location
from auditor.redact import escape_controls
from auditor.report.model import Report

TERMINAL_FINDINGS = 10

_COLORS = {
    "clean": "32",  # green
    "pass": "32",
    "fail": "31",  # red
    "incomplete": "33",  # yellow
    "error": "31;1",
    Level.ERROR.value: "31",
    Level.WARNING.value: "33",
    Level.INFO.value: "36",
}


def safe(text: str) -> str:
    """Escape C0/C1 control characters (tab and newline included) so one string stays one line."""
    out = []
    for ch in text:
        o = ord(ch)
        if o < 0x20 or 0x7F <= o < 0xA0:
            out.append(f"\\x{o:02x}" if ch not in "\n\t" else ("\\n" if ch == "\n" else "\\t"))
        else:
            out.append(ch)
    return "".join(out)


def where(f: Finding) -> Location | None:
    """Where to point for a finding: its own location, else where the object was last written."""
    return f.location or (f.provenance[0] if f.provenance else None)


def _use_color(color: bool | None) -> bool:
    if color is not None:
        return color
    from auditor.termcolor import enabled  # --color, NO_COLOR, FORCE_COLOR, else a TTY

    return enabled()


def terminal_summary(report: Report, *, quiet: bool = False, color: bool | None = None) -> str:
    """The text printed at the end of a run: the verdict line, then (unless ``quiet``) the counts,
    the sources and the first findings, most severe first. ``color=None`` colours only a TTY
    (and honours ``NO_COLOR``)."""
    paint = _use_color(color)

    def c(code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if paint else text

    lines = [c(_COLORS[report.verdict], "schema-auditor: " + safe(report.verdict_line()))]
    if quiet:
        return lines[0] + "\n"
    s = report.summary
    lv = s["by_level"]
    counts = f"  {s['total']} finding(s): {lv['error']} error, {lv['warning']} warning, {lv['info']} info"
    counts += f"; {s['gating']} at the gate, {s['below_gate']} below it; {s['causes']} cause(s)"
    if s["suppressed"]:
        counts += f"; {s['suppressed']} suppressed"
    lines.append(counts)
    if s["by_attribution"]:
        lines.append("  by attribution: " + ", ".join(f"{k} {v}" for k, v in s["by_attribution"].items()))
    if report.trend is not None:
        lines.append("  " + safe(report.trend.line()))
    for src in report.sources:
        accepted = sum(1 for g in src.gaps if report.accept_incomplete.accepts(g))
        state = "complete" if src.complete else f"INCOMPLETE ({len(src.gaps)} gap(s))"
        if accepted:
            state += f", {accepted} accepted"
        version = f", PostgreSQL {src.server_version}" if src.server_version else ""
        approx = ", approximate" if src.approximate else ""
        lines.append(f"  source {src.name}: {safe(src.description)}{version}{approx}: {state}")
    for err in report.errors:
        lines.append(c(_COLORS["error"], f"  stage failed: {safe(err)}"))
    from auditor.frame import finding_line  # the line check and lint-migrations print too

    # One line per cause (as the page has one card per cause), naming the other codes of it.
    cause_of = {id(f): cause for f, cause in zip(report.findings, report.causes, strict=True)}
    by_cause: dict[str, list[Finding]] = {}
    for f in _ordered(report, (f for f in report.findings if f.suppressed is None)):
        by_cause.setdefault(cause_of[id(f)], []).append(f)
    for group in list(by_cause.values())[:TERMINAL_FINDINGS]:
        f = group[0]
        line = finding_line(f)
        lv = f.level.value
        line = "  " + line.replace(f": {lv} ", f": {c(_COLORS[lv], lv)} ", 1)
        if len(group) > 1:
            line += f" (same cause: {', '.join(dict.fromkeys(g.code for g in group[1:]))})"
        lines.append(line)
    if len(by_cause) > TERMINAL_FINDINGS:
        lines.append(f"  ... and {len(by_cause) - TERMINAL_FINDINGS} more causes (see the report files)")
    return "\n".join(lines) + "\n"


def _ordered(report: Report, findings: Iterable[Finding]) -> list[Finding]:
    """Gating findings first, then by level (most severe first); stable otherwise."""
    return sorted(findings, key=lambda f: (not report.is_gating(f), -f.level.rank))


_ANNOTATION_LEVEL = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "notice"}


def _esc_data(text: str) -> str:
    # The escaping of @actions/core's command.ts: the message part. Then the other control characters
    # (an ESC would reach the log raw) and the legacy ``##[`` command prefix, which the runner finds
    # anywhere in a line.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return escape_controls(text).replace("##[", "#\\x23[")


def _esc_prop(text: str) -> str:
    # Property values also escape the separators of the property list.
    return _esc_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(report: Report) -> str:
    """GitHub Actions workflow commands (``::error file=...,line=...,title=...::message``), one per
    unsuppressed finding, for stdout in a workflow step. Findings with a file location are
    annotated on that file and line; the others appear on the run's summary."""
    out = []
    for f in _ordered(report, (f for f in report.findings if f.suppressed is None)):
        props = []
        loc = where(f)
        if loc is not None:
            props.append(f"file={_esc_prop(loc.file)}")
            if loc.line is not None:
                props.append(f"line={loc.line}")
                if loc.column is not None:
                    props.append(f"col={loc.column}")
        props.append(f"title={_esc_prop(f'{f.code} {f.object}')}")
        msg = f.message
        if f.attribution:
            msg += f" ({f.attribution.value})"
        if f.help:
            msg += f"\n{f.help}"
        out.append(f"::{_ANNOTATION_LEVEL[f.level]} {','.join(props)}::{_esc_data(msg)}\n")
    for err in report.errors:
        out.append(f"::error title=schema-auditor stage failed::{_esc_data(err)}\n")
    return "".join(out)
