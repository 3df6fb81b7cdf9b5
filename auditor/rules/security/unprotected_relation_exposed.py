"""SEC012 unprotected-relation-exposed."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import PUBLIC, Catalog
from auditor.rules.base import Rule, register
from auditor.rules.scope import exposed_relations, granted, table_path


@register
class UnprotectedRelationExposed(Rule[Catalog]):
    """A materialized view or foreign table is readable by the API roles.

    What it checks:
        Materialized views and foreign tables in an exposed schema that ``anon``,
        ``authenticated`` (option ``api_roles``) or ``PUBLIC`` may ``SELECT`` from.

    Why it matters:
        Neither can have row level security. Whatever rows they hold (a materialized view keeps a
        copy of its query's result, read as its owner), every API caller with the grant reads all
        of them.

    Example:
        ``CREATE MATERIALIZED VIEW public.job_stats AS SELECT owner_id, count(*) FROM public.jobs
        GROUP BY 1;`` with Supabase's default grants.

    How to fix:
        Move it to a schema the API does not expose, or
        ``REVOKE SELECT ON public.job_stats FROM anon, authenticated;``
    """

    code = "SEC012"
    name = "unprotected-relation-exposed"
    family = "security"
    level = Level.WARNING
    help = "Revoke SELECT from the API roles or move the relation to a schema the API does not expose."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        roles = [*self.opt_list("api_roles"), PUBLIC]
        kinds = ("materialized view", "foreign table")
        for rel in exposed_relations(catalog, self.opt_list("exposed_schemas"), kinds):
            if not rel.is_declared("privileges"):
                continue
            holders = granted(rel.privileges, roles, "SELECT")
            if not holders:
                continue
            revoke = ", ".join(holders)
            yield self.finding(
                table_path(rel),
                f"{rel.kind} {rel.key} is readable by {revoke} and cannot have row level security: "
                "every API caller reads all its rows",
                actual=f"SELECT granted to {revoke}",
                fix_sql=f"REVOKE SELECT ON {rel.key} FROM {revoke};",
                location=rel.location,
            )
