"""MIG001: CREATE INDEX without CONCURRENTLY on an existing table."""

from __future__ import annotations

from collections.abc import Iterable

from auditor.findings import Finding, Level
from auditor.migrations.lint import MigrationSet, file_key, on_existing_table
from auditor.model import object_path
from auditor.rules.base import Rule, register


@register
class RequireConcurrentIndex(Rule[MigrationSet]):
    """Index built on an existing table without ``CONCURRENTLY``.

    What it checks:
        ``CREATE INDEX`` (and ``CREATE UNIQUE INDEX``) without ``CONCURRENTLY`` on a table that the
        same migration file did not create. A table created earlier in the same file is new and
        empty: indexing it is instant and is not reported.

    Why it matters:
        A plain ``CREATE INDEX`` holds a ``SHARE`` lock for the whole build: every ``INSERT``,
        ``UPDATE`` and ``DELETE`` on the table waits, for minutes on a large table.

    Example:
        ``create index idx_jobs_status on public.jobs (status);``

    How to fix:
        ``create index concurrently if not exists idx_jobs_status on public.jobs (status);`` in a
        migration file of its own: ``CONCURRENTLY`` cannot run inside a transaction, and the
        Supabase CLI runs each file as one (see MIG009). A failed concurrent build leaves an
        INVALID index: drop it and retry.
    """

    code = "MIG001"
    name = "require-concurrent-index"
    family = "migrations"
    target = "migration"
    level = Level.ERROR
    help = "Build the index with CREATE INDEX CONCURRENTLY, in a migration file of its own."

    def check(self, subject: MigrationSet) -> Iterable[Finding]:
        for ls in subject.statements:
            if ls.kind != "IndexStmt":
                continue
            f = ls.fields  # the JSON fields: no node built for the common case
            table: tuple[str, str] | None
            if f is not None:
                if f.get("concurrent"):
                    continue
                named = ls.relation_of(f["relation"])
                table = None if ls.is_new_table(*named) else named
                index = f.get("idxname") or "(unnamed)"
            else:
                if ls.node.concurrent:
                    continue
                table = on_existing_table(ls, ls.node.relation)
                index = ls.node.idxname or "(unnamed)"
            if table is None:
                continue
            yield self.finding(
                object_path("index", *table, index),
                f"index {index} is built on existing table {table[0]}.{table[1]} without CONCURRENTLY: "
                "writes to the table are blocked until the build ends",
                location=ls.location,
                fix_sql=_concurrent_sql(ls.statement.text) if not ls.inner else None,
                fingerprint_extra=(file_key(ls),),
            )


def _concurrent_sql(text: str) -> str | None:
    """The statement with ``CONCURRENTLY`` inserted after ``INDEX``."""
    import re

    fixed, n = re.subn(r"(?i)\b(index)\b", r"\1 concurrently", text, count=1)
    return fixed + ";" if n else None
