"""CON001 prefer-timestamptz."""

from __future__ import annotations

import re
from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import Catalog, quote_ident
from auditor.rules.base import Rule, register
from auditor.rules.scope import child_path, typed_columns

_TIMESTAMP = re.compile(r"^timestamp(\(\d+\))? without time zone(\[\])*$")


@register
class PreferTimestamptz(Rule[Catalog]):
    """A column is ``timestamp`` (without time zone) instead of ``timestamptz``.

    What it checks:
        Table columns of type ``timestamp`` / ``timestamp without time zone`` (arrays included).

    Why it matters:
        ``timestamp`` stores a wall-clock reading with no zone. ``now()`` is converted with the
        session's ``TimeZone``, so the same instant is stored differently by clients in different
        zones, and comparisons across a DST change are off by an hour. ``timestamptz`` stores an
        instant (UTC) and costs the same 8 bytes.

    Example:
        ``created_at timestamp default now()``

    How to fix:
        ``ALTER TABLE public.jobs ALTER COLUMN created_at TYPE timestamptz USING created_at AT TIME
        ZONE 'UTC';`` (name the zone the values were written in; rewrites the table).
    """

    code = "CON001"
    name = "prefer-timestamptz"
    family = "conventions"
    level = Level.WARNING
    help = "Use timestamptz: it stores an instant, whatever the client's time zone."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        for rel, key, col, typ in typed_columns(self.managed_schemas(), catalog, types=_TIMESTAMP.match):
            m = _TIMESTAMP.match(typ)
            if not m:
                continue
            new = f"timestamp{m.group(1) or ''} with time zone" + "[]" * typ.count("[]")
            yield self.finding(
                child_path("column", key, col.name),
                f"column {key}.{col.name} is {typ}: it stores wall-clock time without a zone",
                expected=new,
                actual=typ,
                fix_sql=(
                    f"ALTER TABLE {key} ALTER COLUMN {quote_ident(col.name)} TYPE {new}"
                    + (f" USING {quote_ident(col.name)} AT TIME ZONE 'UTC';" if "[]" not in typ else ";")
                ),
                location=col.location or rel.location,
            )
