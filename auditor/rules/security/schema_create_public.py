"""SEC016 schema-create-public."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import PUBLIC, Catalog, object_path, quote_ident
from auditor.rules.base import Rule, register
from auditor.rules.scope import granted


@register
class SchemaCreatePublic(Rule[Catalog]):
    """Every role may create objects in a schema (``CREATE`` granted to ``PUBLIC``).

    What it checks:
        Schemas on which ``PUBLIC`` or an API role (option ``api_roles``) holds ``CREATE``.

    Why it matters:
        Whoever can create objects in a schema on other users' ``search_path`` can plant functions
        and operators that shadow the intended ones and run with the victim's rights
        (CVE-2018-1058). PostgreSQL 15 stopped granting ``CREATE ON SCHEMA public`` to
        ``PUBLIC``; databases created earlier and restored dumps still carry it.

    Example:
        ``GRANT CREATE ON SCHEMA public TO PUBLIC;``

    How to fix:
        ``REVOKE CREATE ON SCHEMA public FROM PUBLIC;``
    """

    code = "SEC016"
    name = "schema-create-public"
    family = "security"
    level = Level.WARNING
    help = "Revoke CREATE on the schema from PUBLIC (and from the API roles)."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        roles = [PUBLIC, *self.opt_list("api_roles")]
        for schema in catalog.schemas.values():
            if not schema.is_declared("privileges"):
                continue
            holders = granted(schema.privileges, roles, "CREATE")
            if not holders:
                continue
            yield self.finding(
                object_path("schema", schema.name),
                f"{', '.join(holders)} may create objects in schema {schema.name}",
                actual=f"CREATE granted to {', '.join(holders)}",
                fix_sql=f"REVOKE CREATE ON SCHEMA {quote_ident(schema.name)} FROM {', '.join(holders)};",
                location=schema.location,
            )
