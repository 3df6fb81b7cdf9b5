"""Provenance: for every object the migrations create or change, the ``file:line`` that created it
and the ones that changed it since.

Built from the effects the offline interpreter records (:mod:`auditor.migrations.offline`), so
provenance and the offline catalog read the SQL the same way: unqualified names resolve through
the last ``SET search_path`` (``public`` by default), guarded DDL in ``DO`` blocks counts, a table's
``ENABLE ROW LEVEL SECURITY``, grants and comments change the table.

An object dropped and created again has the later creation as ``created``; one dropped and not
recreated keeps ``dropped``.

:meth:`Provenance.explaining_files` answers attribution's question: which migration files would
explain a difference between the migrations and live. The file that last creates a missing object;
the files that drop an unexpected one; for a changed attribute, the files after the object's creation
whose statements changed that attribute, told by the offline picture of the schema just before and
just after each such file (so ``ALTER TABLE ... ADD COLUMN`` does not explain a changed
``rls_enabled``). Where the parse could not model a statement (a :class:`~auditor.model.Gap`), the
answer is "some migration may", never "none".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import Any, Protocol, TypeVar

from auditor.findings import Finding
from auditor.migrations.offline import Action, Effect, Interpreter
from auditor.migrations.parse import ParsedFile
from auditor.model import Catalog, Gap, Location, object_path, qualify


@dataclass(frozen=True)
class ObjectProvenance:
    """Where an object came from. ``changed`` is in migration order: the last is the latest."""

    created: Location | None = None
    changed: tuple[Location, ...] = ()
    dropped: Location | None = None
    touches: tuple[tuple[Action, Location], ...] = ()  # every effect on the object, in order

    @property
    def locations(self) -> tuple[Location, ...]:
        """Created, then every change: what a finding's ``provenance`` lists."""
        return ((self.created,) if self.created else ()) + self.changed

    @property
    def last(self) -> Location | None:
        """The statement that last touched the object."""
        return self.changed[-1] if self.changed else self.created


_UNKNOWN = ObjectProvenance()


class LiveFact(Protocol):
    """A difference between the migrations and live (:class:`auditor.compare.attribution.LiveFact`)."""

    @property
    def kind(self) -> str: ...  # missing | unexpected | changed, from the migrations to live
    @property
    def object_type(self) -> str: ...
    @property
    def parts(self) -> tuple[str, ...]: ...
    @property
    def path(self) -> str: ...
    @property
    def attribute(self) -> str: ...


F = TypeVar("F", bound=LiveFact)

_TABLE_CHILDREN = frozenset({"column", "constraint", "index", "policy", "trigger"})
# Attributes the offline interpreter follows statement by statement (GRANT/REVOKE on tables and
# columns) but does not declare, because the server adds to them (the owner's own privileges): a file
# that leaves them as they were did not change them.
_TRACKED_UNDECLARED = frozenset({("table", "privileges"), ("column", "privileges")})


