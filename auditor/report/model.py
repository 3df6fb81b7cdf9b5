"""The report object: one frozen value that every report format renders.

A :class:`Report` holds what was compared (:class:`SourceInfo`, each saying whether it saw
everything), what was found (:class:`~auditor.findings.Finding`), what makes the run fail
(``fail_on``) and which stages failed. Everything else (summary counts, verdict) is derived, so the
JSON, HTML, SARIF, JUnit, Markdown and terminal renderings can never disagree.

The verdict, checked in this order:

* ``error``: a stage failed (or no source was read): the audit did not finish;
* ``fail``: some unsuppressed finding is at the gate (matches ``fail_on``): exit 1;
* ``incomplete``: nothing is at the gate, but a source could not be read in full and the user did not
  accept that gap (``accept_incomplete``): exit 3;
* ``pass``: nothing is at the gate, but the sources do not agree (drift below the gate, cosmetic
  drift included) or a gap was accepted: exit 0, and the verdict line names what passed;
* ``clean``: the sources agree (no unsuppressed drift at all), nothing is at the gate, every source
  was read in full: exit 0. Findings below the gate that are not drift (a rule warning) are named
  in the verdict line.

A failure, a gap or a difference can never read as clean.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cached_property
from typing import Any, Literal

from auditor import __version__
from auditor.exitcodes import ExitCode
from auditor.findings import Category, Finding, Level
from auditor.gate import AcceptIncomplete, FailPolicy
from auditor.model import Gap
from auditor.redact import redact, redact_findings, redact_gap
from auditor.report.causes import cause_ids
from auditor.report.diagram import SchemaGraph
from auditor.report.trend import Trend

FORMAT_NAME = "schema-auditor-report"
FORMAT_VERSION = 2  # 2: verdicts clean/pass/fail/incomplete/error, accepted gaps
TOOL_NAME = "schema-auditor"

Verdict = Literal["clean", "pass", "fail", "incomplete", "error"]
VERDICTS: tuple[Verdict, ...] = ("clean", "pass", "fail", "incomplete", "error")


@dataclass(frozen=True)
class RuleDoc:
    """Documentation of one finding code, for SARIF rule entries (provided by the rules registry)."""

    code: str
    name: str
    summary: str
    description: str | None = None  # the full text (Markdown allowed)
    help_uri: str | None = None


@dataclass(frozen=True)
class SourceInfo:
    """One source the audit read: ``spec``, ``migrations`` or ``live``.

    ``description`` says where it came from (a path, ``mydb on host:5432``); any password in it is
    redacted on construction, so a DSN passed by mistake never reaches a report. ``complete`` is
    ``False`` when the reader says so or when it recorded any gap.
    """

    name: str
    description: str
    server_version: str | None = None
    complete: bool = True
    gaps: tuple[Gap, ...] = ()
    approximate: bool = False

    def __post_init__(self) -> None:
        # Frozen: object.__setattr__ is the sanctioned way to normalise in __post_init__.
        object.__setattr__(self, "description", redact(self.description))
        object.__setattr__(self, "gaps", tuple(redact_gap(g) for g in self.gaps))
        if self.gaps:
            object.__setattr__(self, "complete", False)

    def to_dict(self, accept: AcceptIncomplete | None = None) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "server_version": self.server_version,
            "complete": self.complete,
            "approximate": self.approximate,
            "gaps": [_gap_dict(g, accept is not None and accept.accepts(g)) for g in self.gaps],
        }


def _gap_dict(g: Gap, accepted: bool = False) -> dict[str, Any]:
    loc = g.location
    return {
        "kind": g.kind,
        "object": g.object,
        "reason": g.reason,
        "location": None if loc is None else {"file": loc.file, "line": loc.line, "column": loc.column},
        "accepted": accepted,
    }


FailOn = FailPolicy | Level | str | Sequence[str] | None


def fail_policy(fail_on: FailOn) -> FailPolicy:
    """Read ``fail_on`` in any of its spellings: a policy, a level, or selectors (codes,
    attributions, categories, rule families; see :mod:`auditor.gate`)."""
    if isinstance(fail_on, FailPolicy):
        return fail_on
    if fail_on is None:
        return FailPolicy.default()
    if isinstance(fail_on, Level):
        return FailPolicy.parse(fail_on.value)
    return FailPolicy.parse(fail_on)


@dataclass(frozen=True)
class Report:
    """Everything one audit produced. Build it with :meth:`create` (fills version and time)."""

    tool_version: str
    generated_at: str  # UTC, ISO 8601, seconds precision, ``Z`` suffix
    sources: tuple[SourceInfo, ...]
    findings: tuple[Finding, ...]
    fail_on: FailPolicy = field(default_factory=FailPolicy.default)
    errors: tuple[str, ...] = ()  # one line per stage that failed
    accept_incomplete: AcceptIncomplete = field(default_factory=AcceptIncomplete)
    diagram: SchemaGraph | None = None  # tables, views and foreign keys, for the diagrams
    trend: Trend | None = None  # this run against the runs a store recorded (audit --store)

    def __post_init__(self) -> None:
        object.__setattr__(self, "sources", tuple(self.sources))
        # No secret in a report, by construction: whatever a finding quotes (a statement, a server
        # message, a name made from the environment) is redacted before any renderer sees it.
        object.__setattr__(self, "findings", redact_findings(self.findings))
        # A stage error may quote a DSN; reports are shared artifacts.
        object.__setattr__(self, "errors", tuple(redact(e) for e in self.errors))

    @classmethod
    def create(
        cls,
        *,
        sources: Iterable[SourceInfo],
        findings: Iterable[Finding],
        fail_on: FailOn = None,
        errors: Iterable[str] = (),
        generated_at: datetime | None = None,
        accept_incomplete: AcceptIncomplete | None = None,
        diagram: SchemaGraph | None = None,
    ) -> Report:
        """A report stamped with this tool's version and the current UTC time."""
        return cls(
            tool_version=__version__,
            generated_at=_utc_text(generated_at),
            sources=tuple(sources),
            findings=tuple(findings),
            fail_on=fail_policy(fail_on),
            errors=tuple(errors),
            accept_incomplete=accept_incomplete or AcceptIncomplete(),
            diagram=diagram,
        )

    def settled(self) -> Report:
        """This report with every value derived from its findings computed (the gate, the causes,
        the summary, each finding's fingerprint), so a copy of it (pickled: the result cache)
        carries them instead of computing them again."""
        for f in self.findings:
            _ = f.fingerprint
        _ = (self.verdict, self.summary, self.open_gaps, self.accepted_gaps)
        return self

    def reused(self, now: datetime | None = None) -> Report:
        """This report as the report of a later run whose every input was the same (the result
        cache, :mod:`auditor.resultcache`): stamped ``now``, each source saying whose result it is;
        the findings and every value derived from them are this report's."""
        note = f"unchanged since the run of {self.generated_at}: its result reused"
        out = copy.copy(self)  # keeps the derived values computed so far (cached in __dict__)
        object.__setattr__(out, "generated_at", _utc_text(now))
        object.__setattr__(
            out, "sources", tuple(replace(s, description=f"{s.description} ({note})") for s in self.sources)
        )
        return out

    # --- derived --------------------------------------------------------------------------
    @cached_property
    def gating(self) -> tuple[Finding, ...]:
        """Unsuppressed findings that match ``fail_on``: the ones that make the run fail."""
        return tuple(self.fail_on.failing(self.findings))

    def is_gating(self, f: Finding) -> bool:
        """Whether this one finding makes the run fail."""
        # Every renderer asks this of every finding: answer the report's own findings from
        # ``gating`` (ids are stable while the report holds them), anything else by the policy.
        known = self._gating_by_id.get(id(f))
        return bool(self.fail_on.failing((f,))) if known is None else known

    @cached_property
    def _gating_by_id(self) -> dict[int, bool]:
        gating = {id(f) for f in self.gating}
        return {id(f): id(f) in gating for f in self.findings}

    def __getstate__(self) -> dict[str, Any]:
        # Ids name objects of this process only: a pickled or deep-copied report recomputes them.
        state = dict(self.__dict__)
        state.pop("_gating_by_id", None)
        return state

    @property
    def complete(self) -> bool:
        return all(s.complete for s in self.sources)

    @cached_property
    def open_gaps(self) -> tuple[tuple[str, Gap], ...]:
        """(source, gap) for every gap the user did not accept."""
        return tuple(
            (s.name, g) for s in self.sources for g in s.gaps if not self.accept_incomplete.accepts(g)
        )

    @cached_property
    def accepted_gaps(self) -> tuple[tuple[str, Gap], ...]:
        return tuple((s.name, g) for s in self.sources for g in s.gaps if self.accept_incomplete.accepts(g))

    @cached_property
    def causes(self) -> tuple[str, ...]:
        """The cause id of each finding (parallel to ``findings``; see :mod:`auditor.report.causes`)."""
        return cause_ids(self.findings)

    @cached_property
    def below(self) -> tuple[Finding, ...]:
        """Unsuppressed findings the gate let pass."""
        return tuple(f for f in self.findings if f.suppressed is None and not self.is_gating(f))

    @cached_property
    def verdict(self) -> Verdict:
        """``error`` > ``fail`` > ``incomplete`` > ``pass`` > ``clean`` (see the module doc)."""
        if self.errors or not self.sources:
            return "error"
        if self.gating:
            return "fail"
        # a source that says it is incomplete without naming a gap cannot be accepted either
        if self.open_gaps or any(not s.complete and not s.gaps for s in self.sources):
            return "incomplete"
        if self.accepted_gaps or any(f.category is Category.DRIFT for f in self.below):
            return "pass"
        return "clean"

    @property
    def clean(self) -> bool:
        return self.verdict == "clean"

    @property
    def exit_code(self) -> ExitCode:
        """What the run exits with: 1 on fail, 3 on incomplete (and on error, when the caller has no
        error of its own to raise), 0 on pass and clean."""
        return {
            "fail": ExitCode.FINDINGS,
            "incomplete": ExitCode.INCOMPLETE,
            "error": ExitCode.DATABASE,
        }.get(self.verdict, ExitCode.OK)

    @cached_property
    def summary(self) -> dict[str, Any]:
        """Counts of unsuppressed findings by level, attribution, kind and category, plus the
        suppressed, gating and below-the-gate counts. Every level and category appears (zero
        included) so consumers need no defaults."""
        active = [f for f in self.findings if f.suppressed is None]
        by_level = {lv.value: 0 for lv in sorted(Level, key=lambda lv: -lv.rank)}
        by_level.update(Counter(f.level.value for f in active))
        by_category = {c.value: 0 for c in Category}
        by_category.update(Counter(f.category.value for f in active))
        return {
            "total": len(active),
            "gating": len(self.gating),
            "below_gate": len(self.below),
            "suppressed": len(self.findings) - len(active),
            "causes": len(
                {c for f, c in zip(self.findings, self.causes, strict=True) if f.suppressed is None}
            ),
            "gaps": len(self.open_gaps),
            "accepted_gaps": len(self.accepted_gaps),
            "by_level": by_level,
            "by_category": by_category,
            "by_attribution": dict(
                sorted(Counter(f.attribution.value for f in active if f.attribution).items())
            ),
            "by_kind": dict(sorted(Counter(f.kind or "other" for f in active).items())),
        }

    def verdict_reason(self) -> str:
        """Why the verdict is what it is, in one plain sentence that names what is at the gate, what
        passed below it and what could not be read."""
        if self.verdict == "error":
            why = "; ".join(self.errors) if self.errors else "no source was audited"
            return f"the audit did not finish ({why})"
        gate = f"--fail-on {self.fail_on.describe()}"
        if self.verdict == "fail":
            out = f"{len(self.gating)} at the gate ({_counted(self.gating)}; {gate})"
        else:
            out = f"0 at the gate ({gate})"
        if self.below:
            out += f", {_by_level(self.below)} below it ({_counted(self.below)})"
        if self.open_gaps:
            out += f"; {_gaps_text(self.open_gaps)}: the audit of it is incomplete"
            if self.verdict == "incomplete":
                out += " (grant the access or fix the source, or accept the gap with --accept-incomplete)"
        elif any(not s.complete and not s.gaps for s in self.sources):
            names = ", ".join(s.name for s in self.sources if not s.complete and not s.gaps)
            out += f"; {names} could not be read in full"
        if self.accepted_gaps:
            out += (
                f"; {_gaps_text(self.accepted_gaps)}, accepted (--accept-incomplete {self.accept_incomplete})"
            )
        if self.verdict == "clean":
            out = f"the sources agree, {out}; every source was read in full"
        return out

    def verdict_line(self) -> str:
        """``VERDICT: reason``, e.g. ``FAIL: 3 at the gate (3 drift; --fail-on drift,error ...)``."""
        return f"{self.verdict.upper()}: {self.verdict_reason()}"

    def to_dict(self) -> dict[str, Any]:
        """The versioned JSON report (validated by ``report.schema.json``)."""
        findings = [{**f.to_dict(), "cause": c} for f, c in zip(self.findings, self.causes, strict=True)]
        return {**self.to_dict_head(), "findings": findings}

    def to_dict_head(self) -> dict[str, Any]:
        """:meth:`to_dict` up to its last key, ``findings``: what a writer streaming the
        findings one by one writes before them."""
        return {
            "format": FORMAT_NAME,
            "format_version": FORMAT_VERSION,
            "tool": {"name": TOOL_NAME, "version": self.tool_version},
            "generated_at": self.generated_at,
            "verdict": self.verdict,
            "verdict_line": self.verdict_line(),
            "fail_on": [str(s) for s in self.fail_on.selectors],
            "fail_on_default": not self.fail_on.explicit,
            "accept_incomplete": list(self.accept_incomplete.patterns),
            "complete": self.complete,
            "sources": [s.to_dict(self.accept_incomplete) for s in self.sources],
            "errors": list(self.errors),
            "summary": self.summary,
            **({"trend": self.trend.to_dict()} if self.trend is not None else {}),
        }


