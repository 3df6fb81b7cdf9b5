"""Which objects a partial read reads: :class:`ObjectSet`, named as the fleet fingerprint names them.

An object is ``(schema, kind, name)``. Kinds and names are those of ``auditor/fleet/fingerprint.sql``:

* ``relation``: a table, partitioned table, view, materialized view or foreign table, by its name;
  read with everything the model hangs on it (columns, constraints, indexes, policies, triggers,
  grants, comments) and the sequences its columns own (serial, identity);
* ``function``: ``name(identity arguments)`` (the key of :attr:`auditor.model.Schema.functions`);
  a partial read reads, and an overlay replaces, every overload of the name, so the arguments may
  be spelled under any search_path (or with the tenant's schema left out);
* ``sequence``, ``collation``: by name;
* ``type``: an enum or a domain by name (other types are not modelled);
* ``schema``: the schema's own row (owner, grants, comment), name ``''``.

Names are unquoted, as the catalog stores them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Literal, get_args

ObjectKind = Literal["relation", "function", "sequence", "type", "collation", "schema"]
OBJECT_KINDS: tuple[str, ...] = get_args(ObjectKind)

Object = tuple[str, str, str]  # (schema, kind, name)

#: A schema's members by kind: the :class:`auditor.model.Schema` attribute (which is also the name of
#: the catalog query that reads them) -> the kind that names them in an ObjectSet.
MEMBER_KINDS: dict[str, str] = {
    "relations": "relation",
    "functions": "function",
    "sequences": "sequence",
    "enums": "type",
    "domains": "type",
    "collations": "collation",
}


@dataclass(frozen=True)
class ObjectSet:
    """A set of catalog objects, each ``(schema, kind, name)`` (see the module docstring)."""

    objects: frozenset[Object] = frozenset()

    def __post_init__(self) -> None:
        for obj in self.objects:
            if len(obj) != 3 or obj[1] not in OBJECT_KINDS:
                raise ValueError(f"not an object (schema, kind, name) of a known kind: {obj!r}")

    @classmethod
    def of(cls, objects: Iterable[Object]) -> ObjectSet:
        return cls(frozenset((str(s), str(k), str(n)) for s, k, n in objects))

    @classmethod
    def between(
        cls,
        a: Mapping[str, Iterable[tuple[str, str, str]]],
        b: Mapping[str, Iterable[tuple[str, str, str]]],
    ) -> ObjectSet:
        """The objects whose prints differ between two databases, each given as schema ->
        ``(kind, name, print)`` (``DatabasePrint.objects`` of the fleet fingerprint): an object
        present on one side only is in the set too (it was added or dropped). A kind this module
        does not know raises ValueError rather than be left out (it could hide a difference)."""
        out: set[Object] = set()
        for schema in a.keys() | b.keys():
            pa = {(k, n): p for k, n, p in a.get(schema, ())}
            pb = {(k, n): p for k, n, p in b.get(schema, ())}
            out.update((schema, k, n) for (k, n) in pa.keys() | pb.keys() if pa.get((k, n)) != pb.get((k, n)))
        return cls.of(out)

    def __iter__(self) -> Iterator[Object]:
        return iter(self.objects)

    def __len__(self) -> int:
        return len(self.objects)

    def __contains__(self, obj: object) -> bool:
        return obj in self.objects

    def __or__(self, other: ObjectSet) -> ObjectSet:
        return ObjectSet(self.objects | other.objects)

    def schemas(self) -> frozenset[str]:
        """Every schema an object of the set belongs to."""
        return frozenset(s for s, _, _ in self.objects)

    def names(self, kind: str) -> dict[str, frozenset[str]]:
        """schema -> the names of the set's objects of ``kind`` in it."""
        out: dict[str, set[str]] = {}
        for s, k, n in self.objects:
            if k == kind:
                out.setdefault(s, set()).add(n)
        return {s: frozenset(v) for s, v in out.items()}

    def pairs(self, kind: str) -> list[tuple[str, str]]:
        """The ``(schema, name)`` of the set's objects of ``kind``, sorted."""
        return sorted((s, n) for s, k, n in self.objects if k == kind)
