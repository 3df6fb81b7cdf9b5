"""PERF004 multiple-permissive-policies."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import PUBLIC, Catalog, Policy
from auditor.rules.base import Rule, register
from auditor.rules.scope import COMMANDS, applies_to, bypassing_roles, commands_of, table_parts, table_path


@register
class MultiplePermissivePolicies(Rule[Catalog]):
    """More than one permissive policy applies to the same role and command.

    What it checks:
        For each table, role and command, how many permissive policies apply (a policy for
        ``ALL`` applies to every command, one for ``PUBLIC`` to every role). More than one is
        reported, once per set of overlapping policies. Roles that bypass row level security
        (the ``service_role`` option, and any role with ``BYPASSRLS`` or ``SUPERUSER``) are left
        out: their policies are never evaluated.

    Why it matters:
        PostgreSQL evaluates every applicable permissive policy for each row and ORs the results,
        so each extra policy is extra work on every query. Overlaps also make the effective rule
        hard to review: a broad policy silently widens a narrow one.

    Example:
        ``jobs_owner_all FOR ALL TO authenticated USING (owner_id = auth.uid())`` and
        ``jobs_team_select FOR SELECT TO authenticated USING (team_id = ...)``.

    How to fix:
        Merge them into one policy per role and command (``USING (a OR b)``), or make one of them
        ``AS RESTRICTIVE`` if it is meant to narrow access.
    """

    code = "PERF004"
    name = "multiple-permissive-policies"
    family = "performance"
    level = Level.WARNING
    help = "Merge the policies into one per role and command, OR-ing their conditions."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        bypass = bypassing_roles(catalog, self.opt_str("service_role"))
        for rel, _key, _columns, _constraints, _indexes, policies in table_parts(catalog):
            if len(policies) < 2 or not rel.is_declared("policies"):
                continue  # an overlap takes two policies
            for names, roles, commands in _overlaps(policies, bypass):
                yield self.finding(
                    table_path(rel),
                    f"permissive policies {', '.join(names)} on {rel.key} all apply to "
                    f"{', '.join(roles)} for {', '.join(commands)}",
                    actual=f"{len(names)} permissive policies",
                    expected="one permissive policy per role and command",
                    location=rel.location,
                    fingerprint_extra=names,
                )


def _overlaps(
    policies: tuple[Policy, ...], bypass: frozenset[str]
) -> list[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
    """(policy names, roles, commands) for each set of two or more permissive policies (of one
    table) that apply to the same role and command, leaving out the roles in ``bypass``."""
    # Roles and commands are what an overlap is about: only policies declaring both are compared.
    permissive = [p for p in policies if p.permissive and p.is_declared("roles") and p.is_declared("command")]
    # A command fewer than two policies apply to has no overlap, whatever the roles: most tables
    # have one policy per command, and are done here.
    by_command = [
        (cmd, ps) for cmd in COMMANDS if len(ps := [p for p in permissive if cmd in commands_of(p)]) > 1
    ]
    if not by_command:
        return []
    # Every permissive policy's roles, not only those of the overlapping ones: two PUBLIC policies
    # overlap for each role any policy names.
    roles = sorted({r for p in permissive for r in p.roles} - bypass, key=lambda r: (r == PUBLIC, r))
    groups: dict[tuple[str, ...], tuple[list[str], list[str]]] = {}
    for role in roles:
        for cmd, ps in by_command:
            names = tuple(sorted(p.name for p in ps if applies_to(p, role)))
            if len(names) < 2:
                continue
            rs, cs = groups.setdefault(names, ([], []))
            if role not in rs:
                rs.append(role)
            if cmd not in cs:
                cs.append(cmd)
    return [(names, tuple(rs), tuple(cs)) for names, (rs, cs) in groups.items()]
