"""PERF002 owner-column-index."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import Catalog, quote_ident
from auditor.rules.base import Rule, register
from auditor.rules.scope import column_path, covered, exposed_table_parts, index_name


@register
class OwnerColumnIndex(Rule[Catalog]):
    """The owner column of a table is not indexed.

    What it checks:
        Tables in an exposed schema that have the owner column (option ``owner_column``, default
        ``owner_id``) have a valid, non-partial index leading with it.

    Why it matters:
        Every query through the API on such a table carries the owner policy's
        ``owner_id = auth.uid()``. Without an index that filter is a sequential scan of every
        user's rows, for every request: the most common cause of slow Supabase tables.

    Example:
        ``CREATE TABLE public.jobs (..., owner_id uuid);`` with an owner policy and no index.

    How to fix:
        ``CREATE INDEX CONCURRENTLY jobs_owner_id_idx ON public.jobs (owner_id);``
    """

    code = "PERF002"
    name = "owner-column-index"
    family = "performance"
    level = Level.WARNING
    help = "Index the owner column: every request filters on it."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        column = self.opt_str("owner_column")
        for rel, _key, _columns, _constraints, indexes, _policies in exposed_table_parts(
            catalog, self.opt_list("exposed_schemas")
        ):
            if not (rel.is_declared("columns") and rel.is_declared("indexes")) or column not in rel.columns:
                continue
            if covered(indexes, (column,)):
                continue
            yield self.finding(
                column_path(rel, column),
                f"owner column {rel.key}.{column} has no index: every owner-filtered query scans the "
                "whole table",
                expected=f"an index leading with {column}",
                actual="none",
                fix_sql=f"CREATE INDEX CONCURRENTLY {quote_ident(index_name(catalog, rel, (column,)))} "
                f"ON {rel.key} ({quote_ident(column)});",
                location=rel.columns[column].location or rel.location,
            )
