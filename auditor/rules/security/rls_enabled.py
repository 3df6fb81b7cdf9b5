"""SEC001 rls-enabled."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import Catalog
from auditor.rules.base import Rule, register
from auditor.rules.scope import exposed_tables, table_path


@register
class RlsEnabled(Rule[Catalog]):
    """A table in an exposed schema has row level security off.

    What it checks:
        Every table and partitioned table in a schema the API exposes (option
        ``exposed_schemas``, default ``[public]``) has row level security enabled.

    Why it matters:
        Supabase's API serves every table of an exposed schema to the ``anon`` and
        ``authenticated`` roles. Without RLS, whatever the table grants them is readable and
        writable by anyone holding the public anon key: every row, every user's data.

    Example:
        ``CREATE TABLE public.jobs (run_id text PRIMARY KEY, owner_id uuid);`` and nothing else.

    How to fix:
        ``ALTER TABLE public.jobs ENABLE ROW LEVEL SECURITY;`` then add policies for what each
        role may do (a table with RLS and no policy denies everything to everyone but its owner
        and roles that bypass RLS).
    """

    code = "SEC001"
    name = "rls-enabled"
    family = "security"
    level = Level.ERROR
    help = "Enable row level security and write policies for each role that needs access."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        for rel in exposed_tables(catalog, self.opt_list("exposed_schemas")):
            if rel.is_declared("rls_enabled") and not rel.rls_enabled:
                yield self.finding(
                    table_path(rel),
                    f"table {rel.key} is in exposed schema {rel.schema} but row level security is off: "
                    "the API serves every row to anyone the table is granted to",
                    expected="row level security enabled",
                    actual="row level security disabled",
                    fix_sql=f"ALTER TABLE {rel.key} ENABLE ROW LEVEL SECURITY;",
                    location=rel.location,
                )
