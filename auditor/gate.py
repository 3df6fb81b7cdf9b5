"""``--fail-on``: which findings make the process exit 1.

A policy is a comma-separated list of selectors; the run fails when any unsuppressed finding matches
any selector. A selector is one of:

* a level: ``error``, ``warning``, ``info``: that level or above;
* an attribution: ``changed-outside-migrations``, ``migration-not-applied``,
  ``applied-history-unknown``, ``spec-out-of-date``, ``differs``;
* a category: ``drift``, ``rule``, ``lint``, ``history``, ``source``;
* a rule family: ``security``, ``integrity``, ``performance``, ``conventions``, ``migrations``;
* a finding code or a glob of codes: ``SEC001``, ``HIS*``, ``DRIFT-INDEX-*``.

Any selector but a level may end in ``:LEVEL`` to match only findings at that level or above, e.g.
``--fail-on migration-not-applied,security:error`` for a pre-deploy gate.

**The default gate** (no ``--fail-on`` on the command line nor ``fail_on`` in the config) is
``drift,error``: every difference between the sources that is not cosmetic, whatever its level (levels
rank findings, they do not hide drift), and every finding at level ``error`` (rules, lint, history).
Named selectors replace the default: ``--fail-on migration-not-applied`` blocks on that and nothing else.

**Cosmetic** drift is the one kind of difference the default gate lets pass: the comparison engine
found both sides equal in result and different only in form or cost, such as a policy written
``(select auth.uid()) = owner_id`` on one side and ``auth.uid() = owner_id`` on the other. Such a
finding has a ``DRIFT-<OBJECT>-COSMETIC`` code and level ``info``. Attribution and ``drift`` selectors
never match it; a level (``info``) or its code does.

**Strict.** Every selector is checked against what exists: the levels, attributions, categories and
families above, and the active codes of the one table of codes (``auditor.codes``, docs/codes.md).
A glob must match at least one known code. Anything else is a usage error (exit 2) with a
did-you-mean, so a typo can never open the gate.
"""

from __future__ import annotations

import difflib
import fnmatch
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from auditor.defaults import DEFAULT_FAIL_ON as DEFAULT_FAIL_ON  # shown by --help without this module
from auditor.errors import UsageError
from auditor.findings import Attribution, Category, Finding, Level
from auditor.model import Gap, Location

FAMILIES = ("security", "integrity", "performance", "conventions", "migrations")


def _slug(text: str) -> str:
    return text.strip().lower().replace(" ", "-").replace("_", "-")


_ATTRIBUTIONS = {_slug(a.value): a for a in Attribution}
_CATEGORIES = {c.value: c for c in Category}
_LEVELS = {lv.value: lv for lv in Level}
_CODE_SHAPE = re.compile(r"^[A-Za-z0-9*?\[\]!_-]+$")


def is_cosmetic(f: Finding) -> bool:
    """Drift the engine found equal in meaning, different in form or cost (see the module doc)."""
    return f.category is Category.DRIFT and f.code.upper().endswith("-COSMETIC")


def known_codes() -> frozenset[str]:
    """Every finding code that may be emitted: the active codes of the one table (auditor.codes)."""
    from auditor.codes import active

    return active()


