"""SEC009 definer-search-path."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import Catalog, object_path
from auditor.rules.base import Rule, register
from auditor.rules.scope import pins_search_path


@register
class DefinerSearchPath(Rule[Catalog]):
    """A ``SECURITY DEFINER`` function does not pin its ``search_path``.

    What it checks:
        Functions and procedures declared ``SECURITY DEFINER`` (in any schema) that have no
        ``SET search_path`` in their configuration.

    Why it matters:
        A definer function runs with its owner's privileges but resolves unqualified names with the
        caller's ``search_path``. A caller who can create objects in a schema on that path can put
        a function or operator there that the definer function then runs as its owner (privilege
        escalation, CVE-2007-2138 and the reason for PostgreSQL's own guidance).

    Example:
        ``CREATE FUNCTION public.handle_new_user() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
        AS $$ BEGIN INSERT INTO profiles ... $$;``

    How to fix:
        ``ALTER FUNCTION public.handle_new_user() SET search_path = '';`` and schema-qualify every
        name in the body (or ``SET search_path = pg_catalog, public`` when the schemas are
        trusted).
    """

    code = "SEC009"
    name = "definer-search-path"
    family = "security"
    level = Level.WARNING
    help = "Add SET search_path = '' (and qualify names in the body) to the function."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        for fn in (f for f in catalog.functions() if self.own(f.schema)):
            if not (fn.is_declared("security_definer") and fn.is_declared("config")):
                continue
            if not fn.security_definer:
                continue
            if pins_search_path(fn):
                continue
            what = "procedure" if fn.kind == "procedure" else "function"
            yield self.finding(
                object_path("function", fn.schema, fn.name, fn.arguments),
                f"SECURITY DEFINER {what} {fn.key} runs as its owner with the caller's search_path",
                expected="SET search_path = ''",
                actual="search_path not set",
                fix_sql=f"ALTER {what.upper()} {fn.key} SET search_path = '';",
                location=fn.location,
            )
