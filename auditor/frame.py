"""The terminal form of a finding, the same for ``audit``, ``check`` and ``lint-migrations``.

One line (``where: level CODE message``, where ``where`` is ``file:line:column`` when the finding
has a location, else its object path: what editors and CI log viewers turn into links), then,
as squawk and ruff print them, a code frame with a caret under the reported column, the help, the
fix SQL and the rule's documentation reference::

    migrations/0002_index.sql:3:1: error MIG001 index idx_jobs_status is built on ...
       |
     2 | set lock_timeout = '5s';
     3 | create index idx_jobs_status on public.jobs (status);
       | ^^^^^^
       = help: Build the index with CREATE INDEX CONCURRENTLY, in a migration file of its own.
       = fix: create index concurrently idx_jobs_status on public.jobs (status);
       = docs: schema-auditor rules MIG001 (docs/rules.md#mig001)

Source lines are read from the file the location names (only regular files, only when the
location is one); every printed string is escaped (a control character cannot rewrite the
terminal) and redacted (a password in a statement is shown as ``***``).

It sits next to :mod:`auditor.findings`, not in :mod:`auditor.report`: ``lint-migrations`` prints
findings without loading the report writers (jinja2 and the rest cost it a fifth of its time).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from auditor.findings import Finding
from auditor.model import Location
from auditor.redact import escape_controls, redact

_WORD = re.compile(r"[\w$]+|\S")

SourceLines = Callable[[str], list[str] | None]


def _where(f: Finding) -> Location | None:
    return f.location or (f.provenance[0] if f.provenance else None)


def _safe(text: str) -> str:
    return escape_controls(redact(text))


def finding_line(f: Finding) -> str:
    """``where: level CODE message``: ``where`` is the location, else the object path; a located
    finding names its object in brackets (a migration file's own findings need not), then its
    attribution, then ``[suppressed: reason]`` on a suppressed one."""
    loc = _where(f)
    head = str(loc) if loc is not None else f.object
    tail = ""
    if loc is not None and not f.object.startswith("migration:"):
        tail += f" [{f.object}]"
    if f.attribution is not None:
        tail += f" [{f.attribution.value}]"
    if f.suppressed is not None:
        tail += f" [suppressed: {f.suppressed}]"
    return _safe(f"{head}: {f.level.value} {f.code} {f.message}{tail}")


def docs_reference(code: str) -> str | None:
    """``schema-auditor rules CODE (docs/rules.md#code)`` for a rule's code; None for the others
    (drift, history and source codes are documented in docs/drift.md and docs/migrations.md).
    Looks only among the rules imported so far: a rule that reported was imported."""
    from auditor.rules.base import REGISTRY, docs_uri

    if REGISTRY.peek(code) is None:
        return None
    return f"schema-auditor rules {code} ({docs_uri(code)})"


def file_lines() -> SourceLines:
    """A reader of source files by path, each read once (None: not a readable regular file)."""
    cache: dict[str, list[str] | None] = {}

    def read(path: str) -> list[str] | None:
        if path not in cache:
            p = Path(path)
            try:
                text = p.read_text(encoding="utf-8", errors="replace") if p.is_file() else None
            except OSError:
                text = None
            cache[path] = text.splitlines() if text is not None else None
        return cache[path]

    return read


def code_frame(loc: Location, lines: list[str], *, context: int = 1) -> list[str]:
    """The lines of a frame: ``context`` lines before the reported one, the line, and a caret
    line under the word at the reported column (the whole line's text when no column)."""
    if loc.line is None or not 1 <= loc.line <= len(lines):
        return []
    first = max(1, loc.line - context)
    width = len(str(loc.line))
    gutter = " " * width
    out = [f"{gutter} |"]
    for n in range(first, loc.line + 1):
        out.append(f"{str(n).rjust(width)} | {_safe(lines[n - 1].expandtabs(4))}")
    text = lines[loc.line - 1].expandtabs(4)
    col = (loc.column or (len(text) - len(text.lstrip()) + 1)) - 1
    m = _WORD.match(text, col) if col < len(text) else None
    length = (m.end() - m.start()) if m else 1
    out.append(f"{gutter} | {' ' * len(_safe(text[:col]))}{'^' * length}")
    return out


def render_finding(f: Finding, source: SourceLines | None = None) -> str:
    """:func:`finding_line`, the code frame (when the location's file can be read), the help
    and the documentation reference, as lines ending in newlines."""
    out = [finding_line(f)]
    loc = _where(f)
    lines = source(loc.file) if (source is not None and loc is not None and loc.line is not None) else None
    frame = code_frame(loc, lines) if (loc is not None and lines) else []
    gutter = frame[0].removesuffix("|") if frame else "  "
    out.extend(frame)
    if f.suppressed is None:
        if f.help:
            out.append(f"{gutter}= help: {_safe(f.help)}")
        for line in (f.fix_sql or "").splitlines():
            out.append(f"{gutter}= fix: {_safe(line)}")
        docs = docs_reference(f.code)
        if docs:
            out.append(f"{gutter}= docs: {docs}")
    return "\n".join(out) + "\n"


def render_findings(findings: Iterable[Finding], source: SourceLines | None = None) -> str:
    """Every finding rendered (:func:`render_finding`), a blank line between two."""
    return "\n".join(render_finding(f, source) for f in findings)
