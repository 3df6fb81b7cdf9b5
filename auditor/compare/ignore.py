"""The ignore list: known, accepted drift hidden with a reason, for a while.

An entry names objects with a glob on the object path (``policy:public.jobs.*``), optionally one
finding code (a glob too: ``DRIFT-INDEX-*``), a required reason and an optional expiry date. A matching
finding is kept but marked ``suppressed`` with the reason, so reports can still show it. An expired
entry hides nothing and adds an info finding saying so: a forgotten exception must resurface.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from dataclasses import replace

from auditor.compare.findings import IGNORE_EXPIRED_CODE
from auditor.findings import Category, Finding, Level, Suppression

IgnoreEntry = Suppression  # the one suppression type (auditor.findings)


def matches(entry: IgnoreEntry, finding: Finding) -> bool:
    """Does this entry name this finding (object glob, and code glob when given)?"""
    return entry.matches(finding)


def apply_ignores(
    findings: Sequence[Finding], entries: Iterable[IgnoreEntry], today: _dt.date
) -> list[Finding]:
    """Mark findings hidden by a live entry as suppressed (with its reason); add one info finding
    per expired entry. An entry expires at the end of its ``expires`` day."""
    active: list[IgnoreEntry] = []
    expired: list[IgnoreEntry] = []
    for e in entries:
        (expired if e.expires is not None and e.expires < today else active).append(e)
    out: list[Finding] = []
    for f in findings:
        hit = next((e for e in active if matches(e, f)), None) if f.suppressed is None else None
        out.append(replace(f, suppressed=hit.reason) if hit is not None else f)
    for e in expired:
        what = e.object + (f" ({e.code})" if e.code else "")
        hidden = sum(1 for f in findings if matches(e, f))
        out.append(
            Finding(
                code=IGNORE_EXPIRED_CODE,
                level=Level.INFO,
                object=e.object,
                message=(
                    f"ignore entry for {what} expired on {e.expires}: it no longer hides "
                    f"{hidden} finding(s); reason was: {e.reason}"
                ),
                category=Category.SOURCE,
                kind="expired",
                help="Fix the drift, or renew the entry with a new expiry date and a current reason.",
                location=e.location,
                fingerprint_parts=(IGNORE_EXPIRED_CODE, e.object, e.code or ""),
            )
        )
    return out
