"""Provenance: for every object the migrations create or change, the ``file:line`` that created it
and the ones that changed it since.

Built from the effects the offline interpreter records (:mod:`auditor.migrations.offline`), so
provenance and the offline catalog read the SQL the same way: unqualified names resolve through
the last ``SET search_path`` (``public`` by default), guarded DDL in ``DO`` blocks counts, a table's
``ENABLE ROW LEVEL SECURITY``, grants and comments change the table.

An object dropped and created again has the later creation as ``created``; one dropped and not
recreated keeps ``dropped``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from auditor.findings import Finding
from auditor.migrations.offline import Effect, effects
from auditor.migrations.parse import ParsedFile
from auditor.model import Location


@dataclass(frozen=True)
class ObjectProvenance:
    """Where an object came from. ``changed`` is in migration order: the last is the latest."""

    created: Location | None = None
    changed: tuple[Location, ...] = ()
    dropped: Location | None = None

    @property
    def locations(self) -> tuple[Location, ...]:
        """Created, then every change: what a finding's ``provenance`` lists."""
        return ((self.created,) if self.created else ()) + self.changed

    @property
    def last(self) -> Location | None:
        """The statement that last touched the object."""
        return self.changed[-1] if self.changed else self.created


_UNKNOWN = ObjectProvenance()


class Provenance:
    """Object path -> :class:`ObjectProvenance`."""

    def __init__(self, entries: dict[str, ObjectProvenance]) -> None:
        self._entries = entries

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


def from_effects(items: Iterable[Effect]) -> Provenance:
    """Fold effects, in migration order, into provenance."""
    out: dict[str, ObjectProvenance] = {}
    for e in items:
        cur = out.get(e.object, _UNKNOWN)
        if e.action == "create":
            cur = ObjectProvenance(created=e.location)
        elif e.action == "drop":
            cur = replace(cur, dropped=e.location)
        elif e.location not in (cur.created, cur.changed[-1] if cur.changed else None):
            # One statement touching an object twice (two ALTER TABLE subcommands) counts once.
            cur = replace(cur, changed=(*cur.changed, e.location))
        out[e.object] = cur
    return Provenance(out)


def build_provenance(parsed_files: Sequence[ParsedFile]) -> Provenance:
    """Provenance of every object the parsed migrations (in apply order) create or change."""
    return from_effects(effects(parsed_files))


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
