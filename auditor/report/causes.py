"""One cause, one card: findings that say the same thing about the same object are grouped.

Row level security switched off by hand gives a drift (``DRIFT-TABLE-CHANGED``, ``rls_enabled``)
and the rules it breaks (SEC001, SEC003), each with the same fix. They are one cause: the findings
stay separate (every format keeps every finding; the gate counts each), and each carries the id of
its cause, which the page renders as one card with every code and one fix.

Two unsuppressed findings share a cause when they are on the same object and their fixes share a
statement (compared without case, spacing and the final ``;``). That is a fact both findings state
in SQL, not a guess from their wording: findings with no fix, or with fixes that do not meet, stay
causes of their own. A cause's id is the fingerprint of its first finding in report order (a drift
where there is one), so it is as stable as the findings.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from auditor.findings import Category, Finding

_SPACE = re.compile(r"\s+")
# Statements in a fix: one per line-ending ``;`` (fix SQL writes one statement a line or more).
_STATEMENT_END = re.compile(r";[ \t]*(?:\n|$)")


def fix_statements(fix_sql: str | None) -> frozenset[str]:
    """The statements of a fix, normalized for comparison (case, spacing, trailing ``;``)."""
    if not fix_sql:
        return frozenset()
    out = set()
    for stmt in _STATEMENT_END.split(fix_sql):
        lines = [ln for ln in stmt.splitlines() if not ln.lstrip().startswith("--")]
        text = _SPACE.sub(" ", " ".join(lines)).strip().lower()
        if text:
            out.add(text)
    return frozenset(out)


def cause_ids(findings: Sequence[Finding]) -> tuple[str, ...]:
    """The cause id of each finding, in the order given (see the module doc)."""
    parent = list(range(len(findings)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Only findings on an object with another fixed finding can share a cause: the others' fixes
    # are not split at all (most findings of a large report are alone on their object).
    fixed = [i for i, f in enumerate(findings) if f.suppressed is None and f.fix_sql]
    per_object = Counter(findings[i].object for i in fixed)
    seen: dict[tuple[str, str], int] = {}  # (object, statement) -> first finding stating it
    for i in fixed:
        f = findings[i]
        if per_object[f.object] < 2:
            continue
        for stmt in fix_statements(f.fix_sql):
            j = seen.setdefault((f.object, stmt), i)
            if j != i:
                a, b = find(i), find(j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    members: dict[int, list[int]] = {}
    for i in range(len(findings)):
        members.setdefault(find(i), []).append(i)
    out = [""] * len(findings)
    for group in members.values():
        lead = next((i for i in group if findings[i].category is Category.DRIFT), group[0])
        for i in group:
            out[i] = findings[lead].fingerprint
    return tuple(out)
