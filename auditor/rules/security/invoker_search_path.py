"""SEC021 invoker-search-path."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import Catalog, object_path
from auditor.rules.base import Rule, register
from auditor.rules.scope import pins_search_path

#: Languages whose body resolves no names through search_path.
_NO_NAMES = ("c", "internal")


@register
class InvokerSearchPath(Rule[Catalog]):
    """A ``SECURITY INVOKER`` function does not pin its ``search_path`` (opt-in).

    What it checks:
        Functions and procedures of the project's schemas that are not ``SECURITY DEFINER``
        (SEC009 checks those), are written in a language that resolves names (not ``c`` or
        ``internal``), and have no ``SET search_path``. Off by default: enable it with
        ``SEC021: true``. Splinter's ``function_search_path_mutable`` for invoker functions.

    Why it matters:
        The function resolves unqualified names with whatever ``search_path`` its caller has.
        Called from a trigger, a definer function, a policy or a privileged session, it can run
        an object someone put earlier on that path; and its behaviour changes with the caller's
        settings, which makes it hard to reason about.

    Example:
        ``CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        NEW.updated_at := now(); RETURN NEW; END $$;``

    How to fix:
        ``ALTER FUNCTION public.touch() SET search_path = '';`` and schema-qualify the names in
        the body.
    """

    code = "SEC021"
    name = "invoker-search-path"
    family = "security"
    level = Level.WARNING
    enabled_by_default = False
    help = "Add SET search_path = '' to the function and qualify the names in its body."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        for fn in catalog.functions():
            if fn.kind not in ("function", "procedure") or not self.own(fn.schema):
                continue
            if not (fn.is_declared("security_definer") and fn.is_declared("config")):
                continue
            if fn.security_definer or fn.language.lower() in _NO_NAMES:
                continue
            if pins_search_path(fn):
                continue
            what = "procedure" if fn.kind == "procedure" else "function"
            yield self.finding(
                object_path("function", fn.schema, fn.name, fn.arguments),
                f"{what} {fn.key} resolves names with its caller's search_path",
                expected="SET search_path = ''",
                actual="search_path not set",
                fix_sql=f"ALTER {what.upper()} {fn.key} SET search_path = '';",
                location=fn.location,
            )
