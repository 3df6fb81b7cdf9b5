"""The rule base class, the registry and the runner.

A rule is one class in one module (sqlfluff ``rules/postgres/PG01.py``, ruff ``codes.rs``): a stable
``code`` that is never reused (a row of :mod:`auditor.codes`; retired codes stay there), a
kebab-case ``name``, a ``family``, a default ``level``, a ``target`` (what the rule looks at) and
``options`` with their defaults. The class docstring *is* the documentation: a one-line summary,
then the sections ``What it checks``, ``Why it matters``, ``Example`` and ``How to fix``;
``schema-auditor rules CODE`` prints it and ``docs/rules.md`` is generated from it.

Two targets exist:

* ``catalog`` (compliance rules): ``check(catalog)`` gets a :class:`~auditor.model.Catalog` from any
  source (live, spec, shadow of migrations) and must never report on an attribute the source does
  not declare (``obj.is_declared(attr)``).
* ``migration`` (lint rules, under ``auditor/rules/lint/``): ``check(subject)`` gets whatever the
  migration linter passes (parsed statements); the runner does not look inside it.

Rules are discovered by walking the subpackages of ``auditor.rules`` (one rule per module); the
registry refuses a duplicate or retired code, a duplicate name, and a second rule in one module.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import textwrap
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from operator import attrgetter
from typing import Any, ClassVar, Generic, Literal, TypeVar

from auditor.codes import CODES, Status
from auditor.findings import Category, Finding, Level, Suppression
from auditor.memory import gc_paused
from auditor.model import Location

Family = Literal["security", "integrity", "performance", "conventions", "migrations"]
FAMILIES: tuple[str, ...] = ("security", "integrity", "performance", "conventions", "migrations")
Target = Literal["catalog", "migration"]
TARGETS: tuple[str, ...] = ("catalog", "migration")

#: Codes that were once used and must never be given to another rule (a gate's allow-list or a
#: baseline naming the old code would silently start hiding something else): the retired rows of
#: the one table of codes, auditor.codes, where every rule's code is a row (tests/test_codes.py).
RETIRED: frozenset[str] = frozenset(c.code for c in CODES if c.status is Status.RETIRED)

#: Settings several rules share; ``rules: options:`` in the config sets them for every rule.
#: Supabase exposes ``public`` through its API to the ``anon`` and ``authenticated`` roles.
SHARED_OPTIONS: Mapping[str, Any] = {
    "exposed_schemas": ["public"],
    "owner_column": "owner_id",
    "api_roles": ["anon", "authenticated"],
    "service_role": "service_role",
    "owner_function": "auth.uid()",
    # Schemas the platform manages, not the project: rules that look at every schema skip them.
    "managed_schemas": [
        "auth",
        "storage",
        "realtime",
        "_realtime",
        "extensions",
        "graphql",
        "graphql_public",
        "vault",
        "pgsodium",
        "pgsodium_masks",
        "net",
        "cron",
        "pgbouncer",
        "supabase_functions",
        "supabase_migrations",
        "information_schema",
        "pg_catalog",
    ],
}

DOC_SECTIONS: tuple[str, ...] = ("What it checks", "Why it matters", "Example", "How to fix")

_CODE = re.compile(r"^[A-Z]{2,5}[0-9]{3}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")

S = TypeVar("S")


class Rule(Generic[S]):
    """Base of every rule. Subclasses set the class attributes and implement :meth:`check`."""

    code: ClassVar[str]
    name: ClassVar[str]
    family: ClassVar[Family]
    level: ClassVar[Level] = Level.WARNING
    target: ClassVar[Target] = "catalog"
    #: Rule-specific options and their defaults (shared ones live in :data:`SHARED_OPTIONS`).
    options: ClassVar[Mapping[str, Any]] = {}
    #: Opt-in rules are off unless the config enables them.
    enabled_by_default: ClassVar[bool] = True
    #: Default help attached to every finding that does not bring its own.
    help: ClassVar[str | None] = None

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        merged: dict[str, Any] = {**SHARED_OPTIONS, **type(self).options}
        merged.update(options or {})
        self.opts: Mapping[str, Any] = merged

    # --- what a subclass implements ---------------------------------------------------------
    def check(self, subject: S) -> Iterable[Finding]:
        """Yield findings for ``subject`` (a Catalog for catalog rules)."""
        raise NotImplementedError

    # --- helpers for subclasses ---------------------------------------------------------------
    def finding(
        self,
        obj: str,
        message: str,
        *,
        help: str | None = None,
        fix_sql: str | None = None,
        expected: str | None = None,
        actual: str | None = None,
        location: Location | None = None,
        provenance: tuple[Location, ...] = (),
        extra: Mapping[str, str] | None = None,
        fingerprint_extra: Sequence[str] = (),
    ) -> Finding:
        """A finding of this rule on object path ``obj``; the runner fills in the rest."""
        d = self._finding_fields().copy()
        d["object"] = obj
        d["message"] = message
        d["expected"] = expected
        d["actual"] = actual
        if help:
            d["help"] = help
        d["fix_sql"] = fix_sql
        d["location"] = location
        d["provenance"] = provenance
        if extra:
            d["extra"] = tuple(sorted(extra.items()))
        d["fingerprint_parts"] = (self.code, obj, *fingerprint_extra)
        return Finding(**d)

    def _finding_fields(self) -> dict[str, Any]:
        """Every field of this rule's findings that does not depend on the finding, built once."""
        fields: dict[str, Any] | None = self.__dict__.get("_fields")
        if fields is None:
            fields = {
                "code": self.code,
                "level": self.level,
                "category": Category.RULE if self.target == "catalog" else Category.LINT,
                "kind": self.family,
                "help": self.help,
                "rule_name": self.name,
            }
            self.__dict__["_fields"] = fields
        return fields

    def own(self, schema: str) -> bool:
        """Whether ``schema`` belongs to the project (not one of ``managed_schemas``)."""
        return schema not in self.managed_schemas()

    def managed_schemas(self) -> frozenset[str]:
        """``managed_schemas`` as a set, built once (rules ask for every table)."""
        value = self.opts["managed_schemas"]
        cached = self.__dict__.get("_managed")
        if cached is None or cached[0] is not value:
            cached = (value, frozenset(self.opt_list("managed_schemas")))
            self.__dict__["_managed"] = cached
        managed: frozenset[str] = cached[1]
        return managed

    def not_understood(self, obj: str, what: str, *, location: Location | None = None) -> Finding:
        """An informational finding: ``what`` could not be read, so this rule did not judge it
        (never a silent skip, and never a guess)."""
        f = self.finding(
            obj,
            f"could not read {what}: {self.code} did not judge it; check it by hand",
            help="Check it by hand; rewrite it in SQL the checker reads, or allow-list it with a reason.",
            location=location,
            fingerprint_extra=("not-understood", what),
        )
        return replace(f, level=Level.INFO)

    def opt_str(self, key: str) -> str:
        return str(self.opts[key])

    def opt_list(self, key: str) -> list[str]:
        value = self.opts[key]
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value]

    # --- documentation ---------------------------------------------------------------------
    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        return cls.doc().split("\n\n", 1)[0].replace("\n", " ").strip()

    @classmethod
    def doc_sections(cls) -> dict[str, str]:
        """The docstring's sections by heading (``What it checks:`` ... ``How to fix:``)."""
        out: dict[str, str] = {}
        current: str | None = None
        lines: list[str] = []
        for line in cls.doc().splitlines():
            heading = line.rstrip().rstrip(":")
            if line.rstrip().endswith(":") and heading in DOC_SECTIONS:
                if current:
                    out[current] = textwrap.dedent("\n".join(lines)).strip()
                current, lines = heading, []
            elif current:
                lines.append(line)
        if current:
            out[current] = textwrap.dedent("\n".join(lines)).strip()
        return out


