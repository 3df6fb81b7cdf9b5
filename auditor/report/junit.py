"""``audit.junit.xml``: JUnit XML, for CI systems that show test results (GitLab, Jenkins, Azure).

One test suite per finding category (drift, rule, lint, history, source), one test case per check
(object × code). A finding that matches ``fail_on`` is a ``<failure>``; a suppressed one is
``<skipped>``; one below ``fail_on`` passes with the finding in ``<system-out>`` (so the test view
agrees with the exit code). A ``sources`` suite always holds one case per source compared (failing
when the source is incomplete) and a ``stages`` suite one erroring case per stage that failed, so a
report with no findings still shows what was checked.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterator

from auditor.findings import Category, Finding
from auditor.report.model import TOOL_NAME, Report
from auditor.report.objects import group_of
from auditor.report.text import where

# XML 1.0 cannot carry most control characters, even escaped; a comment from a database can hold them.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _x(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _details(f: Finding) -> str:
    lines = [f"{f.level.value.upper()} {f.code} {f.object}: {f.message}"]
    if f.rule_name:
        lines.append(f"rule: {f.rule_name}")
    if f.expected is not None or f.actual is not None:
        lines.append(f"expected: {f.expected if f.expected is not None else '(none)'}")
        lines.append(f"actual:   {f.actual if f.actual is not None else '(none)'}")
    if f.changes:
        lines.append("changed: " + ", ".join(f.changes))
    if f.attribution:
        lines.append(f"attribution: {f.attribution.value}")
    loc = where(f)
    if loc:
        lines.append(f"location: {loc}")
    if len(f.provenance) > 1:
        lines.append("provenance: " + ", ".join(str(p) for p in f.provenance))
    if f.help:
        lines.append(f"help: {f.help}")
    if f.fix_sql:
        lines.append("fix:\n" + f.fix_sql)
    if f.suppressed is not None:
        lines.append(f"suppressed: {f.suppressed}")
    lines.append(f"fingerprint: {f.fingerprint}")
    return "\n".join(lines)


# Cases per serialised block: ElementTree writes a block of elements at a time, never the whole tree.
BLOCK = 1000
_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"


# A block of cases is serialised inside a container at the suites' depth: ElementTree writes the
# container's tags around exactly what the suite holds ("\n    " + case, per case).
_BLOCK_OPEN = "<c>"
_BLOCK_CLOSE = "\n  </c>"


class _Check:
    """One test case: the findings of one code on one object, and the outcome they make."""

    __slots__ = ("code", "findings", "gating", "object", "suppressed")

    def __init__(self, report: Report, obj: str, code: str, fs: list[Finding]) -> None:
        self.object = obj
        self.code = code
        self.findings = fs
        self.gating = [f for f in fs if report.is_gating(f)]
        self.suppressed = all(f.suppressed is not None for f in fs)


def _checks(report: Report) -> dict[str, list[_Check]]:
    """Test cases by category, in category order, each in order of its first finding."""
    grouped: dict[str, dict[tuple[str, str], list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for f in report.findings:
        grouped[f.category.value][(f.object, f.code)].append(f)
    return {
        cat: [_Check(report, obj, code, fs) for (obj, code), fs in grouped[cat].items()]
        for cat in (c.value for c in Category)
        if grouped.get(cat)
    }


def _case(cat: str, check: _Check) -> ET.Element:
    fs = check.findings
    case = ET.Element(
        "testcase", classname=_x(f"{cat}.{group_of(check.object)}"), name=_x(f"{check.code} {check.object}")
    )
    loc = next((where(f) for f in fs if where(f) is not None), None)
    if loc is not None:
        case.set("file", _x(loc.file))
        if loc.line is not None:
            case.set("line", str(loc.line))
    gating = check.gating
    active = [f for f in fs if f.suppressed is None]
    if gating:
        first = gating[0]
        msg = first.message + (f" (and {len(gating) - 1} more)" if len(gating) > 1 else "")
        fail = ET.SubElement(case, "failure", type=first.level.value, message=_x(msg))
        fail.text = _x("\n\n".join(_details(f) for f in gating))
    elif not active:
        ET.SubElement(case, "skipped", message=_x(f"suppressed: {fs[0].suppressed}"))
    if active and len(active) > len(gating):
        out = ET.SubElement(case, "system-out")
        out.text = _x("\n\n".join(_details(f) for f in active if f not in gating))
    return case


def junit_chunks(report: Report) -> Iterator[bytes]:
    """The JUnit XML document, UTF-8 encoded with an XML declaration, in pieces: the text
    ``ET.indent`` and ``ET.tostring`` give for the whole tree, a block of test cases at a time."""
    root = ET.Element("testsuites", name=TOOL_NAME)
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}

    def suite(name: str) -> ET.Element:
        return ET.SubElement(root, "testsuite", name=name, timestamp=report.generated_at.rstrip("Z"))

    def close(el: ET.Element, tests: int, failures: int, errors: int, skipped: int) -> None:
        el.set("tests", str(tests))
        el.set("failures", str(failures))
        el.set("errors", str(errors))
        el.set("skipped", str(skipped))
        el.set("time", "0")
        for k, v in (("tests", tests), ("failures", failures), ("errors", errors), ("skipped", skipped)):
            totals[k] += v

    # What was compared: always present, so a clean report still lists its checks.
    src_suite = suite("sources")
    # The run's verdict, in the words of every other output (a CI test view shows suite properties).
    props = ET.SubElement(src_suite, "properties")
    ET.SubElement(props, "property", name="verdict", value=report.verdict)
    ET.SubElement(props, "property", name="verdict_line", value=_x(report.verdict_line()))
    src_fail = 0
    for src in report.sources:
        case = ET.SubElement(
            src_suite, "testcase", classname=f"sources.{src.name}", name=_x(f"{src.name}: {src.description}")
        )
        open_gaps = [g for g in src.gaps if not report.accept_incomplete.accepts(g)]
        if src.gaps and not open_gaps:  # every gap accepted: listed, not failed
            listed = ET.SubElement(case, "system-out")
            listed.text = _x("\n".join(f"accepted: {g.kind} {g.object}: {g.reason}" for g in src.gaps))
        elif not src.complete:
            src_fail += 1
            gaps = (
                "\n".join(f"{g.kind} {g.object}: {g.reason}" for g in src.gaps)
                or "reader reported incomplete"
            )
            fail = ET.SubElement(
                case, "failure", type="incomplete", message=_x(f"{src.name} could not be read in full")
            )
            fail.text = _x(gaps)
    close(src_suite, len(report.sources), src_fail, 0, 0)

    if report.errors:
        st = suite("stages")
        for i, err in enumerate(report.errors, 1):
            case = ET.SubElement(st, "testcase", classname="stages", name=f"stage {i}")
            e = ET.SubElement(
                case, "error", type="stage-failed", message=_x(err.splitlines()[0] if err else "")
            )
            e.text = _x(err)
        close(st, len(report.errors), 0, len(report.errors), 0)

    # The findings' suites: in the frame, each holds one slot where its cases are streamed.
    checks = _checks(report)
    for i, (cat, cases) in enumerate(checks.items()):
        el = suite(cat)
        ET.SubElement(el, f"slot{i}")
        failures = sum(1 for c in cases if c.gating)
        skipped = sum(1 for c in cases if not c.gating and c.suppressed)
        close(el, len(cases), failures, 0, skipped)

    for k, v in totals.items():
        if k != "skipped":
            root.set(k, str(v))
    ET.indent(root)
    frame = _DECLARATION + ET.tostring(root, encoding="unicode") + "\n"
    # A raw '<' in ElementTree's output is always markup (text and attributes escape theirs), so
    # the slot tag can only be the slot.
    for i, (cat, cases) in enumerate(checks.items()):
        before, found, frame = frame.partition(f"\n    <slot{i} />")
        if not found:
            raise RuntimeError(f"slot{i} not found in the JUnit frame")
        yield _encode(before)
        for start in range(0, len(cases), BLOCK):
            block = ET.Element(_BLOCK_OPEN[1:-1])
            block.extend(_case(cat, check) for check in cases[start : start + BLOCK])
            ET.indent(block, level=1)
            text = ET.tostring(block, encoding="unicode")
            if not (text.startswith(_BLOCK_OPEN) and text.endswith(_BLOCK_CLOSE)):
                raise RuntimeError("unexpected serialisation of a block of JUnit test cases")
            yield _encode(text[len(_BLOCK_OPEN) : -len(_BLOCK_CLOSE)])
    yield _encode(frame)


def _encode(text: str) -> bytes:
    # What ElementTree does writing UTF-8 (a lone surrogate becomes a character reference).
    return text.encode("utf-8", "xmlcharrefreplace")


def render_junit(report: Report) -> bytes:
    """The JUnit XML document, UTF-8 encoded with an XML declaration."""
    return b"".join(junit_chunks(report))
