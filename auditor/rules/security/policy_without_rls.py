"""SEC003 policy-without-rls."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import Catalog
from auditor.rules.base import Rule, register
from auditor.rules.scope import table_path


@register
class PolicyWithoutRls(Rule[Catalog]):
    """A table has policies but row level security is off, so none of them applies.

    What it checks:
        Every table (in any schema) that has at least one policy also has row level security
        enabled.

    Why it matters:
        Policies do nothing until RLS is enabled. The schema reads as protected (the policies are
        there, reviewed, tested in isolation) while every granted role sees every row. This is the
        classic half-finished RLS migration.

    Example:
        ``CREATE POLICY jobs_owner ON public.jobs USING (owner_id = auth.uid());`` with no
        ``ALTER TABLE public.jobs ENABLE ROW LEVEL SECURITY;``.

    How to fix:
        ``ALTER TABLE public.jobs ENABLE ROW LEVEL SECURITY;``
    """

    code = "SEC003"
    name = "policy-without-rls"
    family = "security"
    level = Level.ERROR
    help = "Enable row level security: until then the table's policies are ignored."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        for rel in catalog.tables():
            if not (rel.is_declared("rls_enabled") and rel.is_declared("policies")):
                continue
            if rel.policies and not rel.rls_enabled:
                names = ", ".join(sorted(rel.policies))
                noun = "policy" if len(rel.policies) == 1 else "policies"
                yield self.finding(
                    table_path(rel),
                    f"table {rel.key} has {len(rel.policies)} {noun} "
                    f"({names}) but row level security is off, so they are not applied",
                    expected="row level security enabled",
                    actual="row level security disabled",
                    fix_sql=f"ALTER TABLE {rel.key} ENABLE ROW LEVEL SECURITY;",
                    location=rel.location,
                )
