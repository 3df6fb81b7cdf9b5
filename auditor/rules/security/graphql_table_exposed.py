"""SEC020 graphql-table-exposed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from auditor.findings import Finding, Level
from auditor.model import PUBLIC, Catalog
from auditor.rules.base import Rule, register
from auditor.rules.scope import granted, relation_parts, table_path

#: What pg_graphql reflects (its load_sql_context.sql): tables, views, materialized views and
#: foreign tables; not partitioned parents (their partitions are tables).
_KINDS = ("table", "view", "materialized view", "foreign table")


@register
class GraphqlTableExposed(Rule[Catalog]):
    """A relation is visible in the GraphQL schema to an API role.

    What it checks:
        When ``pg_graphql`` is installed (option ``graphql``: ``auto``, or ``true``/``false``),
        tables, views, materialized views and foreign tables of the project's schemas on which
        a role of option ``graphql_roles`` (default ``anon``, ``authenticated``) or ``PUBLIC``
        may ``SELECT`` the relation or any of its columns. A warning for ``anon`` (anyone with
        the public key), info for the others (any signed-up user). Splinter's
        ``pg_graphql_anon_table_exposed`` and ``pg_graphql_authenticated_table_exposed``.

    Why it matters:
        pg_graphql introspection reflects the caller's privileges: a relation the role can read
        has its name, columns, types and relationships listed at ``/graphql/v1`` whatever its
        row level security, which is a map of the schema for an attacker even when no row leaks.

    Example:
        ``CREATE TABLE public.internal_audit (...);`` with Supabase's default grants to ``anon``.

    How to fix:
        ``REVOKE SELECT ON public.internal_audit FROM anon;`` for relations that should not be
        discoverable before sign-in (and from ``authenticated`` if not after), or
        ``COMMENT ON SCHEMA public IS '@graphql({"inflect_names": ...})'``-style schema
        settings; or drop pg_graphql if the project does not use GraphQL.
    """

    code = "SEC020"
    name = "graphql-table-exposed"
    family = "security"
    level = Level.WARNING
    options = {"graphql": "auto", "graphql_roles": ["anon", "authenticated"]}
    help = "Revoke SELECT from the role if the relation must not be discoverable, or drop pg_graphql."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        setting = str(self.opts["graphql"]).lower()
        if setting in ("false", "off", "no") or (
            setting == "auto" and "pg_graphql" not in catalog.extensions
        ):
            return
        targets = self.opt_list("graphql_roles")
        for rel, _key, columns, _c, _i, _p in relation_parts(catalog):
            if rel.kind not in _KINDS or not self.own(rel.schema) or not rel.is_declared("privileges"):
                continue
            for role in targets:
                if not (granted(rel.privileges, [role, PUBLIC], "SELECT")) and not any(
                    granted(c.privileges, [role, PUBLIC], "SELECT") for c in columns
                ):
                    continue
                f = self.finding(
                    table_path(rel),
                    f"{rel.kind} {rel.key} is listed in the GraphQL schema for {role}: {role} may select "
                    "it, so its name, columns and relationships are visible at /graphql/v1",
                    actual=f"SELECT visible to {role}",
                    fix_sql=f"REVOKE SELECT ON {rel.key} FROM {role}, PUBLIC;",
                    location=rel.location,
                    fingerprint_extra=(role,),
                )
                yield f if role == "anon" else replace(f, level=Level.INFO)
