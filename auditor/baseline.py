"""Baselines: adopt the tool on an old database and tighten over time.

``schema-auditor baseline`` records the fingerprints of today's findings (with a reason) in
``schema-auditor-baseline.json``; ``audit --baseline FILE`` then hides those findings (they stay in the
report, marked as baselined) so only new ones fail the run, and reports the ones that are gone.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from auditor import __version__
from auditor.atomic import write_text_atomic
from auditor.defaults import BASELINE_FILE
from auditor.errors import InputError
from auditor.findings import Category, Finding, Level
from auditor.model import Location
from auditor.redact import redact

FORMAT = "schema-auditor-baseline"
FORMAT_VERSION = 1
DEFAULT_FILE = BASELINE_FILE
GONE_CODE = "BASE001"


@dataclass(frozen=True)
class BaselineEntry:
    fingerprint: str
    code: str
    object: str
    message: str
    reason: str


@dataclass(frozen=True)
class Baseline:
    path: str
    reason: str
    entries: tuple[BaselineEntry, ...]


def write_baseline(findings: Iterable[Finding], path: str | Path, reason: str) -> int:
    """Record every unsuppressed finding's fingerprint; returns how many were recorded."""
    if not reason.strip():
        raise InputError("a baseline needs a reason", hint="pass --reason 'why these are accepted for now'")
    seen: dict[str, dict[str, Any]] = {}
    for f in findings:
        if f.suppressed is None and f.fingerprint not in seen:
            seen[f.fingerprint] = {
                "fingerprint": f.fingerprint,
                "code": f.code,
                "object": redact(f.object),  # a shared file: no secret, like every output
                "message": redact(f.message),
                "reason": reason,
            }
    doc = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "tool_version": __version__,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "reason": reason,
        "findings": sorted(seen.values(), key=lambda d: (d["object"], d["code"])),
    }
    write_text_atomic(Path(path), json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    return len(seen)


def load_baseline(path: str | Path) -> Baseline:
    p = Path(path)
    where = Location(str(p))
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"baseline {p} not found", hint="create it with `schema-auditor baseline`") from None
    except json.JSONDecodeError as e:
        raise InputError(f"invalid JSON: {e.msg}", location=Location(str(p), e.lineno, e.colno)) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise InputError("not a schema-auditor baseline file", location=where)
    if doc.get("format_version") != FORMAT_VERSION:
        raise InputError(f"unsupported baseline format_version {doc.get('format_version')!r}", location=where)
    entries = []
    for i, item in enumerate(doc.get("findings") or []):
        try:
            entries.append(
                BaselineEntry(
                    fingerprint=str(item["fingerprint"]),
                    code=str(item.get("code", "")),
                    object=str(item.get("object", "")),
                    message=str(item.get("message", "")),
                    reason=str(item.get("reason") or doc.get("reason") or ""),
                )
            )
        except (KeyError, TypeError):
            raise InputError(f"findings[{i}] has no fingerprint", location=where) from None
    return Baseline(str(p), str(doc.get("reason") or ""), tuple(entries))


def apply_baseline(findings: list[Finding], baseline: Baseline) -> list[Finding]:
    """Mark baselined findings as suppressed; add an info finding for each baselined one now gone."""
    by_fp = {e.fingerprint: e for e in baseline.entries}
    present: set[str] = set()
    out: list[Finding] = []
    for f in findings:
        entry = by_fp.get(f.fingerprint)
        if entry is not None and f.suppressed is None:
            present.add(f.fingerprint)
            out.append(replace(f, suppressed=f"in baseline {baseline.path}: {entry.reason}"))
        else:
            out.append(f)
    for e in baseline.entries:
        if e.fingerprint not in present:
            out.append(
                Finding(
                    code=GONE_CODE,
                    level=Level.INFO,
                    object=e.object,
                    message=f"fixed since the baseline: {e.message}",
                    category=Category.SOURCE,
                    kind="baseline",
                    help=f"remove it from {baseline.path} so that it cannot come back unnoticed",
                    fingerprint_parts=(GONE_CODE, e.fingerprint),
                )
            )
    return out
