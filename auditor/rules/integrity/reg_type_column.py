"""INT005 reg-type-column."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import Catalog
from auditor.rules.base import Rule, register
from auditor.rules.scope import child_path, typed_columns

# pg_upgrade refuses a cluster whose tables store these (the OIDs they hold do not survive).
_BLOCK_UPGRADE = frozenset(
    {
        "regcollation",
        "regconfig",
        "regdictionary",
        "regnamespace",
        "regoper",
        "regoperator",
        "regproc",
        "regprocedure",
    }
)


@register
class RegTypeColumn(Rule[Catalog]):
    """A column stores an OID alias type (``regclass``, ``regproc``, ...).

    What it checks:
        Table columns whose type (or array element type) is one of the ``reg*`` OID alias types.

    Why it matters:
        These store object OIDs, which differ between databases: a dump restored elsewhere, a
        branch or a replica rebuilt from SQL may point at other objects or at none. ``pg_upgrade``
        refuses outright to upgrade a cluster whose tables store ``regproc``, ``regprocedure``,
        ``regoper``, ``regoperator``, ``regconfig``, ``regdictionary``, ``regnamespace`` or
        ``regcollation``.

    Example:
        ``CREATE TABLE public.hooks (fn regprocedure);``

    How to fix:
        Store the name instead: ``ALTER TABLE public.hooks ALTER COLUMN fn TYPE text USING
        fn::text;``
    """

    code = "INT005"
    name = "reg-type-column"
    family = "integrity"
    level = Level.WARNING
    help = "Store the object's name as text instead of its OID."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        managed = self.managed_schemas()
        for rel, key, col, typ in typed_columns(managed, catalog, partitions=True, types=_stores_oids):
            upgrade = " and pg_upgrade refuses to upgrade the cluster" if _base(typ) in _BLOCK_UPGRADE else ""
            yield self.finding(
                child_path("column", key, col.name),
                f"column {key}.{col.name} is {col.type}: it stores OIDs, which do not survive a "
                f"dump and restore{upgrade}",
                actual=col.type,
                expected="text (the object's name)",
                location=col.location or rel.location,
            )


def _base(typ: str) -> str:
    """The element type of a canonical type: ``regclass`` for ``regclass[]``."""
    return typ.removesuffix("[]").split("[", 1)[0]


def _stores_oids(typ: str) -> bool:
    base = _base(typ)
    return base in _BLOCK_UPGRADE or base in ("regclass", "regtype", "regrole")
