"""SEC018 foreign-key-to-auth-unique."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import Catalog, quote_ident
from auditor.rules.base import Rule, register
from auditor.rules.scope import child_path, table_parts

#: What Supabase Auth guarantees when the catalog does not hold its tables: ``auth.users`` is
#: keyed by ``id``.
KNOWN_PRIMARY_KEYS = {"auth.users": ("id",)}


@register
class ForeignKeyToAuthUnique(Rule[Catalog]):
    """A foreign key references a unique constraint of the ``auth`` schema, not its primary key.

    What it checks:
        Foreign keys of the project's tables that reference a table in the platform's ``auth``
        schema (option ``auth_schema``) on columns other than that table's primary key (e.g.
        ``auth.users (email)`` or ``(phone)``). When the catalog does not hold the referenced
        table, ``auth.users`` is known to be keyed by ``id``; any other table is reported as
        not judged.

    Why it matters:
        The platform owns the ``auth`` schema and changes its unique constraints and indexes in
        its upgrades. A foreign key depends on the unique index it references: the platform's
        migration then fails on your key, or drops it (``CASCADE``) and your integrity with it.
        Only the primary key is a stable target.

    Example:
        ``CREATE TABLE public.invites (email text REFERENCES auth.users (email));``

    How to fix:
        Reference the primary key: ``user_id uuid REFERENCES auth.users (id)``, then
        ``ALTER TABLE public.invites DROP CONSTRAINT invites_email_fkey;``
    """

    code = "SEC018"
    name = "foreign-key-to-auth-unique"
    family = "security"
    level = Level.ERROR
    options = {"auth_schema": "auth"}
    help = "Reference the auth table's primary key (auth.users (id)) and drop this foreign key."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        prefix = quote_ident(self.opt_str("auth_schema")) + "."
        for rel, key, _columns, constraints, _indexes, _policies in table_parts(catalog):
            if not constraints or not self.own(rel.schema) or not rel.is_declared("constraints"):
                continue
            for con in constraints:
                ref = con.references
                if con.kind != "foreign key" or ref is None or not ref.table.startswith(prefix):
                    continue
                path = child_path("constraint", key, con.name)
                pk = _primary_key(catalog, ref.table)
                if pk is None:
                    yield self.not_understood(
                        path, f"the primary key of {ref.table}, which {con.name} references"
                    )
                    continue
                if set(ref.columns) == set(pk):
                    continue
                cols = ", ".join(ref.columns)
                yield self.finding(
                    path,
                    f"foreign key {con.name} on {key} references {ref.table} ({cols}), a unique key the "
                    f"platform owns and may change, not its primary key ({', '.join(pk)})",
                    expected=f"REFERENCES {ref.table} ({', '.join(pk)})",
                    actual=f"REFERENCES {ref.table} ({cols})",
                    fix_sql=f"ALTER TABLE {key} DROP CONSTRAINT {quote_ident(con.name)};",
                    location=con.location or rel.location,
                )


def _primary_key(catalog: Catalog, table: str) -> tuple[str, ...] | None:
    rel = catalog.relation(table)
    if rel is None or not rel.is_declared("constraints"):
        return KNOWN_PRIMARY_KEYS.get(table)
    pk = next((c for c in rel.constraints.values() if c.kind == "primary key"), None)
    return pk.columns if pk is not None else ()
