"""MIG008: a migration that takes locks without setting lock_timeout first."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from auditor.findings import Finding, Level
from auditor.migrations.lint import LintStatement, MigrationSet, file_key, foreign_key_targets, sets_timeout
from auditor.migrations.names import qualified
from auditor.migrations.parse import migration_path
from auditor.rules.base import Rule, register

# Statements that take a table lock strong enough to queue ordinary reads or writes behind them.
_LOCKING = frozenset(
    {
        "AlterTableStmt",
        "IndexStmt",
        "DropStmt",
        "RenameStmt",
        "CreateTrigStmt",
        "CreatePolicyStmt",
        "AlterPolicyStmt",
        "TruncateStmt",
        "LockStmt",
        "ClusterStmt",
        "RefreshMatViewStmt",
        "ReindexStmt",
    }
)


@register
class LockTimeoutRequired(Rule[MigrationSet]):
    """Migration takes locks on existing tables without a ``lock_timeout``.

    What it checks:
        A migration file whose first statement that locks an existing table (``ALTER TABLE``,
        ``CREATE INDEX``, ``DROP``, ``RENAME``, ``CREATE TRIGGER``/``POLICY``, ...) is not preceded
        by ``SET lock_timeout = ...`` (``SET LOCAL`` or ``set_config('lock_timeout', ...)`` count;
        a zero timeout does not). Statements on tables created earlier in the release, and
        ``CONCURRENTLY`` builds, take no lock worth waiting for and are not counted; a new
        table whose foreign key references an existing table is (the key takes ``SHARE ROW
        EXCLUSIVE`` on the referenced table, which blocks its writers).

    Why it matters:
        A DDL statement waits for its lock behind any long transaction; while it waits, every
        later query on the table queues behind it. A short ``lock_timeout`` makes the migration
        fail fast (and be retried) instead of taking the application down.

    Example:
        A file starting with ``alter table public.jobs add column note text;``.

    How to fix:
        Start the file with ``set lock_timeout = '5s';`` (and retry the deploy when it fires).
    """

    code = "MIG008"
    name = "lock-timeout-required"
    family = "migrations"
    target = "migration"
    level = Level.WARNING
    help = "Start the file with set lock_timeout = '5s'; and retry the deploy when it fires."

    def check(self, subject: MigrationSet) -> Iterable[Finding]:
        for pf in subject.files:
            timeout_set = False
            for ls in subject.statements_of(pf):
                if sets_timeout(ls, "lock_timeout"):
                    timeout_set = True
                elif not timeout_set and _locks_existing_table(ls):
                    yield self.finding(
                        migration_path(pf.version or pf.filename),
                        f"{ls.statement.kind} locks an existing table but no lock_timeout is set before it: "
                        "if it waits for its lock, every query on the table queues behind it",
                        location=ls.location,
                        fix_sql="set lock_timeout = '5s';",
                        fingerprint_extra=(file_key(ls),),
                    )
                    break


def _locks_existing_table(ls: LintStatement) -> bool:
    if ls.kind == "CreateStmt" or (
        ls.kind == "AlterTableStmt" and ls.is_new_table(*ls.relation(ls.node.relation))
    ):
        # A foreign key locks the table it references (SHARE ROW EXCLUSIVE: writers wait).
        return any(not ls.is_new_table(*t) for t in foreign_key_targets(ls))
    if ls.kind not in _LOCKING:
        return False
    n = ls.node
    if getattr(n, "concurrent", False):
        return False
    rv: Any = getattr(n, "relation", None) or getattr(n, "table", None)
    if rv is not None:
        return not ls.is_new_table(*ls.relation(rv))
    if ls.kind == "DropStmt":
        if str(n.removeType.name) not in (
            "OBJECT_TABLE",
            "OBJECT_INDEX",
            "OBJECT_VIEW",
            "OBJECT_MATVIEW",
            "OBJECT_POLICY",
            "OBJECT_TRIGGER",
        ):
            return False
        names = [qualified(o if isinstance(o, tuple) else (o,), ls.schema) for o in n.objects]
        return not all(ls.is_new_table(*x) for x in names)
    return True