AnyRule = type[Rule[Any]]


class DuplicateRuleError(Exception):
    """A rule's code or name is taken, retired, malformed, or its module already holds a rule."""


class Registry:
    """Rules by code. Refuses duplicates at registration."""

    def __init__(self) -> None:
        self._by_code: dict[str, AnyRule] = {}
        self._by_name: dict[str, AnyRule] = {}
        self._by_module: dict[str, AnyRule] = {}
        self._discovered = False
        self._lint_discovered = False

    def register(self, cls: AnyRule) -> AnyRule:
        """Add ``cls``; usable as a class decorator."""
        code, name = getattr(cls, "code", None), getattr(cls, "name", None)
        where = f"{cls.__module__}.{cls.__qualname__}"
        if not isinstance(code, str) or not _CODE.match(code):
            raise DuplicateRuleError(f"{where}: code {code!r} is not like SEC001")
        if not isinstance(name, str) or not _NAME.match(name):
            raise DuplicateRuleError(f"{where}: name {name!r} is not kebab-case")
        if code in RETIRED:
            raise DuplicateRuleError(f"{where}: code {code} is retired and never reused")
        if getattr(cls, "family", None) not in FAMILIES:
            raise DuplicateRuleError(f"{where}: family must be one of {', '.join(FAMILIES)}")
        if cls.target not in TARGETS:
            raise DuplicateRuleError(f"{where}: target must be one of {', '.join(TARGETS)}")
        if not cls.__doc__ or not cls.summary():
            raise DuplicateRuleError(f"{where}: a rule's docstring is its documentation; write one")
        other = self._by_code.get(code)
        if other is not None and other is not cls:
            raise DuplicateRuleError(
                f"{where}: code {code} is already used by {other.__module__}.{other.__qualname__}"
            )
        other = self._by_name.get(name)
        if other is not None and other is not cls:
            raise DuplicateRuleError(f"{where}: name {name} is already used by rule {other.code}")
        other = self._by_module.get(cls.__module__)
        if other is not None and other is not cls:
            raise DuplicateRuleError(f"{where}: module already holds rule {other.code}; one rule per module")
        self._by_code[code] = cls
        self._by_name[name] = cls
        self._by_module[cls.__module__] = cls
        return cls

    def discover(self) -> None:
        """Import every module under ``auditor.rules``'s subpackages (each registers its rule)."""
        if self._discovered:
            return
        import auditor.rules as pkg

        for info in pkgutil.walk_packages(pkg.__path__, prefix="auditor.rules."):
            # Only modules inside a family subpackage hold rules; base/config/docs sit at the top.
            if info.name.count(".") >= 3:
                importlib.import_module(info.name)
        # Only once every module imported: a failed import must not leave a silently partial set.
        self._discovered = True

    def discover_migration_rules(self) -> None:
        """Import the lint rules only (``auditor.rules.lint``): what a lint run needs, without the
        catalog rules' imports (sqlglot and the normalizer: a third of a lint run's time)."""
        if self._discovered or self._lint_discovered:
            return
        import auditor.rules.lint as pkg

        for info in pkgutil.iter_modules(pkg.__path__, prefix="auditor.rules.lint."):
            importlib.import_module(info.name)
        self._lint_discovered = True

    def all(self, target: str | None = None) -> list[AnyRule]:
        if target == "migration":
            self.discover_migration_rules()
        else:
            self.discover()
        rules = sorted(self._by_code.values(), key=lambda c: c.code)
        return [r for r in rules if target is None or r.target == target]

    def peek(self, code: str) -> AnyRule | None:
        """A rule by code among those imported so far (no discovery: for output paths that must
        stay cheap, where every rule that reported has been imported)."""
        return self._by_code.get(code.upper())

    def get(self, code_or_name: str) -> AnyRule | None:
        """A rule by code (case-insensitive) or by name."""
        self.discover()
        return self._by_code.get(code_or_name.upper()) or self._by_name.get(code_or_name.lower())


