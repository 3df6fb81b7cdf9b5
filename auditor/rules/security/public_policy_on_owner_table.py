"""SEC006 public-policy-on-owner-table."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import PUBLIC, Catalog, quote_ident
from auditor.rules.base import Rule, register
from auditor.rules.scope import exposed_table_parts, owner_scoped, policy_path


@register
class PublicPolicyOnOwnerTable(Rule[Catalog]):
    """A policy on an owner-scoped table is granted to ``PUBLIC``.

    What it checks:
        Policies (without a ``TO`` clause, or ``TO public``) on tables in an exposed schema that
        have the owner column (option ``owner_column``, default ``owner_id``).

    Why it matters:
        A policy for ``PUBLIC`` applies to every role, ``anon`` included. On a table holding
        users' rows, the intended audience is almost always ``authenticated``; naming it keeps
        ``anon`` requests from even evaluating the clause, and keeps a later loosening of the
        clause from reaching anonymous callers.

    Example:
        ``CREATE POLICY jobs_select ON public.jobs FOR SELECT USING (owner_id = auth.uid());``

    How to fix:
        ``ALTER POLICY jobs_select ON public.jobs TO authenticated;``
    """

    code = "SEC006"
    name = "public-policy-on-owner-table"
    family = "security"
    level = Level.WARNING
    help = "Name the roles the policy is for (usually authenticated) instead of PUBLIC."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        column = self.opt_str("owner_column")
        for rel, _key, _columns, _constraints, _indexes, policies in exposed_table_parts(
            catalog, self.opt_list("exposed_schemas")
        ):
            if not policies:
                continue
            if not (rel.is_declared("policies") and owner_scoped(rel, column)):
                continue
            for pol in policies:
                if not pol.is_declared("roles") or PUBLIC not in pol.roles:
                    continue
                role = self.opt_list("api_roles")[-1] if self.opt_list("api_roles") else "authenticated"
                yield self.finding(
                    policy_path(rel, pol),
                    f"policy {pol.name} on owner-scoped table {rel.key} applies to PUBLIC (every role, "
                    "anon included)",
                    expected="TO authenticated (or the roles that need it)",
                    actual="TO PUBLIC",
                    fix_sql=f"ALTER POLICY {quote_ident(pol.name)} ON {rel.key} TO {role};",
                    location=pol.location or rel.location,
                )