class Provenance:
    """Object path -> :class:`ObjectProvenance`."""

    def __init__(
        self,
        entries: dict[str, ObjectProvenance],
        files: Sequence[ParsedFile] = (),
        gaps: Sequence[Gap] = (),
    ) -> None:
        self._entries = entries
        self._files = tuple(files)
        self._order = {pf.path: i for i, pf in enumerate(self._files)}
        self._gaps = tuple(gaps)

    def lookup(self, object_path: str) -> ObjectProvenance:
        """The provenance of ``object_path`` (``policy:public.jobs.jobs_owner_select``); an empty
        one (nothing created, nothing changed) for objects the migrations never touch."""
        return self._entries.get(object_path, _UNKNOWN)

    def __contains__(self, object_path: object) -> bool:
        return object_path in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def explaining_files(self, facts: Sequence[F]) -> dict[F, frozenset[str] | None]:
        """For each fact where live differs from the migrations, the migration files (paths) whose
        statements would explain it: empty when no migration creates, drops or changes it; ``None``
        when one may but which cannot be told (the parse has a gap there, or the migrations have an
        object the parse does not know)."""
        out: dict[F, frozenset[str] | None] = {}
        to_check: list[tuple[F, list[str]]] = []
        for fact in facts:
            touches = self._touches(fact)
            if fact.kind == "missing":  # the migrations have it: the file that made it explains it
                creates = [loc.file for action, loc in touches if action == "create"]
                out[fact] = frozenset(creates[-1:]) if creates else None
            elif fact.kind == "unexpected":  # live has it: only a migration that drops it explains it
                drops = frozenset(loc.file for action, loc in touches if action == "drop")
                out[fact] = drops or self._unless_gap(fact)
            else:
                candidates = self._later_files(fact, touches)
                if candidates:
                    to_check.append((fact, candidates))
                else:
                    out[fact] = self._unless_gap(fact)
        if to_check:
            states = self._states({f for _fact, files in to_check for f in files})
            for fact, files in to_check:
                found = frozenset(f for f in files if _changes(states[f], fact))
                out[fact] = found or self._unless_gap(fact)
        return out

    def _touches(self, fact: LiveFact) -> list[tuple[Action, Location]]:
        """The object's effects; a function's include its namesakes' (argument spellings may differ)."""
        if fact.object_type == "function" and len(fact.parts) == 3:
            prefix = f"function:{qualify(fact.parts[0], fact.parts[1])}("
            entries = [p for path, p in self._entries.items() if path.startswith(prefix)]
        else:
            entries = [self.lookup(fact.path)]
        return sorted(
            (t for p in entries for t in p.touches), key=lambda t: (self._order.get(t[1].file, -1), t[1].line)
        )

    def _later_files(self, fact: LiveFact, touches: list[tuple[Action, Location]]) -> list[str]:
        """Files that touch the object (or, for a table's child, its table) after the file that first
        created it: only those can have changed an attribute of the object live has."""
        first = next((loc.file for action, loc in touches if action == "create"), None)
        start = self._order.get(first, -1) if first is not None else -1
        mine = list(touches)
        if fact.object_type in _TABLE_CHILDREN and len(fact.parts) >= 2:
            mine += self.lookup(object_path("table", fact.parts[0], fact.parts[1])).touches
        files = {loc.file for _action, loc in mine if self._order.get(loc.file, -1) > start}
        return sorted(files, key=lambda f: self._order.get(f, -1))

    def _unless_gap(self, fact: LiveFact) -> frozenset[str] | None:
        """No known statement explains the fact: none does, unless the parse left a gap that may, or
        does not read what the fact is about (roles, default privileges, owners, grants on anything
        but tables and columns: those statements pass the parse without effect)."""
        if (
            fact.object_type in ("role", "default_privilege")
            or fact.attribute == "owner"
            or (fact.attribute == "privileges" and fact.object_type not in ("table", "column"))
        ):
            return None
        table = qualify(fact.parts[0], fact.parts[1]) if len(fact.parts) >= 2 else None
        for g in self._gaps:
            if g.object in (fact.path, table):
                return None
            if g.kind == "statement" and fact.object_type in _statement_reach(g.object):
                return None
        return frozenset()

    def _states(self, wanted: set[str]) -> dict[str, tuple[Catalog, Catalog]]:
        """The offline picture of the schema just before and just after each wanted file."""
        interp = Interpreter()
        out: dict[str, tuple[Catalog, Catalog]] = {}
        before: Catalog | None = None
        for pf in self._files:
            if pf.path in wanted:
                if before is None:
                    before = interp.catalog()
                interp.run([pf])
                after = interp.catalog()
                out[pf.path] = (before, after)
                before = after
            else:
                interp.run([pf])
                before = None
        return out


def from_effects(
    items: Iterable[Effect], files: Sequence[ParsedFile] = (), gaps: Sequence[Gap] = ()
) -> Provenance:
    """Fold effects, in migration order, into provenance (``files`` and ``gaps``: what the effects
    were read from, for :meth:`Provenance.explaining_files`)."""
    out: dict[str, ObjectProvenance] = {}
    for e in items:
        cur = out.get(e.object, _UNKNOWN)
        cur = replace(cur, touches=(*cur.touches, (e.action, e.location)))
        if e.action == "create":
            cur = ObjectProvenance(created=e.location, touches=cur.touches)
        elif e.action == "drop":
            cur = replace(cur, dropped=e.location)
        elif e.location not in (cur.created, cur.changed[-1] if cur.changed else None):
            # One statement touching an object twice (two ALTER TABLE subcommands) counts once.
            cur = replace(cur, changed=(*cur.changed, e.location))
        out[e.object] = cur
    return Provenance(out, files, gaps)


def build_provenance(parsed_files: Sequence[ParsedFile]) -> Provenance:
    """Provenance of every object the parsed migrations (in apply order) create or change."""
    interp = Interpreter()
    interp.run(parsed_files)
    return from_effects(interp.effects, parsed_files, interp.gaps)


