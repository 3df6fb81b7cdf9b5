"""SEC002 rls-forced."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import Catalog
from auditor.rules.base import Rule, register
from auditor.rules.scope import exposed_tables, table_path


@register
class RlsForced(Rule[Catalog]):
    """A table has row level security enabled but not forced.

    What it checks:
        Every table in an exposed schema that has row level security enabled also has it
        forced (``relforcerowsecurity``). Off by default: enable it in the ``rules:`` config.

    Why it matters:
        Without ``FORCE``, the table's owner is exempt from its policies. Functions owned by the
        table owner (``SECURITY DEFINER`` ones especially) and any connection as the owner then
        see and change every row, silently.

    Example:
        ``ALTER TABLE public.jobs ENABLE ROW LEVEL SECURITY;`` without
        ``ALTER TABLE public.jobs FORCE ROW LEVEL SECURITY;``.

    How to fix:
        ``ALTER TABLE public.jobs FORCE ROW LEVEL SECURITY;`` (roles with ``BYPASSRLS``, such as
        Supabase's ``service_role``, still bypass it).
    """

    code = "SEC002"
    name = "rls-forced"
    family = "security"
    level = Level.WARNING
    enabled_by_default = False
    help = "Force row level security so the table owner is subject to the policies too."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        for rel in exposed_tables(catalog, self.opt_list("exposed_schemas")):
            if not (rel.is_declared("rls_enabled") and rel.is_declared("rls_forced")):
                continue
            if rel.rls_enabled and not rel.rls_forced:
                yield self.finding(
                    table_path(rel),
                    f"table {rel.key} has row level security enabled but not forced: "
                    f"its owner{f' ({rel.owner})' if rel.owner else ''} is not subject to the policies",
                    expected="row level security forced",
                    actual="row level security not forced",
                    fix_sql=f"ALTER TABLE {rel.key} FORCE ROW LEVEL SECURITY;",
                    location=rel.location,
                )
