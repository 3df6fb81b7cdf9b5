"""INT001 primary-key."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import Catalog
from auditor.rules.base import Rule, register
from auditor.rules.scope import table_parts, table_path


@register
class PrimaryKey(Rule[Catalog]):
    """A table has no primary key.

    What it checks:
        Every plain and partitioned table has a ``PRIMARY KEY`` constraint. Partitions are left
        out (they take their parent's key).

    Why it matters:
        Without a key, duplicate rows cannot be told apart or fixed, logical replication cannot
        replicate ``UPDATE`` and ``DELETE`` (Supabase Realtime among its users), and client
        libraries and the API cannot address a single row.

    Example:
        ``CREATE TABLE public.audit_log (at timestamptz, message text);``

    How to fix:
        Add a key: ``ALTER TABLE public.audit_log ADD COLUMN id bigint GENERATED ALWAYS AS
        IDENTITY PRIMARY KEY;`` or ``ALTER TABLE ... ADD PRIMARY KEY (existing_unique_columns);``
    """

    code = "INT001"
    name = "primary-key"
    family = "integrity"
    level = Level.WARNING
    help = "Add a primary key (an identity column, or the columns that identify a row)."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        for rel, _key, _columns, constraints, _indexes, _policies in table_parts(catalog):
            if not self.own(rel.schema) or not rel.is_declared("constraints") or rel.partition_of is not None:
                continue
            if any(c.kind == "primary key" for c in constraints):
                continue
            yield self.finding(
                table_path(rel),
                f"table {rel.key} has no primary key",
                expected="a primary key",
                actual="none",
                location=rel.location,
            )
