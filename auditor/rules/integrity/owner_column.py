"""INT006 owner-column."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import Catalog, quote_ident
from auditor.normalize import canonical_type
from auditor.rules.base import Rule, register
from auditor.rules.scope import column_path, exposed_table_parts


@register
class OwnerColumn(Rule[Catalog]):
    """The owner column is not a ``NOT NULL`` ``uuid``.

    What it checks:
        On tables in an exposed schema, the owner column (option ``owner_column``, default
        ``owner_id``) is of type ``uuid`` and ``NOT NULL``.

    Why it matters:
        Owner policies compare the column with ``auth.uid()``, a ``uuid``. Another type makes every
        comparison a cast (and the owner index unusable for it). A row whose owner is NULL belongs
        to nobody: no user can see it, and it is easy to create by mistake from the back end (the
        service role bypasses the policies' ``WITH CHECK``).

    Example:
        ``owner_id uuid`` (nullable), or ``owner_id text``.

    How to fix:
        ``ALTER TABLE public.jobs ALTER COLUMN owner_id SET NOT NULL;`` (after giving orphan rows an
        owner), and ``... ALTER COLUMN owner_id TYPE uuid USING owner_id::uuid;`` for another type.
    """

    code = "INT006"
    name = "owner-column"
    family = "integrity"
    level = Level.WARNING
    help = "Make the owner column uuid NOT NULL (default auth.uid() is a common choice)."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        name = self.opt_str("owner_column")
        for rel, _key, _columns, _constraints, _indexes, _policies in exposed_table_parts(
            catalog, self.opt_list("exposed_schemas")
        ):
            if not rel.is_declared("columns") or name not in rel.columns:
                continue
            col = rel.columns[name]
            path = column_path(rel, name)
            where = col.location or rel.location
            if col.is_declared("type") and canonical_type(col.type, rel.schema) != "uuid":
                yield self.finding(
                    path,
                    f"owner column {rel.key}.{name} is {col.type}, not uuid: comparisons with the "
                    "owner function cast on every row",
                    expected="uuid",
                    actual=col.type,
                    fix_sql=f"ALTER TABLE {rel.key} ALTER COLUMN {quote_ident(name)} TYPE uuid "
                    f"USING {quote_ident(name)}::uuid;",
                    location=where,
                    fingerprint_extra=("type",),
                )
            if col.is_declared("nullable") and col.nullable:
                yield self.finding(
                    path,
                    f"owner column {rel.key}.{name} allows NULL: a row without an owner is visible to "
                    "no user",
                    expected="NOT NULL",
                    actual="nullable",
                    fix_sql=f"ALTER TABLE {rel.key} ALTER COLUMN {quote_ident(name)} SET NOT NULL;",
                    location=where,
                    fingerprint_extra=("nullable",),
                )