def _vocabulary() -> list[str]:
    """Every selector word, for did-you-mean."""
    return [*_LEVELS, *_ATTRIBUTIONS, *_CATEGORIES, *FAMILIES, *sorted(known_codes())]


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The closest choice to ``word`` (case-insensitive), or None."""
    by_lower = {c.lower(): c for c in choices}
    close = difflib.get_close_matches(word.lower(), list(by_lower), n=1, cutoff=0.6)
    if not close:  # a glob: compare what is written before its first wildcard
        stem = re.split(r"[*?\[]", word, maxsplit=1)[0].lower()
        if stem and stem != word.lower():
            close = difflib.get_close_matches(stem, list(by_lower), n=1, cutoff=0.6)
    return by_lower[close[0]] if close else None


def check_code(code: str, what: str, location: Location | None = None) -> str:
    """``code`` (a finding code or a glob of codes) when it names at least one known code; a usage
    error with a did-you-mean otherwise. Used for --fail-on and for ignore entries' ``code``."""
    text = code.strip()
    known = known_codes()
    if text.upper() in known or any(fnmatch.fnmatchcase(k, text.upper()) for k in known):
        return text
    close = suggest(text, known)
    glob = any(ch in text for ch in "*?[")
    raise UsageError(
        f"{what}: {'no known code matches' if glob else 'unknown code'} {text!r}",
        hint=f"did you mean {close}?"
        if close
        else "`schema-auditor rules` lists the rule codes, docs/drift.md the drift codes",
        location=location,
    )


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
            return (
                f.attribution is not None and _slug(f.attribution.value) == self.value and not is_cosmetic(f)
            )
        if self.kind == "category":
            return f.category.value == self.value and not is_cosmetic(f)
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
    explicit: bool = field(default=True, compare=False)  # False: the default gate, named by nobody

    @classmethod
    def parse(
        cls, spec: str | Iterable[str], *, where: str = "--fail-on", location: Location | None = None
    ) -> FailPolicy:
        """Read selectors; ``where`` and ``location`` name the flag or the config file in errors."""
        tokens = [spec] if isinstance(spec, str) else [str(t) for t in spec]
        parts = [t.strip() for tok in tokens for t in tok.split(",") if t.strip()]
        if not parts:
            raise UsageError(
                f"{where} needs at least one selector", hint=f"e.g. {DEFAULT_FAIL_ON}", location=location
            )
        return cls(tuple(_selector(p, where, location) for p in parts))

    @classmethod
    def default(cls) -> FailPolicy:
        """The gate when nobody names one: every non-cosmetic drift, and every error."""
        return cls(cls.parse(DEFAULT_FAIL_ON).selectors, explicit=False)

    def failing(self, findings: Iterable[Finding]) -> list[Finding]:
        """The unsuppressed findings that make the run fail."""
        return [f for f in findings if f.suppressed is None and any(s.matches(f) for s in self.selectors)]

    def __str__(self) -> str:
        return ",".join(str(s) for s in self.selectors)

    def describe(self) -> str:
        """``drift,error, the default`` or the selectors as named."""
        return str(self) + ("" if self.explicit else ", the default")


def _selector(text: str, where: str, location: Location | None) -> Selector:
    name, _, lvl = text.partition(":")
    key = _slug(name)
    if key in _LEVELS:
        if lvl:
            raise UsageError(
                f"{where}: a level takes no ':{lvl}' in {text!r}",
                hint="write just the level",
                location=location,
            )
        return Selector("level", key, _LEVELS[key])
    min_level = Level.INFO
    if lvl:
        if _slug(lvl) not in _LEVELS:
            close = suggest(lvl, _LEVELS)
            raise UsageError(
                f"{where}: unknown level {lvl!r} in {text!r}",
                hint=f"did you mean {name}:{close}?" if close else "use error, warning or info",
                location=location,
            )
        min_level = _LEVELS[_slug(lvl)]
    if key in _ATTRIBUTIONS:
        return Selector("attribution", key, min_level)
    if key in _CATEGORIES:
        return Selector("category", key, min_level)
    if key in FAMILIES:
        return Selector("family", key, min_level)
    raw = name.strip()
    if raw and _CODE_SHAPE.match(raw):
        known = known_codes()
        if raw.upper() in known or any(fnmatch.fnmatchcase(k, raw.upper()) for k in known):
            return Selector("code", raw, min_level)
    close = suggest(raw, _vocabulary())
    glob = any(ch in raw for ch in "*?[")
    raise UsageError(
        f"{where}: {'no known code matches' if glob else 'unknown selector'} {raw!r}",
        hint=f"did you mean {close}?"
        if close
        else "a selector is a level, an attribution, a category, a rule family, or a finding code or glob "
        "(`schema-auditor rules` lists the rule codes)",
        location=location,
    )


@dataclass(frozen=True)
class AcceptIncomplete:
    """Which gaps the user accepts (``--accept-incomplete``, config ``accept_incomplete``).

    A run that could not read everything exits 3 (INCOMPLETE) unless every gap is accepted; an
    accepted gap still shows in every report and the verdict is then PASS at best, never CLEAN.
    A pattern is ``*`` (every gap), a gap kind (``functions``, ``function body``, ``migration file``)
    or a glob on the gap's object (``function:private.*``, ``migrations/V*``)."""

    patterns: tuple[str, ...] = ()

    @classmethod
    def parse(
        cls, value: object, *, where: str = "--accept-incomplete", location: Location | None = None
    ) -> AcceptIncomplete:
        if value is None or value is False:
            return cls()
        if value is True:
            return cls(("*",))
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, (list, tuple)) or not all(isinstance(i, str) for i in items):
            raise UsageError(f"{where} takes true, or a list of gap kinds or object globs", location=location)
        return cls(tuple(p.strip() for i in items for p in i.split(",") if p.strip()))

    def accepts(self, gap: Gap) -> bool:
        return any(p == "*" or p == gap.kind or fnmatch.fnmatchcase(gap.object, p) for p in self.patterns)

    def __str__(self) -> str:
        return ",".join(self.patterns)