REGISTRY = Registry()
register = REGISTRY.register


def docs_uri(code: str) -> str:
    """Where a rule's documentation is: its section of docs/rules.md (generated from the rules)."""
    return f"docs/rules.md#{code.lower()}"


# --- configuration ---------------------------------------------------------------------------
@dataclass(frozen=True)
class RuleConfig:
    """One rule's settings: ``None`` means "as the rule says"."""

    enabled: bool | None = None
    level: Level | None = None
    options: Mapping[str, Any] = field(default_factory=dict)


#: An accepted exception of the ``allow:`` list: the one suppression type (``code`` a rule's code or ``*``).
AllowEntry = Suppression


@dataclass(frozen=True)
class RulesConfig:
    """The ``rules:`` block: shared options, per-rule settings (keyed by code), allow-list."""

    options: Mapping[str, Any] = field(default_factory=dict)
    rules: Mapping[str, RuleConfig] = field(default_factory=dict)
    allow: tuple[AllowEntry, ...] = ()
    location: Location | None = None

    def for_rule(self, cls: AnyRule) -> RuleConfig:
        return self.rules.get(cls.code) or RuleConfig()

    def is_enabled(self, cls: AnyRule) -> bool:
        rc = self.for_rule(cls)
        return cls.enabled_by_default if rc.enabled is None else rc.enabled

    def instantiate(self, cls: AnyRule) -> Rule[Any]:
        rc = self.for_rule(cls)
        return cls({**self.options, **rc.options})


