"""``audit.html``: one self-contained page (inline CSS and JS, no external resource) that works
offline from a CI artifact.

The verdict, counts and sources are rendered here (readable without JavaScript, escaped by Jinja's
autoescape). The findings travel as JSON in ``<script type="application/json">`` and are rendered by
``audit.js`` with ``textContent`` only, lazily, so 10,000 findings open and filter fast.

Defence in depth against hostile names (a table called ``<script>...``): the JSON is escaped so it
cannot close its script element, and a Content-Security-Policy allows only our own inline script
and style (by hash), no images, no network.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Sequence
from functools import cache
from importlib.resources import files
from typing import Any

import jinja2
from markupsafe import Markup

from auditor.findings import Category, Finding
from auditor.report.diagram import page_data, relation_of
from auditor.report.model import Report
from auditor.report.objects import group_of
from auditor.report.sarif import RuleDocs
from auditor.report.stream import render_document
from auditor.report.trend import chart_svg

TREND_LIST = 50  # new and fixed findings listed in the trend section (the rest counted)


@cache
def _asset(name: str) -> str:
    return (files("auditor.report") / name).read_text(encoding="utf-8")


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    return env.from_string(_asset("audit.html.j2"))


def _csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def script_json(value: object) -> str:
    """JSON safe inside an HTML ``<script>`` element: ``<``, ``>`` and ``&`` become ``\\u`` escapes,
    so neither ``</script>`` nor ``<!--`` can appear in it; JSON.parse reads them back unchanged."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# Where the findings' JSON goes in the rendered frame. Jinja escapes every value but ``css``,
# ``js`` and this slot, and neither asset holds it, so it can only be the slot itself.
_DATA_SLOT = "<!--audit-data-->"


class HtmlDocument:
    """The page as a :class:`~auditor.report.stream.FindingsDocument`: Jinja renders the frame
    (verdict, counts, sources); the data island, nearly all of the page, is written block by block."""

    needs_dicts = True

    def __init__(self, report: Report, *, rule_docs: RuleDocs | None = None) -> None:
        self._report = report
        self._rule_docs = rule_docs
        css = _asset("audit.css")
        js = _asset("audit.js")
        frame = _template().render(
            report=report,
            summary=report.summary,
            fail_on=report.fail_on.describe(),
            css=Markup(css),
            js=Markup(js),
            style_hash=_csp_hash(css),
            script_hash=_csp_hash(js),
            data_json=Markup(_DATA_SLOT),
            trend_chart=chart_svg(report.trend.history) if report.trend is not None else "",
            trend_new=_new_findings(report),
            trend_list=TREND_LIST,
        )
        before, found, after = frame.partition(_DATA_SLOT)
        if not found or _DATA_SLOT in after:
            raise RuntimeError(f"the page frame must hold {_DATA_SLOT} exactly once")
        self._before = before
        self._after = after
        self._first = True

    def head(self) -> str:
        # The data island is script_json({"findings": [...], "groups": [...], "gating": [...]}),
        # written in pieces: the escaping is per character, so escaping each piece is the same.
        return self._before + '{"findings":['

    def block(self, findings: Sequence[Finding], dicts: Sequence[dict[str, Any]]) -> str:
        items = script_json(dicts)[1:-1]  # without the list's brackets: items joined by ","
        if self._first:
            self._first = False
            return items
        return "," + items

    def tail(self) -> str:
        report = self._report
        # Parallel arrays: derived per finding, kept out of the finding dicts (one finding shape).
        groups = script_json([group_of(f.object) for f in report.findings])
        gating = script_json([report.is_gating(f) for f in report.findings])
        # The documentation of every rule code on the page, linked from each code (offline).
        docs: dict[str, dict[str, str | None]] = {}
        if self._rule_docs is not None:
            for code in dict.fromkeys(f.code for f in report.findings):
                doc = self._rule_docs(code)
                if doc is not None:
                    docs[code] = {
                        "name": doc.name,
                        "summary": doc.summary,
                        "description": doc.description,
                        "uri": doc.help_uri,
                    }
        extra = ""
        if report.diagram is not None and report.diagram.tables:
            extra += ',"diagram":' + script_json(page_data(report.diagram, _flags(report)))
        if report.trend is not None:
            t = report.trend
            trend = {"new": list(t.new) if t.comparable and t.previous else [], "since": t.since}
            extra += ',"trend":' + script_json(trend)
        return f'],"groups":{groups},"gating":{gating},"docs":{script_json(docs)}{extra}}}' + self._after


def _flags(report: Report) -> dict[str, int]:
    """Relation key -> 2 when a drift finding is on it (or on its columns, keys, policies...), 1 when
    only other findings are, for the diagram's highlight. Suppressed findings do not count."""
    flags: dict[str, int] = {}
    for f in report.findings:
        if f.suppressed is not None:
            continue
        rel = relation_of(f.object)
        if rel is not None:
            flags[rel] = max(flags.get(rel, 0), 2 if f.category is Category.DRIFT else 1)
    return flags


def _new_findings(report: Report) -> list[Finding]:
    """The findings new since the last comparable run, one per fingerprint, for the trend list."""
    t = report.trend
    if t is None or not t.comparable or t.previous is None:
        return []
    new = set(t.new)
    out: dict[str, Finding] = {}
    for f in report.findings:
        if f.suppressed is None and f.fingerprint in new:
            out.setdefault(f.fingerprint, f)
    return list(out.values())


def render_html(report: Report, *, rule_docs: RuleDocs | None = None) -> str:
    """The HTML page as text (``rule_docs``: documentation embedded for the rule codes on it)."""
    return render_document(report, HtmlDocument(report, rule_docs=rule_docs))
