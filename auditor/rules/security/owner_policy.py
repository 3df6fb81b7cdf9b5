"""SEC007 owner-policy."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import Catalog, Policy, quote_ident
from auditor.rules.base import Rule, register
from auditor.rules.expressions import restricts_to_owner
from auditor.rules.scope import exposed_table_parts, owner_scoped, policy_path


@register
class OwnerPolicy(Rule[Catalog]):
    """A policy on an owner-scoped table does not restrict rows to their owner.

    What it checks:
        On tables in an exposed schema that have the owner column (option ``owner_column``,
        default ``owner_id``), every permissive policy compares the owner column with the owner
        function (option ``owner_function``, default ``auth.uid()``, bare or as
        ``(select auth.uid())``): in ``USING`` for ``SELECT``, ``UPDATE``, ``DELETE`` and ``ALL``,
        and in ``WITH CHECK`` for ``INSERT``, ``UPDATE`` and ``ALL`` (PostgreSQL uses ``USING``
        as the check when ``WITH CHECK`` is absent). A conjunct such a comparison is enough
        (``owner_id = auth.uid() AND status <> 'deleted'``); an ``OR`` must restrict on every
        branch. A command with no policy is fine (RLS denies it). Policies granted only to the
        service role (option ``service_role``) and restrictive policies (they can only narrow
        access) are exempt.

    Why it matters:
        Permissive policies are OR-ed: one policy that does not restrict to the owner opens every
        row of every user for that command. A ``WITH CHECK`` that does not pin the owner lets a
        user insert rows in someone else's name, or hand their rows over on update.

    Example:
        ``CREATE POLICY jobs_update ON public.jobs FOR UPDATE TO authenticated USING (owner_id =
        auth.uid()) WITH CHECK (true);`` lets a user give their job to anyone.

    How to fix:
        ``ALTER POLICY jobs_update ON public.jobs USING (owner_id = (select auth.uid())) WITH CHECK
        (owner_id = (select auth.uid()));``
    """

    code = "SEC007"
    name = "owner-policy"
    family = "security"
    level = Level.ERROR
    help = (
        "Make the policy compare the owner column with the owner function in USING and, for "
        "INSERT/UPDATE/ALL, in WITH CHECK: owner_id = (select auth.uid())."
    )

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        column = self.opt_str("owner_column")
        fn = self.opt_str("owner_function")
        service = self.opt_str("service_role")
        for rel, _key, _columns, _constraints, _indexes, policies in exposed_table_parts(
            catalog, self.opt_list("exposed_schemas")
        ):
            if not policies:
                continue
            if not (rel.is_declared("policies") and owner_scoped(rel, column)):
                continue
            for pol in policies:
                if not pol.permissive or (pol.roles and pol.roles <= {service}):
                    continue
                loose, unread = self._loose_clauses(pol, column, fn)
                for clause in unread:
                    yield self.not_understood(
                        policy_path(rel, pol),
                        f"the {clause} clause of policy {pol.name} on {rel.key}",
                        location=pol.location or rel.location,
                    )
                if not loose:
                    continue
                cond = f"{quote_ident(column)} = (select {fn})"
                fix = [f"USING (({pol.using}) AND {cond})"] if "USING" in loose else []
                if "WITH CHECK" in loose and pol.with_check is not None:
                    fix.append(f"WITH CHECK (({pol.with_check}) AND {cond})")
                yield self.finding(
                    policy_path(rel, pol),
                    f"{pol.command} policy {pol.name} on owner-scoped table {rel.key} does not restrict "
                    f"rows to their owner in {' and '.join(loose)}: it admits other users' rows",
                    expected=cond,
                    actual="; ".join(
                        f"{c}: {pol.using if c == 'USING' else (pol.with_check or pol.using)}" for c in loose
                    ),
                    fix_sql=f"ALTER POLICY {quote_ident(pol.name)} ON {rel.key} {' '.join(fix)};",
                    location=pol.location or rel.location,
                    fingerprint_extra=tuple(loose),
                )

    @staticmethod
    def _loose_clauses(pol: Policy, column: str, fn: str) -> tuple[list[str], list[str]]:
        """The clauses (USING, WITH CHECK) that admit rows not owned by the caller, and those that
        could not be parsed (not judged). A missing clause admits nothing."""
        out: list[str] = []
        unread: list[str] = []
        reads = pol.command in ("SELECT", "UPDATE", "DELETE", "ALL")
        judged = reads and pol.using is not None and pol.is_declared("using")
        verdict = restricts_to_owner(pol.using, column, fn) if judged else True
        if verdict is False:
            out.append("USING")
        elif verdict is None:
            unread.append("USING")
        if pol.command in ("INSERT", "UPDATE", "ALL"):
            check = (
                pol.with_check
                if pol.with_check is not None
                else (pol.using if pol.command != "INSERT" else None)
            )
            if not pol.is_declared("with_check"):
                check = None  # a partial spec that leaves WITH CHECK out: not judged
            verdict = restricts_to_owner(check, column, fn) if check is not None else True
            if verdict is False:
                out.append("WITH CHECK")
            elif verdict is None and check is not pol.using:
                unread.append("WITH CHECK")
        return out, unread
