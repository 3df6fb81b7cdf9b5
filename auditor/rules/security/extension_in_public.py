"""SEC015 extension-in-public."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import Catalog, object_path, quote_ident
from auditor.rules.base import Rule, register


@register
class ExtensionInPublic(Rule[Catalog]):
    """An extension is installed in ``public`` (or another exposed schema).

    What it checks:
        Extensions whose objects live in ``public`` or in a schema the API exposes (option
        ``exposed_schemas``).

    Why it matters:
        The extension's functions, types and tables become part of the API surface (callable as
        RPC, listed in the API's schema), and they share a namespace with application objects, so
        a later upgrade of the extension can collide with or shadow application names.

    Example:
        ``CREATE EXTENSION "uuid-ossp";`` (with ``public`` first on the search path).

    How to fix:
        ``CREATE SCHEMA IF NOT EXISTS extensions;`` then ``ALTER EXTENSION "uuid-ossp" SET SCHEMA
        extensions;`` (for extensions that are relocatable; otherwise drop and create it with
        ``SCHEMA extensions``).
    """

    code = "SEC015"
    name = "extension-in-public"
    family = "security"
    level = Level.WARNING
    help = "Install extensions in a dedicated schema (extensions) that the API does not expose."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        schemas = {"public", *self.opt_list("exposed_schemas")}
        for ext in catalog.extensions.values():
            if not ext.is_declared("schema") or ext.schema not in schemas:
                continue
            yield self.finding(
                object_path("extension", ext.name),
                f"extension {ext.name} is installed in schema {ext.schema}, which the API exposes",
                expected="schema extensions",
                actual=f"schema {ext.schema}",
                fix_sql=(
                    "CREATE SCHEMA IF NOT EXISTS extensions;\n"
                    f"ALTER EXTENSION {quote_ident(ext.name)} SET SCHEMA extensions;"
                ),
                location=ext.location,
            )
