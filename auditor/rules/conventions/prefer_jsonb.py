"""CON003 prefer-jsonb."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import Catalog, quote_ident
from auditor.rules.base import Rule, register
from auditor.rules.scope import child_path, typed_columns


@register
class PreferJsonb(Rule[Catalog]):
    """A column is ``json`` instead of ``jsonb``.

    What it checks:
        Table columns of type ``json`` (arrays included).

    Why it matters:
        ``json`` keeps the input text and reparses it on every access; it has no equality
        operator (so no ``DISTINCT``, ``GROUP BY`` or unique index), and no GIN index or
        containment operators (``@>``). ``jsonb`` is what the API and most queries want.

    Example:
        ``payload json``

    How to fix:
        ``ALTER TABLE public.job_events ALTER COLUMN payload TYPE jsonb USING payload::jsonb;``
        (rewrites the table; keeps ``json`` only if key order or duplicate keys must survive).
    """

    code = "CON003"
    name = "prefer-jsonb"
    family = "conventions"
    level = Level.WARNING
    help = "Use jsonb: indexable, comparable, and parsed once."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        for rel, key, col, typ in typed_columns(self.managed_schemas(), catalog, types=_is_json):
            new = typ.replace("json", "jsonb", 1)
            name = quote_ident(col.name)
            yield self.finding(
                child_path("column", key, col.name),
                f"column {key}.{col.name} is {typ}: not indexable or comparable, reparsed on every read",
                expected=new,
                actual=typ,
                fix_sql=f"ALTER TABLE {key} ALTER COLUMN {name} TYPE {new} USING {name}::{new};",
                location=col.location or rel.location,
            )


def _is_json(typ: str) -> bool:
    """``json``, ``json[]`` or ``json[][]`` (a canonical type)."""
    return typ.removesuffix("[]").removesuffix("[]") == "json"
