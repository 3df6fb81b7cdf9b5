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
from functools import cache
from importlib.resources import files

import jinja2
from markupsafe import Markup

from auditor.report.model import Report
from auditor.report.objects import group_of


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


def render_html(report: Report) -> str:
    """The HTML page as text."""
    findings = report.findings
    data = {
        "findings": [f.to_dict() for f in findings],
        # Parallel arrays: derived per finding, kept out of the finding dicts (one finding shape).
        "groups": [group_of(f.object) for f in findings],
        "gating": [report.is_gating(f) for f in findings],
    }
    css = _asset("audit.css")
    js = _asset("audit.js")
    return _template().render(
        report=report,
        summary=report.summary,
        fail_on=str(report.fail_on),
        css=Markup(css),
        js=Markup(js),
        style_hash=_csp_hash(css),
        script_hash=_csp_hash(js),
        data_json=Markup(script_json(data)),
    )
