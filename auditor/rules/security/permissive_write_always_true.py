"""SEC005 permissive-write-always-true."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import PUBLIC, Catalog, Policy, quote_ident
from auditor.rules.base import Rule, register
from auditor.rules.expressions import always_true
from auditor.rules.scope import owner_scoped, policy_path, table_parts


@register
class PermissiveWriteAlwaysTrue(Rule[Catalog]):
    """A permissive write policy for the API roles lets every row through.

    What it checks:
        Permissive ``INSERT``, ``UPDATE``, ``DELETE`` or ``ALL`` policies that apply to an API role
        (option ``api_roles``, default ``anon`` and ``authenticated``) or to ``PUBLIC``, whose
        ``USING`` or ``WITH CHECK`` clause is always true (``true``, ``1 = 1``, ``x OR true``).

    Why it matters:
        Permissive policies are OR-ed together: one that is always true makes every other policy
        on the table irrelevant for that command. Any signed-in user (or, for ``anon``, anyone with
        the public key) can then change or delete every row.

    Example:
        ``CREATE POLICY jobs_write ON public.jobs FOR UPDATE TO authenticated USING (true);``

    How to fix:
        Restrict the clause to the rows the caller owns, e.g.
        ``USING (owner_id = (select auth.uid())) WITH CHECK (owner_id = (select auth.uid()))``, or
        grant the policy to the service role only if it is meant for back-end jobs.
    """

    code = "SEC005"
    name = "permissive-write-always-true"
    family = "security"
    level = Level.ERROR
    help = "Restrict the policy to the caller's rows (owner_id = (select auth.uid())) or drop it."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        targets = {*self.opt_list("api_roles"), PUBLIC}
        column = self.opt_str("owner_column")
        for rel, _key, _columns, _constraints, _indexes, policies in table_parts(catalog):
            if not policies:
                continue
            if not rel.is_declared("policies"):
                continue
            for pol in policies:
                if pol.command == "SELECT" or not pol.permissive or not (pol.roles & targets):
                    continue
                clauses = []
                for name, attr, text, applies in (
                    ("USING", "using", pol.using, pol.command != "INSERT"),
                    ("WITH CHECK", "with_check", pol.with_check, pol.command != "DELETE"),
                ):
                    # Only a clause the source declares is judged (a partial spec may leave it out).
                    if not applies or text is None or not pol.is_declared(attr):
                        continue
                    if attr == "with_check" and _reaches_no_row(pol, policies):
                        continue
                    verdict = always_true(text)
                    if verdict is None:
                        yield self.not_understood(
                            policy_path(rel, pol),
                            f"the {name} clause of policy {pol.name} on {rel.key}",
                            location=pol.location or rel.location,
                        )
                    elif verdict:
                        clauses.append(name)
                if not clauses:
                    continue
                roles = ", ".join(sorted(pol.roles & targets))
                fix = None
                if owner_scoped(rel, column):
                    # On a table whose rows have owners, the natural clause is the owner's.
                    cond = f"{quote_ident(column)} = (select {self.opt_str('owner_function')})"
                    fix = (
                        f"ALTER POLICY {quote_ident(pol.name)} ON {rel.key} "
                        + " ".join(f"{c} ({cond})" for c in clauses)
                        + ";"
                    )
                yield self.finding(
                    policy_path(rel, pol),
                    f"permissive {pol.command} policy {pol.name} on {rel.key} applies to {roles} and its "
                    f"{' and '.join(clauses)} {'is' if len(clauses) == 1 else 'are'} always true: "
                    f"{roles} can write every row",
                    actual=f"{' / '.join(clauses)} always true",
                    fix_sql=fix,
                    location=pol.location or rel.location,
                )


def _reaches_no_row(pol: Policy, policies: tuple[Policy, ...]) -> bool:
    """An UPDATE policy without USING, on a table where no permissive UPDATE (or ALL) policy has
    one: a policy without USING lets no existing row through, so no row can be updated and its
    WITH CHECK never runs (splinter reports it as always true)."""
    if pol.command != "UPDATE" or pol.using is not None or not pol.is_declared("using"):
        return False
    return not any(
        p.permissive
        and p.command in ("UPDATE", "ALL")
        and (p.using is not None or not p.is_declared("using"))
        for p in policies
    )
