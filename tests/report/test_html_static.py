"""The HTML report without a browser: self-contained, escaped, data intact, CSP hashes right."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser

from auditor.report.html import render_html, script_json
from tests.report.conftest import XSS, XSS_IMG, all_findings, gap_source, make_report


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.scripts.append(data)
        elif self._in == "style":
            self.styles.append(data)


def _parse(html: str) -> _Tags:
    p = _Tags()
    p.feed(html)
    return p


def test_self_contained_no_external_resource() -> None:
    p = _parse(render_html(make_report(all_findings())))
    for tag, attrs in p.tags:
        assert "src" not in attrs and "href" not in attrs, (tag, attrs)
        assert tag not in ("link", "img", "iframe", "object", "embed"), tag
    assert len(p.scripts) == 2 and len(p.styles) == 1


def test_hostile_strings_never_appear_raw() -> None:
    html = render_html(make_report(all_findings(), sources=(gap_source(),), errors=(XSS,)))
    for payload in (XSS, XSS_IMG, "<svg onload", "<iframe", "<!-- -->", "</script><script>"):
        assert payload not in html, payload
    # the stage error (rendered server-side) is escaped by Jinja, not dropped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_embedded_json_round_trips() -> None:
    fs = all_findings()
    report = make_report(fs)
    p = _parse(render_html(report))
    data = json.loads(p.scripts[0])
    assert data["findings"] == report.to_dict()["findings"]
    assert [{k: v for k, v in d.items() if k != "cause"} for d in data["findings"]] == [
        f.to_dict() for f in fs
    ]
    assert data["groups"][:4] == ["table:public.jobs"] * 3 + ['table:public."<script>alert(1)</script>"']
    assert len(data["gating"]) == len(fs)


def test_script_json_escapes_markup() -> None:
    text = script_json({"a": "</script><!--&\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><!--&\u2028"}


def test_csp_allows_exactly_our_inline_script_and_style() -> None:
    html = render_html(make_report(all_findings()))
    p = _parse(html)
    csp = next(
        a["content"] for t, a in p.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    )
    assert csp is not None

    def h(text: str) -> str:
        return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    assert f"script-src '{h(p.scripts[1])}'" in csp
    assert f"style-src '{h(p.styles[0])}'" in csp
    assert re.search(r"default-src 'none'", csp)
    assert "unsafe-inline" not in csp


def test_verdict_and_counts_are_in_the_markup() -> None:
    html = render_html(make_report(all_findings()))
    assert '<section class="verdict fail" id="verdict">' in html
    assert '<div class="count error"><b>3</b>error</div>' in html