# --- running ---------------------------------------------------------------------------------
def run_rules(
    subject: Any,
    config: RulesConfig | None = None,
    *,
    target: str = "catalog",
    only: Iterable[str] | None = None,
    today: date | None = None,
) -> list[Finding]:
    """Run every enabled rule of ``target`` on ``subject`` (a Catalog for ``catalog`` rules).

    ``only`` (codes or names) runs just those rules, enabled by default or not. Applies the
    config's level overrides and allow-list; findings come back sorted by object then code.
    """
    with gc_paused():
        return _run_rules(subject, config, target=target, only=only, today=today)


def _run_rules(
    subject: Any,
    config: RulesConfig | None,
    *,
    target: str,
    only: Iterable[str] | None,
    today: date | None,
) -> list[Finding]:
    cfg = config or RulesConfig()
    selected: list[AnyRule]
    if only is not None:
        selected = []
        for key in only:
            cls = REGISTRY.get(key)
            if cls is None:
                raise KeyError(f"unknown rule {key!r}")
            selected.append(cls)
    else:
        selected = [c for c in REGISTRY.all(target) if cfg.is_enabled(c)]
    out: list[Finding] = []
    for cls in selected:
        if cls.target != target:
            continue
        rule = cfg.instantiate(cls)
        level = cfg.for_rule(cls).level
        for f in rule.check(subject):
            out.append(_finish(f, cls, level))
    if cfg.allow:
        out = list(apply_allow_list(out, cfg.allow, today or date.today()))
    out.sort(key=attrgetter("object", "code", "message"))
    return out


def _finish(f: Finding, cls: AnyRule, level: Level | None) -> Finding:
    # A configured level replaces the rule's own; a finding the rule gave another level on purpose
    # (an informational "could not read") keeps it.
    new_level = level if level is not None and f.level == cls.level else f.level
    category = Category.RULE if cls.target == "catalog" else Category.LINT
    help = f.help or cls.help
    if (
        new_level == f.level
        and category == f.category
        and f.kind
        and f.rule_name == cls.name
        and help == f.help
        and f.fingerprint_parts
    ):
        return f  # made by Rule.finding: already finished (no copy per finding)
    return replace(
        f,
        level=new_level,
        category=category,
        kind=f.kind or cls.family,
        rule_name=cls.name,
        help=help,
        fingerprint_parts=f.fingerprint_parts or (cls.code, f.object),
    )


def apply_allow_list(
    findings: Iterable[Finding], allow: Sequence[AllowEntry], today: date
) -> Iterator[Finding]:
    """Mark findings an allow entry covers as suppressed; an expired entry no longer hides and the
    finding says it expired."""
    for f in findings:
        entry = next((a for a in allow if a.matches(f)), None)
        if entry is None:
            yield f
        elif entry.expired(today):
            where = f" ({entry.location})" if entry.location else ""
            yield replace(
                f,
                message=f"{f.message} [allow-list entry expired {entry.expires}{where}: {entry.reason}]",
                extra=(*f.extra, ("allow_expired", str(entry.expires))),
            )
        else:
            yield replace(f, suppressed=entry.reason)
