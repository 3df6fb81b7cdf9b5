"""PERF005 duplicate-index."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import Catalog, Constraint, Index, Relation, object_path, qualify, quote_ident
from auditor.rules.base import Rule, register
from auditor.rules.scope import key_column, relation_parts, table_parts


@register
class DuplicateIndex(Rule[Catalog]):
    """Two indexes on a table are the same index.

    What it checks:
        Indexes of one table with the same method, keys (with their operator classes and order),
        included columns and predicate. Of each set, the primary key's is kept, else the one a
        constraint uses, else a unique one; the others are reported. A ``UNIQUE`` constraint on
        the primary key's columns is reported as a constraint (its index cannot be dropped on its
        own); a unique index duplicating a constraint's index as an index.

    Why it matters:
        A duplicate index serves no query its twin does not, yet every insert and update
        maintains both, vacuum reads both, and both take memory and disk.

    Example:
        ``CREATE INDEX jobs_owner_idx ON public.jobs (owner_id);`` next to an existing
        ``idx_jobs_owner_id ON public.jobs (owner_id)``.

    How to fix:
        ``DROP INDEX CONCURRENTLY public.jobs_owner_idx;``, or for a duplicating constraint
        ``ALTER TABLE public.jobs DROP CONSTRAINT jobs_run_id_key;`` (a foreign key that uses it
        must be dropped and re-created around it).
    """

    code = "PERF005"
    name = "duplicate-index"
    family = "performance"
    level = Level.WARNING
    help = "Drop the duplicate (DROP INDEX CONCURRENTLY); keep the one a constraint uses."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        for rel, _key, _columns, constraints, indexes, _policies in relation_parts(catalog):
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
                # Keep the one that carries the most meaning: the primary key's, else a constraint's,
                # else a unique one, else the first by name.
                same.sort(key=lambda i: (not i.primary, i.constraint is None, not i.unique, i.name))
                keep = same[0]
                for ix in same[1:]:
                    if ix.unique and not keep.unique:
                        continue  # a unique index is not a spare of a non-unique one
                    if ix.constraint is not None:
                        yield self._constraint_finding(catalog, rel, constraints, ix, keep)
                        continue
                    yield self.finding(
                        object_path("index", rel.schema, rel.name, ix.name),
                        f"index {ix.name} on {rel.key} duplicates {keep.name} ({', '.join(ix.keys)})",
                        actual=f"duplicate of {keep.name}",
                        fix_sql=f"DROP INDEX CONCURRENTLY {qualify(rel.schema, ix.name)};",
                        location=ix.location or rel.location,
                    )

    def _constraint_finding(
        self, catalog: Catalog, rel: Relation, constraints: tuple[Constraint, ...], ix: Index, keep: Index
    ) -> Finding:
        """A UNIQUE (or other) constraint whose index duplicates ``keep``'s: the constraint is what
        has to go (its index cannot be dropped on its own)."""
        con = next((c for c in constraints if c.name == ix.constraint), None)
        kept = f"primary key {keep.constraint}" if keep.primary else f"{keep.name}"
        table = qualify(rel.schema, rel.name)
        fix: str | None = f"ALTER TABLE {table} DROP CONSTRAINT {quote_ident(str(ix.constraint))};"
        note = ""
        if _maybe_referenced(catalog, rel, ix):
            # A foreign key may use this constraint's index (PostgreSQL picks one when the key is
            # made): the drop would fail; the key has to be re-created after.
            fix = None
            note = (
                "; a foreign key references these columns and may depend on it: drop that key, drop "
                "the constraint, re-create the key"
            )
        return self.finding(
            object_path("constraint", rel.schema, rel.name, str(ix.constraint)),
            f"constraint {ix.constraint} on {rel.key} ({', '.join(ix.keys)}) duplicates {kept}: "
            f"its index {ix.name} is maintained for nothing{note}",
            actual=f"duplicate of {kept}",
            fix_sql=fix,
            location=(con.location if con else None) or ix.location or rel.location,
        )


def _maybe_referenced(catalog: Catalog, rel: Relation, ix: Index) -> bool:
    """Whether a foreign key of ``catalog`` references ``rel`` on ``ix``'s columns (and so may use
    ``ix``: PostgreSQL picks one matching unique index when the key is made)."""
    cols = {key_column(k) for k in ix.keys}
    return any(
        c.kind == "foreign key"
        and c.references is not None
        and c.references.table == rel.key
        and set(c.references.columns) == cols
        for p in table_parts(catalog)
        for c in p.constraints
    )
