"""CON002 prefer-text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import Catalog, quote_ident
from auditor.rules.base import Rule, register
from auditor.rules.scope import child_path, typed_columns

_CHAR = re.compile(r"^(character varying\(\d+\)|character(\(\d+\))?)(\[\])*$")


@register
class PreferText(Rule[Catalog]):
    """A column is ``varchar(n)`` or ``char(n)`` instead of ``text``.

    What it checks:
        Table columns of type ``character varying(n)`` or ``character(n)`` (``char``).

    Why it matters:
        In PostgreSQL, ``text`` and ``varchar`` are stored the same way; the length limit only
        adds a check that is expensive to change (widening is cheap, but narrowing or any change
        through a view or a dependent column rewrites or locks). ``char(n)`` pads with blanks
        and compares surprisingly. A ``CHECK (length(x) <= n)`` states a real limit and is cheap
        to change.

    Example:
        ``email varchar(255)``

    How to fix:
        ``ALTER TABLE public.users ALTER COLUMN email TYPE text;`` and, where the limit matters,
        ``ADD CONSTRAINT users_email_length CHECK (length(email) <= 255)``.
    """

    code = "CON002"
    name = "prefer-text"
    family = "conventions"
    level = Level.INFO
    help = "Use text, with a CHECK on length() where the limit is a real rule."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        for rel, key, col, typ in typed_columns(self.managed_schemas(), catalog, types=_CHAR.match):
            new = "text" + "[]" * typ.count("[]")
            yield self.finding(
                child_path("column", key, col.name),
                f"column {key}.{col.name} is {typ}; text with a CHECK on length() is easier to change",
                expected=new,
                actual=typ,
                fix_sql=f"ALTER TABLE {key} ALTER COLUMN {quote_ident(col.name)} TYPE {new};",
                location=col.location or rel.location,
            )
