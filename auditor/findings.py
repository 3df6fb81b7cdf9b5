"""One finding shape for everything: drift, compliance rules, migration lint, history checks.

JSON reports are ``Finding.to_dict()``; HTML, SARIF, JUnit and Markdown render the same dict.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from fnmatch import fnmatchcase
from functools import cached_property
from typing import Any

from auditor.model import Location, fast_init


class Level(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @classmethod
    def parse(cls, text: str) -> Level:
        try:
            return cls(text.strip().lower())
        except ValueError:
            raise ValueError(f"unknown level {text!r}: use error, warning or info") from None


_RANK = {Level.INFO: 0, Level.WARNING: 1, Level.ERROR: 2}


class Attribution(StrEnum):
    """Which side moved, in a three-way comparison of spec, migrations and live."""

    OUTSIDE_MIGRATIONS = "changed outside migrations"  # live differs from spec and migrations
    MIGRATION_NOT_APPLIED = "migration not applied"  # live differs from migrations = spec
    SPEC_OUT_OF_DATE = "spec out of date"  # spec differs from migrations
    # live differs from the migrations in a way a migration would explain, and no history table
    # says whether that migration was applied: never told as a certainty
    HISTORY_UNKNOWN = "applied history unknown"
    # two-source comparisons, where no third side can tell which one moved
    DIFFERS = "differs"


class Category(StrEnum):
    DRIFT = "drift"
    RULE = "rule"
    LINT = "lint"
    HISTORY = "history"
    SOURCE = "source"  # something about a source itself: gaps, unparsed statements


@dataclass(frozen=True)
class Finding:
    """One thing a person or a gate should know about.

    ``object`` is a path such as ``table:public.jobs``, ``column:public.jobs.status``,
    ``policy:public.jobs.jobs_owner_select``. ``changes`` names the attributes that differ
    (``("default",)``). ``fingerprint_parts`` are the stable facts identifying the finding; never
    server-version-specific text.
    """

    code: str
    level: Level
    object: str
    message: str
    category: Category = Category.DRIFT
    kind: str = ""  # missing | unexpected | changed (drift); rule family for rules
    expected: str | None = None
    actual: str | None = None
    attribution: Attribution | None = None
    changes: tuple[str, ...] = ()
    help: str | None = None
    fix_sql: str | None = None
    location: Location | None = None  # spec file:line, or migration file:line (provenance)
    provenance: tuple[Location, ...] = ()  # where the object was created / last changed
    rule_name: str | None = None
    suppressed: str | None = None  # reason, when an ignore/allow entry hides it
    extra: tuple[tuple[str, str], ...] = field(default=())
    fingerprint_parts: tuple[str, ...] = ()

    @cached_property
    def fingerprint(self) -> str:
        """Stable across runs and servers; computed once per finding (every report format, the
        baseline and the gate ask for it), kept outside the compared fields."""
        parts = self.fingerprint_parts or (self.code, self.object, *self.changes)
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]

    def with_extra(self, *pairs: tuple[str, str]) -> Finding:
        """This finding with ``pairs`` added to its ``extra`` (``dataclasses.replace`` without its
        per-field walk: the rules stage tags every one of tens of thousands of findings)."""
        new = object.__new__(type(self))
        new.__dict__.update(self.__dict__)  # its fields, and its fingerprint if computed (extra is no part)
        new.__dict__["extra"] = (*self.extra, *pairs)
        return new

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "level": self.level.value,
            "category": self.category.value,
            "kind": self.kind,
            "object": self.object,
            "message": self.message,
            "expected": self.expected,
            "actual": self.actual,
            "attribution": self.attribution.value if self.attribution else None,
            "changes": list(self.changes),
            "help": self.help,
            "fix_sql": self.fix_sql,
            "location": _loc(self.location),
            "provenance": [_loc(p) for p in self.provenance],
            "rule_name": self.rule_name,
            "suppressed": self.suppressed,
            "extra": dict(self.extra),
            "fingerprint": self.fingerprint,
        }


def _loc(loc: Location | None) -> dict[str, Any] | None:
    if loc is None:
        return None
    return {"file": loc.file, "line": loc.line, "column": loc.column}


fast_init(Finding)  # a large schema's rules make tens of thousands of findings


@dataclass(frozen=True)
class Suppression:
    """An accepted finding, hidden with a reason, until a date: the one type for the spec's and the
    config file's ``ignore:`` entries and the rules' ``allow:`` list. ``object`` is a glob over object
    paths; ``code`` a glob over codes (or a rule's name), ``*`` or None for any code. An entry hides
    nothing after its ``expires`` day, and the finding or an info finding says so. (An inline
    ``-- schema-auditor: ignore CODE`` comment in a migration is a place in a file, not an entry:
    ``auditor.migrations.parse.Suppression``.)"""

    object: str
    code: str | None
    reason: str
    expires: date | None = None
    location: Location | None = None

    def matches(self, finding: Finding) -> bool:
        if not fnmatchcase(finding.object, self.object):
            return False
        code = self.code
        return (
            code is None
            or code == "*"
            or fnmatchcase(finding.code.upper(), code.upper())
            or code == finding.rule_name
        )

    def expired(self, today: date) -> bool:
        """Past its last day (an entry still hides on its ``expires`` day)."""
        return self.expires is not None and today > self.expires
