"""SEC022 extension-table-exposed."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import PUBLIC, Catalog
from auditor.rules.base import Rule, register
from auditor.rules.scope import granted, table_path

_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE")


@register
class ExtensionTableExposed(Rule[Catalog]):
    """A table an extension owns is open to the API roles without row level security.

    What it checks:
        Tables an extension owns (read from a live database; the audit leaves them out of the
        comparison because they are the extension's), without row level security, on which
        ``anon``, ``authenticated`` (option ``api_roles``) or ``PUBLIC`` hold ``SELECT``,
        ``INSERT``, ``UPDATE`` or ``DELETE``, when the API reaches them: their schema is exposed
        (option ``exposed_schemas``), or they are pgmq queue tables (``q_*`` and ``a_*`` in schema
        ``pgmq``) and ``pgmq_public`` is exposed, whose functions read and write the queues with the
        caller's rights. Splinter's ``insecure_queue_exposed_in_api``, for every extension.

    Why it matters:
        Extension tables are easy to overlook: migrations do not create them and schema diffs
        skip them. A queue readable by ``anon`` hands every message (often user data, tokens, job
        payloads) to anyone with the public key, and a writable one lets them enqueue work.

    Example:
        ``select pgmq.create('emails');`` with ``pgmq_public`` exposed and the default grants on
        ``pgmq.q_emails``.

    How to fix:
        ``ALTER TABLE pgmq.q_emails ENABLE ROW LEVEL SECURITY;`` and write the policies the API
        needs, or ``REVOKE ALL ON pgmq.q_emails FROM anon, authenticated;``
    """

    code = "SEC022"
    name = "extension-table-exposed"
    family = "security"
    level = Level.ERROR
    help = "Enable row level security on the table (with policies), or revoke the API roles' grants."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        roles = [*self.opt_list("api_roles"), PUBLIC]
        exposed = set(self.opt_list("exposed_schemas"))
        for extension, relations in catalog.extension_relations.items():
            for rel in relations:
                if rel.rls_enabled:
                    continue
                queue = rel.schema == "pgmq" and rel.name.startswith(("q_", "a_"))
                if rel.schema not in exposed and not (queue and "pgmq_public" in exposed):
                    continue
                held = {p: granted(rel.privileges, roles, p) for p in _PRIVILEGES}
                holders = sorted({r for rs in held.values() for r in rs}, key=lambda r: (r == PUBLIC, r))
                if not holders:
                    continue
                what = f"pgmq queue table {rel.key}" if queue else f"table {rel.key} of extension {extension}"
                via = " (through pgmq_public)" if queue and rel.schema not in exposed else ""
                privileges = ", ".join(p for p, rs in held.items() if rs)
                yield self.finding(
                    table_path(rel),
                    f"{what} has no row level security and {', '.join(holders)} hold {privileges} on "
                    f"it{via}: every API caller reaches all its rows",
                    actual=f"{privileges} granted to {', '.join(holders)}; row level security off",
                    expected="row level security on, or no grant to the API roles",
                    fix_sql=f"ALTER TABLE {rel.key} ENABLE ROW LEVEL SECURITY;",
                    location=rel.location,
                )
