"""INT002 foreign-key-type."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import Catalog, object_path, quote_ident
from auditor.normalize import canonical_type
from auditor.rules.base import Rule, register
from auditor.rules.scope import table_parts


@register
class ForeignKeyType(Rule[Catalog]):
    """A foreign key column's type differs from the column it references.

    What it checks:
        For every foreign key, each referencing column has the same type as the referenced
        column (compared as PostgreSQL spells types: ``int4`` and ``integer`` are the same).

    Why it matters:
        PostgreSQL accepts a key whose types merely have a cross-type equality operator
        (``integer`` referencing ``bigint``, ``varchar`` referencing ``text``). Every check and
        join then converts, the index on the referenced side may not be usable for the join, and
        the narrower side overflows first (an ``integer`` column referencing a ``bigint`` key
        fails once the key passes 2^31).

    Example:
        ``CREATE TABLE public.job_events (run_id varchar(64) REFERENCES public.jobs (run_id));``
        where ``jobs.run_id`` is ``text``.

    How to fix:
        ``ALTER TABLE public.job_events ALTER COLUMN run_id TYPE text;``
    """

    code = "INT002"
    name = "foreign-key-type"
    family = "integrity"
    level = Level.WARNING
    help = "Give the referencing column exactly the referenced column's type."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        for rel, _key, _columns, constraints, _indexes, _policies in table_parts(catalog):
            if not constraints or not self.own(rel.schema):
                continue
            if not (rel.is_declared("constraints") and rel.is_declared("columns")):
                continue
            for con in constraints:
                ref = con.references
                if con.kind != "foreign key" or ref is None or len(ref.columns) != len(con.columns):
                    continue
                target = catalog.relation(ref.table)
                if target is None or not target.is_declared("columns"):
                    continue
                for mine, theirs in zip(con.columns, ref.columns, strict=True):
                    a, b = rel.columns.get(mine), target.columns.get(theirs)
                    if a is None or b is None or not (a.is_declared("type") and b.is_declared("type")):
                        continue
                    ta, tb = canonical_type(a.type, rel.schema), canonical_type(b.type, target.schema)
                    if ta == tb:
                        continue
                    yield self.finding(
                        object_path("constraint", rel.schema, rel.name, con.name),
                        f"foreign key {con.name}: {rel.key}.{mine} is {ta} but references "
                        f"{target.key}.{theirs}, which is {tb}",
                        expected=tb,
                        actual=ta,
                        fix_sql=f"ALTER TABLE {rel.key} ALTER COLUMN {quote_ident(mine)} TYPE {tb};",
                        location=con.location or rel.location,
                        fingerprint_extra=(mine,),
                    )
