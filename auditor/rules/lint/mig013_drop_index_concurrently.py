"""MIG013: DROP INDEX without CONCURRENTLY on an existing table."""

from __future__ import annotations

from collections.abc import Iterable

from auditor.findings import Finding, Level
from auditor.migrations.lint import MigrationSet, file_key
from auditor.migrations.names import qualified
from auditor.model import object_path, qualify
from auditor.rules.base import Rule, register


@register
class RequireConcurrentIndexDrop(Rule[MigrationSet]):
    """Index dropped without ``CONCURRENTLY``.

    What it checks:
        ``DROP INDEX`` without ``CONCURRENTLY``, unless the migrations show the index was built
        on a table created earlier in this release (then the table is new and empty). An index
        the migrations do not show being created (made by hand, or by a constraint) is taken to
        be on an existing table. squawk's ``require-concurrent-index-deletion``.

    Why it matters:
        A plain ``DROP INDEX`` takes an ``ACCESS EXCLUSIVE`` lock on the index's table: every
        read and write of the table waits for it, and it waits for every running query.

    Example:
        ``drop index public.idx_jobs_status;``

    How to fix:
        ``drop index concurrently if exists public.idx_jobs_status;`` alone in a migration file
        (``CONCURRENTLY`` cannot run in a transaction; see MIG009).
    """

    code = "MIG013"
    name = "require-concurrent-index-drop"
    family = "migrations"
    target = "migration"
    level = Level.WARNING
    help = "Use DROP INDEX CONCURRENTLY, alone in its own migration file."

    def check(self, subject: MigrationSet) -> Iterable[Finding]:
        for ls in subject.statements:
            if ls.kind != "DropStmt" or str(ls.node.removeType.name) != "OBJECT_INDEX" or ls.node.concurrent:
                continue
            for obj in ls.node.objects:
                schema, name = qualified(obj, ls.schema)
                table = ls.index_tables.get(qualify(schema, name))
                if table is not None and table in ls.new_tables:
                    continue
                where = f" on existing table {table}" if table else ""
                yield self.finding(
                    object_path("index", schema, name) if table is None else f"index:{table}.{name}",
                    f"index {schema}.{name}{where} is dropped without CONCURRENTLY: reads and writes of "
                    "the table wait until the drop gets its lock and ends",
                    location=ls.location,
                    fix_sql=None if ls.inner else _concurrent_sql(ls.statement.text),
                    fingerprint_extra=(file_key(ls),),
                )


def _concurrent_sql(text: str) -> str | None:
    import re

    fixed, n = re.subn(r"(?i)\b(drop\s+index)\b", r"\1 concurrently", text, count=1)
    return fixed + ";" if n else None
