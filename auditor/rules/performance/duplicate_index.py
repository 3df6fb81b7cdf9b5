"""PERF005 duplicate-index."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import Catalog, Index, object_path, qualify
from auditor.rules.base import Rule, register
from auditor.rules.scope import relation_parts


@register
class DuplicateIndex(Rule[Catalog]):
    """Two indexes on a table are the same index.

    What it checks:
        Indexes of one table with the same method, keys (with their operator classes and order),
        included columns and predicate. Of each set, the one a constraint uses (or a unique one)
        is kept; the others are reported.

    Why it matters:
        A duplicate index serves no query its twin does not, yet every insert and update
        maintains both, vacuum reads both, and both take memory and disk.

    Example:
        ``CREATE INDEX jobs_owner_idx ON public.jobs (owner_id);`` next to an existing
        ``idx_jobs_owner_id ON public.jobs (owner_id)``.

    How to fix:
        ``DROP INDEX CONCURRENTLY public.jobs_owner_idx;``
    """

    code = "PERF005"
    name = "duplicate-index"
    family = "performance"
    level = Level.WARNING
    help = "Drop the duplicate (DROP INDEX CONCURRENTLY); keep the one a constraint uses."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        for rel, _key, _columns, _constraints, indexes, _policies in relation_parts(catalog):
            if len(indexes) < 2 or not self.own(rel.schema) or not rel.is_declared("indexes"):
                continue  # a duplicate takes two indexes
            if len({ix.keys for ix in indexes}) == len(indexes):
                continue  # duplicates have the same keys
            groups: dict[tuple[object, ...], list[Index]] = {}
            for ix in indexes:
                if not ix.valid:
                    continue
                key = (ix.method, ix.keys, ix.include, ix.predicate, ix.nulls_not_distinct)
                groups.setdefault(key, []).append(ix)
            for same in groups.values():
                if len(same) < 2:
                    continue
                # Keep the one that carries meaning: a constraint's, else a unique one, else the first.
                same.sort(key=lambda i: (i.constraint is None, not i.unique, i.name))
                keep = same[0]
                for ix in same[1:]:
                    if ix.constraint is not None or (ix.unique and not keep.unique):
                        continue  # a constraint's index cannot be dropped on its own
                    yield self.finding(
                        object_path("index", rel.schema, rel.name, ix.name),
                        f"index {ix.name} on {rel.key} duplicates {keep.name} ({', '.join(ix.keys)})",
                        actual=f"duplicate of {keep.name}",
                        fix_sql=f"DROP INDEX CONCURRENTLY {qualify(rel.schema, ix.name)};",
                        location=ix.location or rel.location,
                    )
