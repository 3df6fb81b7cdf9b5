"""The trend: this run against the runs a store recorded before it (``audit --store URL``).

A :class:`Trend` is a value the store (:mod:`auditor.store`) computes and the report renders: what
is new since the last comparable run, what was fixed, since when each finding exists, and the
counts of the last runs for a chart. The report never reads a store itself.

A run is *comparable* when it read everything (no stage failed, no source has a gap, accepted or
not): a finding missing from a run that could not read its object was not fixed, so such a run is
recorded for the chart but never judged against, nor used as the last run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from auditor.redact import redact

CHART_RUNS = 30  # the chart shows at most this many runs, the newest last


@dataclass(frozen=True)
class TrendRun:
    """One recorded run, as the chart and the 'since' texts need it."""

    id: int
    at: str  # UTC, ISO 8601, as Report.generated_at
    verdict: str
    total: int  # unsuppressed findings
    error: int
    warning: int
    info: int
    gating: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at,
            "verdict": self.verdict,
            "total": self.total,
            "error": self.error,
            "warning": self.warning,
            "info": self.info,
            "gating": self.gating,
        }


@dataclass(frozen=True)
class FixedFinding:
    """A finding of the last comparable run that this run no longer has."""

    fingerprint: str
    code: str
    level: str
    object: str
    message: str
    since: str  # when it was first seen (in the streak that ended)

    def __post_init__(self) -> None:
        # read back from a store: redacted again, whatever wrote it
        object.__setattr__(self, "object", redact(self.object))
        object.__setattr__(self, "message", redact(self.message))

    def to_dict(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "code": self.code,
            "level": self.level,
            "object": self.object,
            "message": self.message,
            "since": self.since,
        }


@dataclass(frozen=True)
class Trend:
    """This run's place in the store's history of one target (the sources audited)."""

    store: str  # where the history is kept, password redacted
    target: str  # which audits are compared with each other (see auditor.store.target_of)
    run_id: int
    comparable: bool  # this run read everything: new and fixed are judged
    previous: TrendRun | None  # the last comparable run before this one
    new: tuple[str, ...]  # fingerprints not in the previous run (every one when there is none)
    fixed: tuple[FixedFinding, ...]
    since: dict[str, str]  # fingerprint -> when it was first seen, in its current streak
    history: tuple[TrendRun, ...]  # the last runs of this target, oldest first, this one last

    def __post_init__(self) -> None:
        object.__setattr__(self, "store", redact(self.store))

    def to_dict(self) -> dict[str, Any]:
        """The JSON report's ``trend`` section (``report.schema.json``: ``$defs.trend``)."""
        return {
            "store": self.store,
            "target": self.target,
            "run_id": self.run_id,
            "comparable": self.comparable,
            "previous": None if self.previous is None else self.previous.to_dict(),
            "new": list(self.new),
            "fixed": [f.to_dict() for f in self.fixed],
            "since": dict(sorted(self.since.items())),
            "history": [r.to_dict() for r in self.history],
        }

    def line(self) -> str:
        """One line for the terminal: ``trend: 2 new, 1 fixed since 2026-12-04T22:00:00Z (run 7)``."""
        if self.previous is None:
            return (
                f"trend: first run recorded in {self.store} (run {self.run_id}); "
                "new and fixed are told from the next run on"
            )
        if not self.comparable:
            return (
                f"trend: run {self.run_id} recorded; new and fixed not judged, this run did not read "
                f"everything (last comparable run {self.previous.id}, {self.previous.at})"
            )
        oldest = min(self.since.values(), default=None)
        out = (
            f"trend: {len(self.new)} new, {len(self.fixed)} fixed since run {self.previous.id} "
            f"({self.previous.at})"
        )
        if oldest is not None:
            out += f"; the oldest finding is there since {oldest}"
        return out + f" [{self.store}]"


_W, _H, _PAD_L, _PAD_B, _PAD_T = 640, 180, 36, 28, 12
_SERIES = (("error", "error"), ("warning", "warning"), ("info", "info"), ("total", "total"))


def chart_svg(history: tuple[TrendRun, ...]) -> Markup:
    """Counts over the last runs as an inline SVG line chart (no script, no external resource):
    total, error, warning and info per run, the newest on the right. Every text in it is escaped."""
    runs = history[-CHART_RUNS:]
    if not runs:
        return Markup("")
    top = max(max(r.total for r in runs), 1)
    span_x = _W - _PAD_L - 10
    span_y = _H - _PAD_B - _PAD_T

    def x(i: int) -> float:
        return _PAD_L + (span_x * i / (len(runs) - 1) if len(runs) > 1 else span_x / 2)

    def y(v: int) -> float:
        return _PAD_T + span_y * (1 - v / top)

    parts = [
        f'<svg class="trend-chart" viewBox="0 0 {_W} {_H}" role="img" '
        f'aria-label="findings over the last {len(runs)} runs" preserveAspectRatio="xMidYMid meet">',
        f'<line class="axis" x1="{_PAD_L}" y1="{y(0):.1f}" x2="{_W - 10}" y2="{y(0):.1f}"/>',
        f'<line class="axis" x1="{_PAD_L}" y1="{_PAD_T}" x2="{_PAD_L}" y2="{y(0):.1f}"/>',
        f'<text class="tick" x="{_PAD_L - 4}" y="{y(top) + 4:.1f}" text-anchor="end">{top}</text>',
        f'<text class="tick" x="{_PAD_L - 4}" y="{y(0) + 4:.1f}" text-anchor="end">0</text>',
    ]
    for key, cls in _SERIES:
        pts = " ".join(f"{x(i):.1f},{y(getattr(r, key)):.1f}" for i, r in enumerate(runs))
        parts.append(f'<polyline class="series {cls}" points="{pts}"/>')
    for i, r in enumerate(runs):
        parts.append(
            f'<circle class="dot" cx="{x(i):.1f}" cy="{y(r.total):.1f}" r="3">'
            f"<title>run {r.id}, {escape(r.at)}: {r.total} findings ({r.error} error, {r.warning} warning, "
            f"{r.info} info), {escape(r.verdict)}</title></circle>"
        )
    first, last = runs[0], runs[-1]
    parts.append(f'<text class="tick" x="{_PAD_L}" y="{_H - 8}">{escape(first.at[:10])}</text>')
    if len(runs) > 1:
        parts.append(
            f'<text class="tick" x="{_W - 10}" y="{_H - 8}" text-anchor="end">{escape(last.at[:10])}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
