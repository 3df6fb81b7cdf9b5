"""SEC011 view-security-invoker."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import PUBLIC, Catalog
from auditor.rules.base import Rule, register
from auditor.rules.scope import exposed_relations, granted, table_path


@register
class ViewSecurityInvoker(Rule[Catalog]):
    """A view readable by the API roles runs with its owner's rights (no ``security_invoker``).

    What it checks:
        Views in an exposed schema that ``anon``, ``authenticated`` (option ``api_roles``) or
        ``PUBLIC`` may ``SELECT`` from, and that are not ``WITH (security_invoker = true)``.

    Why it matters:
        A view reads its tables with the rights of the view's owner, not of the caller. When the
        owner is the tables' owner (usually ``postgres``), row level security on those tables is
        not applied: the view hands every row to the API.

    Example:
        ``CREATE VIEW public.job_summary AS SELECT run_id, status, owner_id FROM public.jobs;``

    How to fix:
        ``ALTER VIEW public.job_summary SET (security_invoker = true);`` (PostgreSQL 15 and later),
        or revoke ``SELECT`` from the API roles.
    """

    code = "SEC011"
    name = "view-security-invoker"
    family = "security"
    level = Level.ERROR
    help = "Set security_invoker = true on the view, or revoke SELECT from the API roles."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        roles = [*self.opt_list("api_roles"), PUBLIC]
        for rel in exposed_relations(catalog, self.opt_list("exposed_schemas"), ("view",)):
            if not (rel.is_declared("security_invoker") and rel.is_declared("privileges")):
                continue
            holders = granted(rel.privileges, roles, "SELECT")
            if rel.security_invoker or not holders:
                continue
            yield self.finding(
                table_path(rel),
                f"view {rel.key} is readable by {', '.join(holders)} and runs with its owner's rights: "
                "row level security of the tables it reads is bypassed",
                expected="security_invoker = true",
                actual="security_invoker not set",
                fix_sql=f"ALTER VIEW {rel.key} SET (security_invoker = true);",
                location=rel.location,
            )