def _utc_text(when: datetime | None) -> str:
    """``when`` (default: now) in UTC, ISO 8601 to the second, with the ``Z`` suffix."""
    at = (when or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    return at.isoformat().replace("+00:00", "Z")


def _counted(findings: Sequence[Finding]) -> str:
    """``3 drift, 1 rule``: how many of each category."""
    cats = Counter(f.category.value for f in findings)
    return ", ".join(f"{n} {c.value}" for c in Category if (n := cats.get(c.value, 0)))


def _by_level(findings: Sequence[Finding]) -> str:
    """``4 warnings, 1 info``: how many at each level, most severe first."""
    lvs = Counter(f.level for f in findings)
    return ", ".join(
        f"{n} {lv.value}{'s' if n > 1 and lv is not Level.INFO else ''}"
        for lv in sorted(Level, key=lambda lv: -lv.rank)
        if (n := lvs.get(lv, 0))
    )


def _gaps_text(gaps: Sequence[tuple[str, Gap]]) -> str:
    """``live could not read all functions, function body function:x.f()`` (three named at most)."""
    by_source: dict[str, list[str]] = {}
    for source, g in gaps:
        by_source.setdefault(source, []).append(
            g.object if g.object.startswith("all ") else f"{g.kind} {g.object}"
        )
    parts = []
    for source, items in by_source.items():
        shown = ", ".join(items[:3]) + (f" and {len(items) - 3} more" if len(items) > 3 else "")
        parts.append(f"{source} could not read {shown}")
    return "; ".join(parts)
