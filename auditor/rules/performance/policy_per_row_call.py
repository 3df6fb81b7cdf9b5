"""PERF003 policy-per-row-call."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from auditor.findings import Finding, Level
from auditor.model import Catalog, quote_ident
from auditor.rules.base import Rule, register
from auditor.rules.expressions import per_row_matches, wrap_per_row_calls
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
        patterns = tuple(p.lower().removesuffix("()") for p in self.opt_list("functions"))
        for rel in catalog.tables():
            if not rel.is_declared("policies"):
                continue
            for pol in rel.policies.values():
                found, clauses = _advice(
                    pol.using,
                    pol.with_check,
                    pol.is_declared("using"),
                    pol.is_declared("with_check"),
                    patterns,
                )
                if not found:
                    continue
                names = ", ".join(found)
                fix = f"ALTER POLICY {quote_ident(pol.name)} ON {rel.key} {clauses};" if clauses else None
                yield self.finding(
                    policy_path(rel, pol),
                    f"policy {pol.name} on {rel.key} calls {names} once per row; "
                    f"wrap {'it' if len(found) == 1 else 'each'} in (select ...)",
                    actual=names,
                    expected=", ".join(f"(select {n})" for n in found),
                    fix_sql=fix,
                    location=pol.location or rel.location,
                )


@lru_cache(maxsize=4096)
def _advice(
    using: str | None, with_check: str | None, read_using: bool, read_check: bool, patterns: tuple[str, ...]
) -> tuple[tuple[str, ...], str]:
    """(the per-row calls, sorted; the ``USING (...) WITH CHECK (...)`` that wraps them) for one pair
    of clauses: computed once for each pair, however many policies share it."""
    found: set[str] = set()
    if read_using:
        found |= per_row_matches(using, patterns)
    if read_check:
        found |= per_row_matches(with_check, patterns)
    if not found:
        return (), ""
    clauses = [
        f"{kw} ({new})"
        for kw, old in (("USING", using), ("WITH CHECK", with_check))
        if (new := wrap_per_row_calls(old, list(patterns))) is not None
    ]
    return tuple(sorted(found)), " ".join(clauses)
