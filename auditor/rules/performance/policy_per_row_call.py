"""PERF003 policy-per-row-call."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import Catalog, quote_ident
from auditor.rules.base import Rule, register
from auditor.rules.expressions import calls, in_subquery, parse, wrap_per_row_calls
from auditor.rules.scope import policy_path


@register
class PolicyPerRowCall(Rule[Catalog]):
    """A policy calls ``auth.*()`` or ``current_setting()`` once per row.

    What it checks:
        Calls in a policy's ``USING`` or ``WITH CHECK`` to functions matching option
        ``functions`` (globs, default ``auth.*`` and ``current_setting``) that are not wrapped
        in a sub-select such as ``(select auth.uid())``.

    Why it matters:
        A bare ``auth.uid()`` is a function call the planner evaluates for every row it filters.
        Wrapped in ``(select ...)`` it becomes an InitPlan evaluated once per statement; on large
        tables Supabase measured orders of magnitude between the two. The result is the same
        because these functions are stable within a statement.

    Example:
        ``CREATE POLICY jobs_select ON public.jobs FOR SELECT USING (owner_id = auth.uid());``

    How to fix:
        ``ALTER POLICY jobs_select ON public.jobs USING (owner_id = (select auth.uid()));``
    """

    code = "PERF003"
    name = "policy-per-row-call"
    family = "performance"
    level = Level.WARNING
    options = {"functions": ["auth.*", "current_setting"]}
    help = "Wrap the call in a sub-select, e.g. (select auth.uid()), so it runs once per statement."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        patterns = [p.lower().removesuffix("()") for p in self.opt_list("functions")]
        for rel in catalog.tables():
            if not rel.is_declared("policies"):
                continue
            for pol in rel.policies.values():
                found: set[str] = set()
                for attr, text in (("using", pol.using), ("with_check", pol.with_check)):
                    tree = parse(text) if pol.is_declared(attr) else None
                    if tree is None:
                        continue
                    for name, node in calls(tree):
                        if any(fnmatch.fnmatchcase(name, p) for p in patterns) and not in_subquery(
                            node, tree
                        ):
                            found.add(f"{name}()")
                if not found:
                    continue
                names = ", ".join(sorted(found))
                clauses = [
                    f"{kw} ({new})"
                    for kw, old in (("USING", pol.using), ("WITH CHECK", pol.with_check))
                    if (new := wrap_per_row_calls(old, patterns)) is not None
                ]
                fix = (
                    f"ALTER POLICY {quote_ident(pol.name)} ON {rel.key} {' '.join(clauses)};"
                    if clauses
                    else None
                )
                yield self.finding(
                    policy_path(rel, pol),
                    f"policy {pol.name} on {rel.key} calls {names} once per row; "
                    f"wrap {'it' if len(found) == 1 else 'each'} in (select ...)",
                    actual=names,
                    expected=", ".join(f"(select {n})" for n in sorted(found)),
                    fix_sql=fix,
                    location=pol.location or rel.location,
                )
