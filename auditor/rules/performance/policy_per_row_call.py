"""PERF003 policy-per-row-call."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from auditor.findings import Finding, Level
from auditor.model import Catalog, quote_ident
from auditor.rules.base import Rule, register
from auditor.rules.expressions import per_row_matches, wrap_per_row_calls
from auditor.rules.scope import child_path, table_parts


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
        for rel, key, _columns, _constraints, _indexes, policies in table_parts(catalog):
            if not policies or not rel.is_declared("policies"):
                continue
            for pol in policies:
                advice = _advice(
                    pol.using,
                    pol.with_check,
                    pol.is_declared("using"),
                    pol.is_declared("with_check"),
                    patterns,
                )
                if advice is None:
                    continue
                names, expected, wrap, clauses = advice
                name = quote_ident(pol.name)
                yield self.finding(
                    child_path("policy", key, pol.name),
                    f"policy {pol.name} on {key} calls {names} once per row; {wrap}",
                    actual=names,
                    expected=expected,
                    fix_sql=f"ALTER POLICY {name} ON {key} {clauses};" if clauses else None,
                    location=pol.location or rel.location,
                )


@lru_cache(maxsize=4096)
def _advice(
    using: str | None, with_check: str | None, read_using: bool, read_check: bool, patterns: tuple[str, ...]
) -> tuple[str, str, str, str] | None:
    """What a finding says about one pair of clauses, computed once for each pair however many
    policies share it: (the per-row calls, sorted and joined; the expected spelling; the advice to
    wrap them; the ``USING (...) WITH CHECK (...)`` that wraps them). None when no call is per row."""
    found: set[str] = set()
    if read_using:
        found |= per_row_matches(using, patterns)
    if read_check:
        found |= per_row_matches(with_check, patterns)
    if not found:
        return None
    calls = sorted(found)
    clauses = [
        f"{kw} ({new})"
        for kw, old in (("USING", using), ("WITH CHECK", with_check))
        if (new := wrap_per_row_calls(old, list(patterns))) is not None
    ]
    return (
        ", ".join(calls),
        ", ".join(f"(select {n})" for n in calls),
        f"wrap {'it' if len(calls) == 1 else 'each'} in (select ...)",
        " ".join(clauses),
    )
