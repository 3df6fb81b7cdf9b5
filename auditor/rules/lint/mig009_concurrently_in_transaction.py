"""MIG009: CONCURRENTLY inside a transaction."""

from __future__ import annotations

from collections.abc import Iterable

from auditor.findings import Finding, Level
from auditor.migrations.lint import LintStatement, MigrationSet, file_key
from auditor.migrations.parse import migration_path
from auditor.rules.base import Rule, register


@register
class ConcurrentlyInTransaction(Rule[MigrationSet]):
    """``CONCURRENTLY`` where it cannot run: inside a transaction.

    What it checks:
        ``CREATE INDEX CONCURRENTLY``, ``DROP INDEX CONCURRENTLY``, ``REINDEX ... CONCURRENTLY`` and
        ``DETACH PARTITION ... CONCURRENTLY``

        * between ``BEGIN`` and ``COMMIT`` written in the file;
        * inside a ``DO`` block (a function body always runs in a transaction);
        * with option ``implicit_transaction`` (default ``true``): in a file holding any other
          statement. The Supabase CLI runs each migration file as one transaction
          (supabase/cli#2898), so a concurrent build only works alone in its own file. Set it to
          ``false`` for tools that run statements one by one in autocommit (psql without
          ``--single-transaction``).

    Why it matters:
        PostgreSQL refuses: ``CREATE INDEX CONCURRENTLY cannot run inside a transaction block``.
        The deploy fails, possibly after earlier statements of the file were applied by a tool
        that does not wrap files.

    Example:
        ``begin; create index concurrently idx_jobs_status on public.jobs (status); commit;``

    How to fix:
        Put the concurrent statement alone in its own migration file (no ``BEGIN``/``COMMIT``).
    """

    code = "MIG009"
    name = "concurrently-in-transaction"
    family = "migrations"
    target = "migration"
    level = Level.ERROR
    help = "Put the CONCURRENTLY statement alone in its own migration file."
    options = {"implicit_transaction": True}

    def check(self, subject: MigrationSet) -> Iterable[Finding]:
        implicit = bool(self.opts["implicit_transaction"])
        for ls in subject.statements:
            what = concurrent_operation(ls)
            if what is None:
                continue
            if ls.inner:
                why = "inside a DO block, which always runs in a transaction"
            elif ls.in_explicit_transaction:
                why = "between BEGIN and COMMIT"
            elif implicit and len(ls.file.statements) > 1:
                why = (
                    f"in a file with {len(ls.file.statements) - 1} other statement(s), which the Supabase "
                    "CLI runs as one transaction"
                )
            else:
                continue
            yield self.finding(
                migration_path(ls.file.version or ls.file.filename),
                f"{what} cannot run inside a transaction block; here it is {why}",
                location=ls.location,
                fingerprint_extra=(file_key(ls), what),
            )


def concurrent_operation(ls: LintStatement) -> str | None:
    """A name for the concurrent operation ``ls`` performs, or ``None``."""
    if ls.kind not in ("IndexStmt", "DropStmt", "ReindexStmt", "AlterTableStmt"):
        return None  # tested first: the node of every other statement is never built
    if ls.kind == "IndexStmt":
        f = ls.fields  # the JSON fields: no node built for every index
        concurrent = f.get("concurrent", False) if f is not None else ls.node.concurrent
        return "CREATE INDEX CONCURRENTLY" if concurrent else None
    n = ls.node
    if ls.kind == "DropStmt" and n.concurrent:
        return "DROP INDEX CONCURRENTLY"
    if ls.kind == "ReindexStmt" and any(p.defname == "concurrently" for p in n.params or ()):
        return "REINDEX CONCURRENTLY"
    if ls.kind == "AlterTableStmt":
        for cmd in n.cmds:
            if str(cmd.subtype.name) == "AT_DetachPartition" and getattr(cmd.def_, "concurrent", False):
                return "DETACH PARTITION CONCURRENTLY"
    return None
