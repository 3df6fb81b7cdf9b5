"""SEC004 rls-without-policy."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import Catalog
from auditor.rules.base import Rule, register
from auditor.rules.scope import exposed_tables, table_path


@register
class RlsWithoutPolicy(Rule[Catalog]):
    """A table in an exposed schema has row level security on and no policy at all.

    What it checks:
        Tables in an exposed schema with row level security enabled and no policy.

    Why it matters:
        With RLS on and no policy, every role except the owner and roles that bypass RLS sees no
        row and can write none. That is safe, and sometimes intended (a table only the service
        role touches), but more often a policy migration that never ran. Reported as info so
        that it is seen.

    Example:
        ``ALTER TABLE public.prompts ENABLE ROW LEVEL SECURITY;`` and no ``CREATE POLICY``.

    How to fix:
        Add the policies the API roles need, e.g.
        ``CREATE POLICY prompts_read ON public.prompts FOR SELECT TO authenticated USING (true);``,
        or allow-list the table with the reason it is service-role only.
    """

    code = "SEC004"
    name = "rls-without-policy"
    family = "security"
    level = Level.INFO
    help = "Add policies for the roles that need access, or allow-list the table with a reason."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        for rel in exposed_tables(catalog, self.opt_list("exposed_schemas")):
            if not (rel.is_declared("rls_enabled") and rel.is_declared("policies")):
                continue
            if rel.rls_enabled and not rel.policies:
                yield self.finding(
                    table_path(rel),
                    f"table {rel.key} has row level security on and no policy: only its owner and "
                    "roles that bypass RLS can read or write it",
                    location=rel.location,
                )
