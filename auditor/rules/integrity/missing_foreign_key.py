"""INT007 missing-foreign-key."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import Catalog, Constraint, Relation, quote_ident
from auditor.normalize import canonical_type
from auditor.rules.base import Rule, register
from auditor.rules.scope import column_path, table_parts, typed_columns


@register
class MissingForeignKey(Rule[Catalog]):
    """A column looks like a reference to another table but has no foreign key.

    What it checks:
        Columns that carry the name and type of another table's single-column primary key
        (``job_events.run_id`` and ``jobs.run_id``), or are named ``<table>_id`` after a table
        whose key is ``id`` of the same type (``job_id`` and ``jobs.id``), with no foreign key
        on that column. Keys named ``id`` alone are not matched by name (every table has one),
        and a table's own key is not a reference.

    Why it matters:
        Without the constraint nothing stops rows pointing at parents that never existed or were
        deleted: orphans that joins silently drop and that break the owner chain policies rely
        on. The API also uses foreign keys to offer embedded resources (``select=*,jobs(*)``).

    Example:
        ``CREATE TABLE public.artifacts (id uuid PRIMARY KEY, run_id text NOT NULL);`` next to
        ``public.jobs (run_id text PRIMARY KEY)``.

    How to fix:
        ``ALTER TABLE public.artifacts ADD CONSTRAINT artifacts_run_id_fkey FOREIGN KEY (run_id)
        REFERENCES public.jobs (run_id) NOT VALID;`` then ``VALIDATE CONSTRAINT`` (after deleting
        or fixing orphans).
    """

    code = "INT007"
    name = "missing-foreign-key"
    family = "integrity"
    level = Level.WARNING
    help = "Add the foreign key (NOT VALID first on a large table, then VALIDATE CONSTRAINT)."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        tables = [
            p
            for p in table_parts(catalog)
            if self.own(p.rel.schema) and p.rel.partition_of is None and p.rel.is_declared("columns")
        ]
        keys: dict[str, list[tuple[Relation, str]]] = {}  # referencing column name -> (parent, key)
        for t, _key, _columns, constraints, _indexes, _policies in tables:
            pk = _single_key(t, constraints)
            if pk is None:
                continue
            if pk != "id":
                keys.setdefault(pk, []).append((t, pk))
            else:
                for stem in _stems(t.name):
                    keys.setdefault(f"{stem}_id", []).append((t, pk))
        if not keys:
            return
        constraints_of = {id(p.rel): p.constraints for p in tables}
        # (own key, foreign key columns) of a table, or None when it does not declare its constraints
        facts: dict[int, tuple[str | None, set[str]] | None] = {}
        # The columns of those tables named after a key, in catalog order: the same tables (project,
        # not partitions, declaring their columns), columns declaring their type.
        for t, _key, col, _typ in typed_columns(self.managed_schemas(), catalog, names=keys):
            if id(t) not in facts:
                facts[id(t)] = _facts(t, constraints_of[id(t)])
            known = facts[id(t)]
            if known is None:
                continue
            own_key, fk_cols = known
            if col.name == own_key or col.name in fk_cols:
                continue
            parents = [
                (p, k)
                for p, k in keys[col.name]
                if p is not t and _same_type(col.type, t.schema, p.columns[k].type, p.schema)
            ]
            if len(parents) != 1:
                continue  # none, or ambiguous: no guess
            parent, key = parents[0]
            fk = quote_ident(f"{t.name}_{col.name}_fkey")
            yield self.finding(
                column_path(t, col.name),
                f"column {t.key}.{col.name} looks like a reference to {parent.key}.{key} but has no "
                "foreign key: nothing stops orphan rows",
                expected=f"FOREIGN KEY ({col.name}) REFERENCES {parent.key} ({key})",
                actual="no foreign key",
                fix_sql=f"ALTER TABLE {t.key} ADD CONSTRAINT {fk} FOREIGN KEY ({quote_ident(col.name)}) "
                f"REFERENCES {parent.key} ({quote_ident(key)});",
                location=col.location or t.location,
            )


def _stems(table: str) -> set[str]:
    """What a reference to ``table`` is named after: ``jobs`` -> jobs, job; ``categories`` ->
    categories, category; ``boxes`` -> boxes, box."""
    out = {table, table.removesuffix("s")}
    if table.endswith("ies"):
        out.add(table[:-3] + "y")
    if table.endswith(("xes", "ches", "shes", "sses")):
        out.add(table[:-2])
    return out


def _facts(t: Relation, constraints: tuple[Constraint, ...]) -> tuple[str | None, set[str]] | None:
    """(the single-column primary key, the columns in foreign keys) of ``t``; None when it does not
    declare its constraints."""
    if not t.is_declared("constraints"):
        return None
    return _single_key(t, constraints), {
        c for con in constraints if con.kind == "foreign key" for c in con.columns
    }


def _single_key(t: Relation, constraints: tuple[Constraint, ...]) -> str | None:
    """The column of ``t``'s single-column primary key (``constraints`` are its constraints)."""
    if not t.is_declared("constraints"):
        return None
    for con in constraints:
        if con.kind == "primary key" and len(con.columns) == 1:
            return con.columns[0]
    return None


def _same_type(a: str, sa: str, b: str, sb: str) -> bool:
    return canonical_type(a, sa) == canonical_type(b, sb)
