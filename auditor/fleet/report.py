"""The fleet report: ``fleet.json`` (versioned; ``databases: [{name, verdict, findings, shape,
...}]``), ``fleet.html`` (groups of identical shape, the outliers and what sets each apart, each
member's findings), ``fleet.junit.xml`` (one test case per member) and ``fleet.sarif``.

Each is written member by member from the partials (:meth:`Fleet.members`), to a temporary file
renamed over the old one when whole.
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from auditor import __version__
from auditor.errors import UsageError
from auditor.fleet.results import Fleet, apart
from auditor.redact import redact

FLEET_FORMAT = "schema-auditor-fleet-report"
FLEET_VERSION = 1
FILE_NAMES = {"json": "fleet.json", "html": "fleet.html", "junit": "fleet.junit.xml", "sarif": "fleet.sarif"}
FORMATS = tuple(FILE_NAMES)


def check_formats(formats: list[str]) -> list[str]:
    bad = [f for f in formats if f not in FILE_NAMES]
    if bad:
        raise UsageError(
            f"unknown fleet report format {', '.join(bad)}", hint=f"choose from {', '.join(FORMATS)}"
        )
    return list(dict.fromkeys(formats))


def write_fleet_reports(fleet: Fleet, out: Path, formats: list[str]) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    writers: dict[str, Callable[[Fleet, IO[str], str], None]] = {
        "json": _json,
        "html": _html,
        "junit": _junit,
        "sarif": _sarif,
    }
    written = []
    for fmt in check_formats(formats):
        path = out / FILE_NAMES[fmt]
        with _atomic(path) as fh:
            writers[fmt](fleet, fh, now)
        written.append(path)
    return written


@contextmanager
def _atomic(path: Path) -> Iterator[IO[str]]:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def head(fleet: Fleet, now: str) -> dict[str, Any]:
    """Everything of fleet.json before ``databases``."""
    majority = fleet.majority()
    shapes = []
    for s in sorted(fleet.shapes.values(), key=lambda s: (-s.members, s.shape)):
        extra, lacking = apart(fleet, s.shape)
        shapes.append(
            {
                "shape": s.shape,
                "server_version": s.server_version,
                "members": s.members,
                "representative": s.representative,
                "verdict": s.verdict,
                "majority": s.shape == majority,
                "apart": {
                    "findings_not_in_majority": [_brief(f) for f in extra],
                    "majority_findings_not_here": [_brief(f) for f in lacking],
                },
            }
        )
    h = fleet.header
    return {
        "format": FLEET_FORMAT,
        "format_version": FLEET_VERSION,
        "tool": {"name": "schema-auditor", "version": __version__},
        "generated_at": now,
        "verdict": fleet.verdict,
        "verdict_line": redact(fleet.verdict_line()),
        "exit_code": fleet.exit_code,
        "fail_on": h.get("fail_on", []),
        "inventory": h.get("inventory"),
        "mode": h.get("mode"),
        "members": len(fleet.index),
        "members_total": h.get("members_total"),
        "missing_shards": fleet.missing_shards,
        "summary": {v: fleet.verdicts.get(v, 0) for v in ("clean", "pass", "fail", "incomplete", "error")},
        "expected": h.get("expected", []),
        "shapes": shapes,
    }


def _brief(f: dict[str, Any]) -> dict[str, Any]:
    return {k: f.get(k) for k in ("code", "level", "object", "message")}


def _json(fleet: Fleet, fh: IO[str], now: str) -> None:
    text = json.dumps(head(fleet, now), indent=2, ensure_ascii=False)
    fh.write(text[:-2] + ',\n  "databases": [')
    # a member's line is written as the partial holds it: the same json.dumps (keys sorted, not
    # ASCII-escaped) of the same dict, so it is not decoded and encoded again
    for i, raw in enumerate(fleet.member_lines()):
        fh.write(("," if i else "") + "\n    " + raw.decode("utf-8"))
    fh.write("\n  ]\n}\n")


def _junit(fleet: Fleet, fh: IO[str], now: str) -> None:
    v = fleet.verdicts
    fh.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    fh.write(
        f'<testsuites name="schema-auditor fleet" tests="{len(fleet.index)}" failures="{v.get("fail", 0)}" '
        f'errors="{v.get("error", 0) + v.get("incomplete", 0)}">\n'
        f'  <testsuite name="fleet" tests="{len(fleet.index)}" failures="{v.get("fail", 0)}" '
        f'errors="{v.get("error", 0) + v.get("incomplete", 0)}" timestamp={quoteattr(now)}>\n'
    )
    for m in fleet.members():
        name = quoteattr(_x(m["name"]))
        cls = quoteattr(_x(f"fleet.{m.get('shape') or 'unread'}"))
        fh.write(f"    <testcase classname={cls} name={name}>\n")
        line = quoteattr(_x(m.get("verdict_line", "")))
        body = "\n".join(
            f"{f.get('level')} {f.get('code')} {f.get('object')}: {f.get('message')}"
            for f in m.get("findings", [])
            if not f.get("suppressed")
        )
        if m["verdict"] == "fail":
            fh.write(f'      <failure message={line} type="fail">{xml_escape(_x(body))}</failure>\n')
        elif m["verdict"] in ("error", "incomplete"):
            text = "\n".join(m.get("errors", [])) or body
            fh.write(
                f"      <error message={line} type={quoteattr(m['verdict'])}>{xml_escape(_x(text))}</error>\n"
            )
        fh.write("    </testcase>\n")
    fh.write("  </testsuite>\n</testsuites>\n")


def _x(text: str) -> str:
    """Text XML 1.0 can hold: other control characters shown escaped."""
    return "".join(c if c in "\t\n\r" or ord(c) >= 0x20 else f"\\x{ord(c):02x}" for c in redact(str(text)))


_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _sarif(fleet: Fleet, fh: IO[str], now: str) -> None:
    rules: dict[str, dict[str, Any]] = {}
    fh.write(
        '{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [{'
        '"results": ['
    )
    first = True
    for m in fleet.members():
        for f in m.get("findings", []):
            if f.get("suppressed"):
                continue
            code = str(f.get("code"))
            rules.setdefault(
                code, {"id": code, "shortDescription": {"text": str(f.get("rule_name") or code)}}
            )
            result = {
                "ruleId": code,
                "level": _SARIF_LEVEL.get(str(f.get("level")), "note"),
                "message": {"text": redact(f"{m['name']}: {f.get('message')}")},
                "locations": [
                    {
                        "logicalLocations": [
                            {
                                "name": str(f.get("object")),
                                "fullyQualifiedName": f"{m['name']}/{f.get('object')}",
                                "kind": "member",
                            }
                        ]
                    }
                ],
                "partialFingerprints": {"schemaAuditor/v1": f"{m['name']}:{f.get('fingerprint')}"},
                "properties": {"member": m["name"], "shape": m.get("shape"), "verdict": m["verdict"]},
            }
            fh.write(("" if first else ",") + json.dumps(result, ensure_ascii=False))
            first = False
        if m["verdict"] == "error":
            result = {
                "ruleId": "FLEET-UNREAD",
                "level": "error",
                "message": {"text": redact(f"{m['name']}: unread: {'; '.join(m.get('errors', []))}")},
                "locations": [{"logicalLocations": [{"name": m["name"], "kind": "member"}]}],
                "properties": {"member": m["name"]},
            }
            rules.setdefault(
                "FLEET-UNREAD", {"id": "FLEET-UNREAD", "shortDescription": {"text": "member unread"}}
            )
            fh.write(("" if first else ",") + json.dumps(result, ensure_ascii=False))
            first = False
    driver = {
        "name": "schema-auditor",
        "version": __version__,
        "rules": sorted(rules.values(), key=lambda r: r["id"]),
    }
    fh.write(
        '], "tool": {"driver": '
        + json.dumps(driver)
        + '}, "invocations": [{"executionSuccessful": '
        + json.dumps(fleet.verdict != "error")
        + ', "endTimeUtc": '
        + json.dumps(now)
        + "}]"
        + ', "properties": {"verdict": '
        + json.dumps(fleet.verdict)
        + ', "verdictLine": '
        + json.dumps(redact(fleet.verdict_line()))
        + "}}]}\n"
    )


#: Members named in a shape's row of the shapes table (beyond them, a count).
_NAMED = 10

_CSS = """
body{font:14px system-ui,sans-serif;margin:2em;color:#222}h1{font-size:1.4em}
.v{display:inline-block;padding:.1em .5em;border-radius:.3em;font-weight:600;color:#fff}
.clean,.pass{background:#2a7}.fail{background:#c33}.error,.incomplete{background:#b60}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;
vertical-align:top}.card{border:1px solid #ccc;border-left:4px solid #999;padding:.4em .7em;margin:.4em 0}
.card.error{border-left-color:#c33;background:none;color:inherit}.card.warning{border-left-color:#d90}
.card.info{border-left-color:#47a}code,pre{font:12px ui-monospace,monospace}
pre{white-space:pre-wrap;margin:.2em 0}
.muted{color:#777}details{margin:.3em 0}
@media (max-width:700px){body{margin:1em}table{display:block;overflow-x:auto;max-width:100%}}
"""


def _e(text: Any) -> str:
    return html.escape(redact(str(text)), quote=True)


def _card(f: dict[str, Any]) -> str:
    level = str(f.get("level"))
    out = [
        f'<div class="card {_e(level)}"><b>{_e(f.get("code"))}</b> {_e(level)} '
        f"<code>{_e(f.get('object'))}</code>"
    ]
    if f.get("attribution"):
        out.append(f' <span class="muted">{_e(f.get("attribution"))}</span>')
    out.append(f"<div>{_e(f.get('message'))}</div>")
    for key in ("expected", "actual"):
        if f.get(key) is not None:
            out.append(f"<div>{key}: <pre>{_e(f.get(key))}</pre></div>")
    if f.get("help"):
        out.append(f'<div class="muted">{_e(f.get("help"))}</div>')
    if f.get("fix_sql"):
        out.append(f"<details><summary>fix SQL</summary><pre>{_e(f.get('fix_sql'))}</pre></details>")
    if f.get("suppressed"):
        out.append(f'<div class="muted">suppressed: {_e(f.get("suppressed"))}</div>')
    out.append("</div>")
    return "".join(out)


def _html(fleet: Fleet, fh: IO[str], now: str) -> None:
    h = head(fleet, now)
    fh.write(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>schema-auditor fleet: {_e(fleet.verdict.upper())}</title><style>{_CSS}</style></head><body>"
        f'<h1>Fleet audit <span class="v {_e(fleet.verdict)}">{_e(fleet.verdict.upper())}</span></h1>'
        f'<p>{_e(h["verdict_line"])}</p><p class="muted">{_e(now)}, schema-auditor {_e(__version__)}; '
        f"expected: {_e('; '.join(s.get('description', '') for s in h['expected']))}</p>"
    )
    fh.write(
        "<h2>Shapes</h2><p>Members with the same schema (same fingerprint on the same PostgreSQL major) "
        "form one shape, audited once.</p><table><tr><th>shape</th><th>members</th><th>PostgreSQL</th>"
        "<th>verdict</th><th>what sets it apart from the majority</th></tr>"
    )
    # which members each shape other than the majority's holds (the first few, by name): where the
    # outliers are, without scrolling the member list
    named: dict[str, list[str]] = {}
    for name in sorted(fleet.outcomes):
        shape = fleet.outcomes[name][1]
        if shape is not None and len(named.setdefault(shape, [])) <= _NAMED:
            named[shape].append(name)
    for s in h["shapes"]:
        extra = s["apart"]["findings_not_in_majority"]
        lacking = s["apart"]["majority_findings_not_here"]
        if s["majority"]:
            why = "the majority"
        else:
            items = [
                f"<li>+ {_e(f['code'])} <code>{_e(f['object'])}</code>: {_e(f['message'])}</li>"
                for f in extra
            ]
            items += [
                f"<li>&minus; {_e(f['code'])} <code>{_e(f['object'])}</code> (majority only)</li>"
                for f in lacking
            ]
            why = (
                f"<ul>{''.join(items)}</ul>"
                if items
                else "same findings, another fingerprint (server or grants)"
            )
            who = named.get(s["shape"], [])
            more = s["members"] - min(len(who), _NAMED)
            links = ", ".join(f'<a href="#member-{_e(n)}">{_e(n)}</a>' for n in who[:_NAMED])
            why += f"<p>members: {links}{f' and {more} more' if more > 0 else ''}</p>"
        fh.write(
            f'<tr><td><a href="#shape-{_e(s["shape"])}"><code>{_e(s["shape"])}</code></a></td>'
            f"<td>{s['members']}</td><td>{_e(s['server_version'])}</td>"
            f'<td><span class="v {_e(s["verdict"])}">{_e(s["verdict"])}</span></td><td>{why}</td></tr>'
        )
    fh.write("</table>")
    unread = fleet.verdicts.get("error", 0)
    if unread or fleet.missing_shards:
        fh.write(
            f"<h2>Unread</h2><p>{unread} member(s) could not be read; "
            f"missing shards: {_e(fleet.missing_shards or 'none')}.</p>"
        )
    fh.write(
        "<h2>Members</h2><p>Unread and failing members first, then by name.</p>"
        "<table><tr><th>member</th><th>labels</th><th>verdict</th><th>shape</th><th>findings</th></tr>"
    )
    shown: dict[str, str] = {}  # shape -> the member whose row carries the shape's findings
    escaped: dict[str, str] = {}  # verdicts and shapes, shared by many members: escaped once each

    def once(text: str) -> str:
        got = escaped.get(text)
        if got is None:
            got = escaped[text] = _e(text)
        return got

    for m in fleet.members(fleet.attention_first()):
        labels = ", ".join(f"{k}={v}" for k, v in m.get("labels", {}).items())
        shape = m.get("shape")
        active = [f for f in m.get("findings", []) if not f.get("suppressed")]
        name, verdict = _e(m["name"]), once(str(m["verdict"]))
        fh.write(
            f'<tr id="member-{name}"><td>{name}</td><td>{_e(labels)}</td>'
            f'<td><span class="v {verdict}">{verdict}</span></td><td>'
        )
        if shape:
            fh.write(f'<a href="#shape-{once(str(shape))}"><code>{once(str(shape))}</code></a>')
        else:
            fh.write("unread")
        fh.write("</td><td>")
        if shape is None or shape in shown:
            errs = "".join(f"<div>{_e(e)}</div>" for e in m.get("errors", []))
            if shape is None:
                fh.write(f"{len(active)} {errs}")
            else:
                fh.write(
                    f'<a href="#shape-{once(str(shape))}">{len(active)} finding(s)</a>, '
                    f"as {_e(shown[shape])} (same shape) {errs}"
                )
        else:  # the first member of a shape carries the shape's findings; the others link to them
            shown[shape] = str(m["name"])
            fh.write(
                f'<details id="shape-{_e(shape)}"><summary>{len(active)} finding(s) of shape '
                f"<code>{_e(shape)}</code>: {_e(m.get('verdict_line'))}</summary>"
            )
            fh.write("".join(_card(f) for f in m.get("findings", [])))
            fh.write("".join(f"<div>{_e(e)}</div>" for e in m.get("errors", [])))
            fh.write("</details>")
        fh.write("</td></tr>")
    fh.write("</table></body></html>\n")
