"""SEC014 service-role-bypass."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import Catalog, Policy
from auditor.rules.base import Rule, register
from auditor.rules.expressions import always_true
from auditor.rules.scope import COMMANDS, applies_to, commands_of, exposed_table_parts


@register
class ServiceRoleBypass(Rule[Catalog]):
    """The service role can neither bypass RLS nor reach every row of an RLS table.

    What it checks:
        The service role (option ``service_role``, default ``service_role``) either has
        ``BYPASSRLS`` (or ``SUPERUSER``), or every table with row level security in an exposed
        schema has a permissive policy for it whose clauses are always true, for every command.
        When the catalog does not describe the role, nothing is judged.

    Why it matters:
        Back-end jobs (webhooks, workers, admin tools) use the service role to act on all users'
        rows. When it neither bypasses RLS nor has a policy, those jobs see empty tables and their
        writes fail, typically only in production where the role was set up differently.

    Example:
        ``ALTER ROLE service_role NOBYPASSRLS;`` with no ``CREATE POLICY ... TO service_role``.

    How to fix:
        ``ALTER ROLE service_role BYPASSRLS;`` (Supabase's default), or
        ``CREATE POLICY jobs_service ON public.jobs TO service_role USING (true) WITH CHECK
        (true);``
    """

    code = "SEC014"
    name = "service-role-bypass"
    family = "security"
    level = Level.WARNING
    help = "Give the service role BYPASSRLS, or a permissive USING (true) WITH CHECK (true) policy."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        service = self.opt_str("service_role")
        role = catalog.roles.get(service)
        if role is None or not (role.is_declared("bypassrls") and role.is_declared("superuser")):
            return
        if role.bypassrls or role.superuser:
            return
        for rel, key, _columns, _constraints, _indexes, policies in exposed_table_parts(
            catalog, self.opt_list("exposed_schemas")
        ):
            if not (rel.is_declared("rls_enabled") and rel.is_declared("policies")) or not rel.rls_enabled:
                continue
            missing = self._uncovered(policies, service)
            if missing:  # None: a policy for the role is not fully declared, so not judged
                yield self.finding(
                    f"table:{key}",  # table_path(rel), from the key at hand
                    f"service role {service} does not bypass RLS and no policy lets it "
                    f"{', '.join(missing)} every row of {key}",
                    expected=f"{service} BYPASSRLS, or a USING (true) policy for it",
                    actual=f"not covered: {', '.join(missing)}",
                    fix_sql=f"ALTER ROLE {service} BYPASSRLS;",
                    location=rel.location,
                )

    @staticmethod
    def _uncovered(policies: tuple[Policy, ...], service: str) -> list[str] | None:
        """The commands no policy of a table (``policies``) lets ``service`` run on every row."""
        covered: set[str] = set()
        for pol in policies:
            if not pol.permissive or not applies_to(pol, service):
                continue
            if not all(pol.is_declared(a) for a in ("roles", "command", "using", "with_check")):
                return None
            for cmd in commands_of(pol):
                using_ok = cmd == "INSERT" or always_true(pol.using)
                check = pol.with_check if pol.with_check is not None else pol.using
                check_ok = cmd in ("SELECT", "DELETE") or always_true(check)
                if using_ok and check_ok:
                    covered.add(cmd)
        return [c for c in COMMANDS if c not in covered]
