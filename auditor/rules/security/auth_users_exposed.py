"""SEC017 auth-users-exposed."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import PUBLIC, Catalog, Relation, qualify
from auditor.rules.base import Rule, register
from auditor.rules.scope import exposed_relations, granted, table_path, view_sources

AUTH_USERS = ("auth", "users")


@register
class AuthUsersExposed(Rule[Catalog]):
    """A view or materialized view readable by the API roles reads ``auth.users``.

    What it checks:
        Views and materialized views in an exposed schema that ``anon``, ``authenticated``
        (option ``api_roles``) or ``PUBLIC`` may ``SELECT`` from and that read ``auth.users``
        (directly or through other views of the catalog), when the rows reach the caller: a
        materialized view (no row level security), a view running with its owner's rights (no
        ``security_invoker``), or a ``security_invoker`` view when the API role may itself read
        ``auth.users`` and it has no row level security. An invoker view over a table the caller
        cannot read fails instead of leaking (splinter reports it anyway).

    Why it matters:
        ``auth.users`` holds every user's e-mail, phone, metadata and sign-in history. Through
        such a view, anyone with the public anon key lists them.

    Example:
        ``CREATE VIEW public.profiles AS SELECT id, email FROM auth.users;`` with Supabase's
        default grants.

    How to fix:
        Keep what the API needs in a table of your own (a ``public.profiles`` filled by a
        trigger, under row level security), or move the view to a schema the API does not
        expose, or ``REVOKE SELECT ON public.profiles FROM anon, authenticated;``
    """

    code = "SEC017"
    name = "auth-users-exposed"
    family = "security"
    level = Level.ERROR
    help = "Revoke SELECT from the API roles, or move the view out of the exposed schemas."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        roles = [*self.opt_list("api_roles"), PUBLIC]
        users = catalog.get_relation(*AUTH_USERS)
        kinds = ("view", "materialized view")
        for rel in exposed_relations(catalog, self.opt_list("exposed_schemas"), kinds):
            if not rel.is_declared("privileges") or not rel.is_declared("view_definition"):
                continue
            holders = granted(rel.privileges, roles, "SELECT")
            if not holders:
                continue
            reads = _reads_auth_users(catalog, rel, set())
            if reads is None:
                yield self.not_understood(table_path(rel), f"the definition of {rel.kind} {rel.key}")
                continue
            if not reads:
                continue
            if rel.kind == "view" and rel.security_invoker:
                if users is None:
                    yield self.not_understood(
                        table_path(rel), "auth.users (not in the catalog), which security_invoker view reads"
                    )
                    continue
                readers = granted(users.privileges, roles, "SELECT")
                if users.rls_enabled or not set(readers) & set(holders):
                    continue  # the caller's own rights apply: no row, or an error
                why = f"auth.users has no row level security and {', '.join(readers)} may read it"
            elif rel.kind == "view":
                why = "it runs with its owner's rights"
            else:
                why = "a materialized view has no row level security"
            yield self.finding(
                table_path(rel),
                f"{rel.kind} {rel.key} reads auth.users and is readable by {', '.join(holders)} ({why}): "
                "every user's e-mail and metadata reach the API",
                actual=f"SELECT granted to {', '.join(holders)}",
                fix_sql=f"REVOKE SELECT ON {rel.key} FROM {', '.join(holders)};",
                location=rel.location,
            )


def _reads_auth_users(catalog: Catalog, rel: Relation, seen: set[str]) -> bool | None:
    """Whether the view ``rel`` reads ``auth.users``, itself or through views of ``catalog``; None
    when a definition on the way does not parse."""
    seen.add(rel.key)
    sources = view_sources(rel)
    if sources is None:
        return None
    for schema, name in sources:
        if (schema, name) == AUTH_USERS:
            return True
        inner = catalog.get_relation(schema, name)
        if inner is None or inner.kind not in ("view", "materialized view") or qualify(schema, name) in seen:
            continue
        deeper = _reads_auth_users(catalog, inner, seen)
        if deeper is None or deeper:
            return deeper
    return False
