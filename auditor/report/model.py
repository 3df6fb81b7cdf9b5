"""The report object: one frozen value that every report format renders.

A :class:`Report` holds what was compared (:class:`SourceInfo`, each saying whether it saw
everything), what was found (:class:`~auditor.findings.Finding`), what makes the run fail
(``fail_on``) and which stages failed. Everything else (summary counts, verdict) is derived, so the
JSON, HTML, SARIF, JUnit, Markdown and terminal renderings can never disagree.

The verdict is ``clean`` only when no unsuppressed finding matches ``fail_on``, every source is
complete and no stage failed. A failure or a gap can never read as clean.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import Any, Literal

from auditor import __version__
from auditor.connect import redact
from auditor.findings import Category, Finding, Level
from auditor.gate import FailPolicy
from auditor.model import Gap

FORMAT_NAME = "schema-auditor-report"
FORMAT_VERSION = 1
TOOL_NAME = "schema-auditor"

Verdict = Literal["clean", "drift", "findings", "incomplete", "failed"]
VERDICTS: tuple[Verdict, ...] = ("clean", "drift", "findings", "incomplete", "failed")


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
        object.__setattr__(self, "gaps", tuple(self.gaps))
        if self.gaps:
            object.__setattr__(self, "complete", False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "server_version": self.server_version,
            "complete": self.complete,
            "approximate": self.approximate,
            "gaps": [_gap_dict(g) for g in self.gaps],
        }


def _gap_dict(g: Gap) -> dict[str, Any]:
    loc = g.location
    return {
        "kind": g.kind,
        "object": g.object,
        "reason": g.reason,
        "location": None if loc is None else {"file": loc.file, "line": loc.line, "column": loc.column},
    }


FailOn = FailPolicy | Level | str | Sequence[str]


def fail_policy(fail_on: FailOn) -> FailPolicy:
    """Read ``fail_on`` in any of its spellings: a policy, a level, or selectors (codes,
    attributions, categories, rule families; see :mod:`auditor.gate`)."""
    if isinstance(fail_on, FailPolicy):
        return fail_on
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
    fail_on: FailPolicy = field(default_factory=lambda: FailPolicy.parse("error"))
    errors: tuple[str, ...] = ()  # one line per stage that failed

    def __post_init__(self) -> None:
        object.__setattr__(self, "sources", tuple(self.sources))
        object.__setattr__(self, "findings", tuple(self.findings))
        # A stage error may quote a DSN; reports are shared artifacts.
        object.__setattr__(self, "errors", tuple(redact(e) for e in self.errors))

    @classmethod
    def create(
        cls,
        *,
        sources: Iterable[SourceInfo],
        findings: Iterable[Finding],
        fail_on: FailOn = "error",
        errors: Iterable[str] = (),
        generated_at: datetime | None = None,
    ) -> Report:
        """A report stamped with this tool's version and the current UTC time."""
        when = (generated_at or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
        return cls(
            tool_version=__version__,
            generated_at=when.isoformat().replace("+00:00", "Z"),
            sources=tuple(sources),
            findings=tuple(findings),
            fail_on=fail_policy(fail_on),
            errors=tuple(errors),
        )

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
    def verdict(self) -> Verdict:
        """``failed`` (a stage failed) > ``drift`` / ``findings`` (something matches fail_on;
        drift when any of those is drift) > ``incomplete`` (a source has gaps) > ``clean``.

        A report with no source at all is ``failed``: nothing was audited, so nothing is clean.
        """
        if self.errors or not self.sources:
            return "failed"
        if self.gating:
            return "drift" if any(f.category is Category.DRIFT for f in self.gating) else "findings"
        if not self.complete:
            return "incomplete"
        return "clean"

    @property
    def clean(self) -> bool:
        return self.verdict == "clean"

    @cached_property
    def summary(self) -> dict[str, Any]:
        """Counts of unsuppressed findings by level, attribution, kind and category, plus the
        suppressed and gating counts. Every level and category appears (zero included) so
        consumers need no defaults."""
        active = [f for f in self.findings if f.suppressed is None]
        by_level = {lv.value: 0 for lv in sorted(Level, key=lambda lv: -lv.rank)}
        by_level.update(Counter(f.level.value for f in active))
        by_category = {c.value: 0 for c in Category}
        by_category.update(Counter(f.category.value for f in active))
        return {
            "total": len(active),
            "gating": len(self.gating),
            "suppressed": len(self.findings) - len(active),
            "by_level": by_level,
            "by_category": by_category,
            "by_attribution": dict(
                sorted(Counter(f.attribution.value for f in active if f.attribution).items())
            ),
            "by_kind": dict(sorted(Counter(f.kind or "other" for f in active).items())),
        }

    def verdict_reason(self) -> str:
        """Why the verdict is what it is, in one plain sentence."""
        s = self.summary
        if self.verdict == "failed":
            why = "; ".join(self.errors) if self.errors else "no source was audited"
            return f"the audit did not finish ({why})"
        if self.verdict in ("drift", "findings"):
            reason = f"{s['gating']} finding(s) match --fail-on {self.fail_on}"
        elif self.verdict == "incomplete":
            reason = "no finding matches --fail-on, but a source could not be read in full"
        else:
            reason = f"no finding matches --fail-on {self.fail_on}; every source was read in full"
        incomplete = [src.name for src in self.sources if not src.complete]
        if incomplete and self.verdict != "incomplete":
            reason += f" (incomplete: {', '.join(incomplete)})"
        return reason

    def verdict_line(self) -> str:
        """``VERDICT: reason``, e.g. ``DRIFT: 3 finding(s) match --fail-on error``."""
        return f"{self.verdict.upper()}: {self.verdict_reason()}"

    def to_dict(self) -> dict[str, Any]:
        """The versioned JSON report (validated by ``report.schema.json``)."""
        return {**self.to_dict_head(), "findings": [f.to_dict() for f in self.findings]}

    def to_dict_head(self) -> dict[str, Any]:
        """:meth:`to_dict` up to its last key, ``findings``: what a writer streaming the
        findings one by one writes before them."""
        return {
            "format": FORMAT_NAME,
            "format_version": FORMAT_VERSION,
            "tool": {"name": TOOL_NAME, "version": self.tool_version},
            "generated_at": self.generated_at,
            "verdict": self.verdict,
            "fail_on": [str(s) for s in self.fail_on.selectors],
            "complete": self.complete,
            "sources": [s.to_dict() for s in self.sources],
            "errors": list(self.errors),
            "summary": self.summary,
        }
