"""SEC010 definer-function-exposed."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import PUBLIC, Catalog, object_path
from auditor.rules.base import Rule, register
from auditor.rules.scope import granted


@register
class DefinerFunctionExposed(Rule[Catalog]):
    """A ``SECURITY DEFINER`` function in an exposed schema is executable by the API roles.

    What it checks:
        Functions declared ``SECURITY DEFINER`` in an exposed schema (option ``exposed_schemas``)
        on which ``anon``, ``authenticated`` (option ``api_roles``) or ``PUBLIC`` hold
        ``EXECUTE``. Trigger functions are left out: they cannot be called directly.

    Why it matters:
        Supabase serves every function of an exposed schema as ``/rest/v1/rpc/<name>``. A definer
        function runs as its owner (usually ``postgres``), bypassing row level security: whatever
        it reads or writes, any caller of the API can make it read or write. PostgreSQL grants
        ``EXECUTE`` to ``PUBLIC`` on every new function unless told otherwise.

    Example:
        ``CREATE FUNCTION public.purge_jobs() RETURNS void SECURITY DEFINER ...`` with the default
        grants.

    How to fix:
        Move it to a schema the API does not expose, or
        ``REVOKE EXECUTE ON FUNCTION public.purge_jobs() FROM PUBLIC, anon, authenticated;``, or
        make it ``SECURITY INVOKER`` if it need not bypass RLS.
    """

    code = "SEC010"
    name = "definer-function-exposed"
    family = "security"
    level = Level.WARNING
    help = "Revoke EXECUTE from PUBLIC and the API roles, or move the function out of the exposed schema."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        roles = [*self.opt_list("api_roles"), PUBLIC]
        exposed = set(self.opt_list("exposed_schemas"))
        for fn in catalog.functions():
            if fn.schema not in exposed or fn.kind not in ("function", "procedure"):
                continue
            if not (fn.is_declared("security_definer") and fn.is_declared("privileges")):
                continue
            if not fn.security_definer or (fn.returns or "").lower() in ("trigger", "event_trigger"):
                continue
            holders = granted(fn.privileges, roles, "EXECUTE")
            if not holders:
                continue
            what = "PROCEDURE" if fn.kind == "procedure" else "FUNCTION"
            revoke = ", ".join("PUBLIC" if h == PUBLIC else h for h in holders)
            yield self.finding(
                object_path("function", fn.schema, fn.name, fn.arguments),
                f"SECURITY DEFINER function {fn.key} in exposed schema {fn.schema} is executable by "
                f"{', '.join(holders)}: API callers run it with its owner's rights, past RLS",
                actual=f"EXECUTE granted to {', '.join(holders)}",
                fix_sql=f"REVOKE EXECUTE ON {what} {fn.key} FROM {revoke};",
                location=fn.location,
            )