_ANY = frozenset({"schema", "table", *_TABLE_CHILDREN, "function", "sequence", "enum", "domain", "extension"})
_ANY_KIND = _ANY | {"role", "default_privilege", "collation"}
# What an unmodelled CREATE/ALTER/DROP of a kind can create, change or drop. Anything else (DO
# blocks, unparsed text, CREATE EXTENSION or SCHEMA, SELECT f()) may reach any object.
_REACH: dict[str, frozenset[str]] = {
    "INDEX": frozenset({"index", "constraint"}),
    "FUNCTION": frozenset({"function"}),
    "PROCEDURE": frozenset({"function"}),
    "AGGREGATE": frozenset({"function"}),
    "ROUTINE": frozenset({"function"}),
    "TRIGGER": frozenset({"trigger"}),
    "POLICY": frozenset({"policy"}),
    "SEQUENCE": frozenset({"sequence", "column"}),
    "TYPE": frozenset({"enum", "domain", "column"}),
    "DOMAIN": frozenset({"domain", "column"}),
    "TABLE": frozenset({"table", *_TABLE_CHILDREN, "sequence"}),
    "VIEW": frozenset({"table", *_TABLE_CHILDREN}),
    "MATERIALIZED": frozenset({"table", *_TABLE_CHILDREN}),
    "FOREIGN": frozenset({"table", *_TABLE_CHILDREN}),
}


def _statement_reach(kind: str) -> frozenset[str]:
    """The object types a statement the parse could not model may have touched, from its kind
    (``CREATE DOMAIN``, ``DO``, ...)."""
    words = [w for w in kind.upper().split() if w not in ("OR", "REPLACE", "UNIQUE", "TEMP", "TEMPORARY")]
    if len(words) >= 2 and words[0] in ("CREATE", "ALTER", "DROP") and words[1] in _REACH:
        return _REACH[words[1]]
    return _ANY_KIND


def _changes(states: tuple[Catalog, Catalog], fact: LiveFact) -> bool:
    """Whether the file between the two states changed the fact's attribute (True when it cannot be
    told: the object is not in both states, or the parse does not model the attribute)."""
    before, after = (_find(c, fact.object_type, fact.parts) for c in states)
    attr = fact.attribute
    if before is None or after is None or not is_dataclass(before) or not is_dataclass(after):
        return True
    if attr not in {f.name for f in fields(before)}:
        return True
    tracked = (fact.object_type, attr) in _TRACKED_UNDECLARED
    if not tracked and not (_declares(before, attr) and _declares(after, attr)):
        return True
    return bool(getattr(before, attr) != getattr(after, attr))


def _declares(obj: Any, attr: str) -> bool:
    declared = getattr(obj, "declared", None)
    return declared is None or attr in declared


def _find(c: Catalog, object_type: str, parts: tuple[str, ...]) -> object | None:
    """The object at ``parts`` in an offline catalog, or None."""
    if object_type == "extension":
        return c.extensions.get(parts[0])
    if object_type == "role":
        return c.roles.get(parts[0])
    s = c.schemas.get(parts[0])
    if s is None or object_type == "schema":
        return s
    if object_type == "function" and len(parts) == 3:
        return next((f for f in s.functions.values() if (f.name, f.arguments) == parts[1:]), None)
    kinds: dict[str, Mapping[str, object]] = {
        "table": s.relations,
        "sequence": s.sequences,
        "enum": s.enums,
        "domain": s.domains,
    }
    if object_type in kinds:
        return kinds[object_type].get(parts[1])
    r = s.relations.get(parts[1]) if len(parts) == 3 else None
    if r is None or object_type not in _TABLE_CHILDREN:
        return None
    children: dict[str, Mapping[str, object]] = {
        "column": r.columns,
        "constraint": r.constraints,
        "index": r.indexes,
        "policy": r.policies,
        "trigger": r.triggers,
    }
    return children[object_type].get(parts[2])


def attach_provenance(findings: Iterable[Finding], provenance: Provenance) -> list[Finding]:
    """Fill ``Finding.provenance`` (created, then changes) and, where a finding has no
    ``location``, point it at the statement that created the object, so a drift finding can
    say "created in migrations/..._complete_rls_setup.sql:19".

    Objects the migrations never touched keep their findings unchanged.
    """
    out: list[Finding] = []
    for f in findings:
        p = provenance.lookup(f.object)
        if p is _UNKNOWN:
            out.append(f)
            continue
        # Anchor on the creating statement: a table's last change is often an unrelated column.
        location = f.location or p.created or p.last or p.dropped
        out.append(replace(f, provenance=f.provenance or p.locations, location=location))
    return out
