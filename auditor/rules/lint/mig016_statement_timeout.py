"""MIG016: a long statement under a strong lock without statement_timeout."""

from __future__ import annotations

from collections.abc import Iterable

from auditor.findings import Finding, Level
from auditor.migrations.lint import LintStatement, MigrationSet, file_key, on_existing_table, sets_timeout
from auditor.migrations.parse import migration_path
from auditor.rules.base import Rule, register

#: ALTER TABLE subcommands that scan or rewrite the table while holding their lock, as written.
_SCANNING = {
    "AT_AlterColumnType": "ALTER COLUMN ... TYPE",
    "AT_SetNotNull": "SET NOT NULL",
    "AT_ValidateConstraint": "VALIDATE CONSTRAINT",
    "AT_AddConstraint": "ADD CONSTRAINT",
}


@register
class StatementTimeoutRequired(Rule[MigrationSet]):
    """Migration scans or rewrites an existing table without a ``statement_timeout``.

    What it checks:
        A migration file whose first statement that scans or rewrites an existing table while
        holding a lock (``ALTER COLUMN ... TYPE``, ``SET NOT NULL``, ``ADD CONSTRAINT`` without
        ``NOT VALID``, ``VALIDATE CONSTRAINT``, ``CREATE INDEX`` without ``CONCURRENTLY``,
        ``CLUSTER``, ``REINDEX``, ``REFRESH MATERIALIZED VIEW`` without ``CONCURRENTLY``,
        ``VACUUM FULL``) is not preceded by ``SET statement_timeout = ...`` (``SET LOCAL`` and
        ``set_config`` count; zero does not). The half of squawk's ``require-timeout-settings``
        that MIG008 (``lock_timeout``) does not cover. Concurrent builds are left out: a timeout
        would cancel them half done.

    Why it matters:
        ``lock_timeout`` bounds the wait for the lock; once granted, the statement keeps it for
        as long as it runs. On a table larger than expected, a rewrite holding ``ACCESS
        EXCLUSIVE`` blocks every query for minutes. A ``statement_timeout`` turns that into a
        failed (rolled back) deploy.

    Example:
        ``set lock_timeout = '5s'; alter table public.jobs alter column status set not null;``

    How to fix:
        Add ``set statement_timeout = '60s';`` (what the table's size allows) before it, next to
        the ``lock_timeout``.
    """

    code = "MIG016"
    name = "statement-timeout-required"
    family = "migrations"
    target = "migration"
    level = Level.WARNING
    help = "Set statement_timeout (what the table's size allows) before the statement."

    def check(self, subject: MigrationSet) -> Iterable[Finding]:
        for pf in subject.files:
            timeout_set = False
            for ls in subject.statements_of(pf):
                if sets_timeout(ls, "statement_timeout"):
                    timeout_set = True
                    continue
                if timeout_set:
                    break
                what = _long_under_lock(ls)
                if what is None:
                    continue
                yield self.finding(
                    migration_path(pf.version or pf.filename),
                    f"{what} holds its lock for as long as it runs, and no statement_timeout is set "
                    "before it: on a large table every query waits for the whole scan",
                    location=ls.location,
                    fix_sql="set statement_timeout = '60s';",
                    fingerprint_extra=(file_key(ls),),
                )
                break


def _long_under_lock(ls: LintStatement) -> str | None:
    kind = ls.kind
    if kind == "AlterTableStmt":
        if str(ls.node.objtype.name) != "OBJECT_TABLE" or on_existing_table(ls, ls.node.relation) is None:
            return None
        for cmd in ls.node.cmds:
            sub = str(cmd.subtype.name)
            if sub not in _SCANNING:
                continue
            if sub == "AT_AddConstraint" and (
                getattr(cmd.def_, "skip_validation", False) or getattr(cmd.def_, "indexname", None)
            ):
                continue  # NOT VALID, or USING INDEX: no scan
            return "ALTER TABLE ... " + _SCANNING[sub]
        return None
    if kind == "IndexStmt":
        f = ls.fields
        if f is not None:
            concurrent, table = bool(f.get("concurrent")), ls.relation_of(f["relation"])
            new = ls.is_new_table(*table)
        else:
            concurrent, new = ls.node.concurrent, on_existing_table(ls, ls.node.relation) is None
        return None if concurrent or new else "CREATE INDEX"
    if kind == "RefreshMatViewStmt":
        return None if ls.node.concurrent else "REFRESH MATERIALIZED VIEW"
    if kind in ("ClusterStmt", "ReindexStmt"):
        n = ls.node
        if kind == "ReindexStmt" and any(p.defname == "concurrently" for p in n.params or ()):
            return None
        return "CLUSTER" if kind == "ClusterStmt" else "REINDEX"
    if kind == "VacuumStmt" and any(getattr(o, "defname", "") == "full" for o in ls.node.options or ()):
        return "VACUUM FULL"
    return None
