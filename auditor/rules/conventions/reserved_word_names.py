"""CON006 reserved-word-names."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import Catalog
from auditor.pgvocab import QUOTED_KEYWORDS as RESERVED
from auditor.rules.base import Rule, register
from auditor.rules.conventions._names import project_names


@register
class ReservedWordNames(Rule[Catalog]):
    """A name is an SQL keyword PostgreSQL reserves.

    What it checks:
        Names of schemas, tables, views, columns, constraints, indexes, functions, sequences,
        enums and domains in the project's schemas that are keywords PostgreSQL does not accept
        unquoted in every position (reserved, and reserved-except-as-function-or-type: ``user``,
        ``order``, ``default``, ``time``, ...).

    Why it matters:
        Such a name must be quoted in queries (``SELECT "order" FROM ...``), and tools, ORMs and
        hand-written SQL that forget to quote fail with syntax errors, or worse, parse into
        something else (``user`` unquoted is ``current_user``).

    Example:
        ``CREATE TABLE public.jobs ("order" integer, "user" uuid);``

    How to fix:
        Rename: ``ALTER TABLE public.jobs RENAME COLUMN "order" TO sort_order;``
    """

    code = "CON006"
    name = "reserved-word-names"
    family = "conventions"
    level = Level.WARNING
    help = "Rename so the name is not an SQL keyword (e.g. order -> sort_order, user -> user_id)."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        for named in project_names(self, catalog, RESERVED.__contains__):
            yield self.finding(
                named.path,
                f"{named.kind} name {named.name!r} is an SQL keyword: it must be quoted wherever it is used",
                actual=named.name,
                location=named.location,
            )
