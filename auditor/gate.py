"""``--fail-on``: which findings make the process exit 1.

A policy is a comma-separated list of selectors; the run fails when any unsuppressed finding matches
any selector. A selector is one of:

* a level: ``error`` (the default), ``warning``, ``info`` — that level or above;
* an attribution: ``changed-outside-migrations``, ``migration-not-applied``, ``spec-out-of-date``;
* a category: ``drift``, ``rule``, ``lint``, ``history``, ``source``;
* a rule family: ``security``, ``integrity``, ``performance``, ``conventions``, ``migrations``;
* a finding code or a glob of codes: ``SEC001``, ``HIS*``.

Any selector but a level may end in ``:LEVEL`` to match only findings at that level or above, e.g.
``--fail-on migration-not-applied,security:error`` for a pre-deploy gate.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass

from auditor.errors import UsageError
from auditor.findings import Attribution, Category, Finding, Level

FAMILIES = ("security", "integrity", "performance", "conventions", "migrations")


def _slug(text: str) -> str:
    return text.strip().lower().replace(" ", "-").replace("_", "-")


_ATTRIBUTIONS = {_slug(a.value): a for a in Attribution}
_CATEGORIES = {c.value: c for c in Category}
_LEVELS = {lv.value: lv for lv in Level}


@dataclass(frozen=True)
class Selector:
    kind: str  # level | attribution | category | family | code
    value: str
    min_level: Level = Level.INFO

    def matches(self, f: Finding) -> bool:
        if f.level.rank < self.min_level.rank:
            return False
        if self.kind == "level":
            return True  # min_level carries the level
        if self.kind == "attribution":
            return f.attribution is not None and _slug(f.attribution.value) == self.value
        if self.kind == "category":
            return f.category.value == self.value
        if self.kind == "family":
            return f.category in (Category.RULE, Category.LINT) and f.kind == self.value
        return fnmatch.fnmatchcase(f.code.upper(), self.value.upper())

    def __str__(self) -> str:
        if self.kind == "level":
            return self.min_level.value
        return self.value + (f":{self.min_level.value}" if self.min_level is not Level.INFO else "")


@dataclass(frozen=True)
class FailPolicy:
    selectors: tuple[Selector, ...]

    @classmethod
    def parse(cls, spec: str | Iterable[str]) -> FailPolicy:
        tokens = [spec] if isinstance(spec, str) else list(spec)
        parts = [t.strip() for tok in tokens for t in tok.split(",") if t.strip()]
        if not parts:
            raise UsageError("--fail-on needs at least one selector", hint="e.g. --fail-on error")
        return cls(tuple(_selector(p) for p in parts))

    def failing(self, findings: Iterable[Finding]) -> list[Finding]:
        """The unsuppressed findings that make the run fail."""
        return [f for f in findings if f.suppressed is None and any(s.matches(f) for s in self.selectors)]

    def __str__(self) -> str:
        return ",".join(str(s) for s in self.selectors)


def _selector(text: str) -> Selector:
    name, _, lvl = text.partition(":")
    key = _slug(name)
    if key in _LEVELS:
        if lvl:
            raise UsageError(f"--fail-on: a level takes no ':{lvl}'", hint="write just the level")
        return Selector("level", key, _LEVELS[key])
    min_level = Level.INFO
    if lvl:
        if _slug(lvl) not in _LEVELS:
            raise UsageError(
                f"--fail-on: unknown level {lvl!r} in {text!r}", hint="use error, warning or info"
            )
        min_level = _LEVELS[_slug(lvl)]
    if key in _ATTRIBUTIONS:
        return Selector("attribution", key, min_level)
    if key in _CATEGORIES:
        return Selector("category", key, min_level)
    if key in FAMILIES:
        return Selector("family", key, min_level)
    if name.strip() and all(c.isalnum() or c in "*?-_[]" for c in name.strip()):
        return Selector("code", name.strip(), min_level)
    raise UsageError(
        f"--fail-on: cannot read {text!r}",
        hint="use a level, an attribution, a category, a rule family or a finding code",
    )
