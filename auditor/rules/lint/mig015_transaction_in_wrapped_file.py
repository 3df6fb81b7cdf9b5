"""MIG015: BEGIN/COMMIT written in a file the runner already wraps in a transaction."""

from __future__ import annotations

from collections.abc import Iterable

from auditor.findings import Finding, Level
from auditor.migrations.lint import MigrationSet, file_key
from auditor.migrations.parse import migration_path
from auditor.rules.base import Rule, register

_CONTROL = {
    "TRANS_STMT_BEGIN": "BEGIN",
    "TRANS_STMT_START": "START TRANSACTION",
    "TRANS_STMT_COMMIT": "COMMIT",
    "TRANS_STMT_ROLLBACK": "ROLLBACK",
}


@register
class TransactionInWrappedFile(Rule[MigrationSet]):
    """``BEGIN`` or ``COMMIT`` in a migration file the runner already runs as one transaction.

    What it checks:
        ``BEGIN``, ``START TRANSACTION``, ``COMMIT`` and ``ROLLBACK`` statements in a migration
        file, when the runner wraps each file in a transaction (option
        ``implicit_transaction``, default ``true``: the Supabase CLI does). squawk's
        ``transaction-nesting``.

    Why it matters:
        Inside the runner's transaction, ``BEGIN`` only warns, but ``COMMIT`` ends the runner's
        transaction early: the statements after it run outside any transaction, so a failure
        there leaves the migration half applied (and the runner's own ``COMMIT`` then warns
        that no transaction is open).

    Example:
        ``begin; alter table public.jobs add column note text; commit;``

    How to fix:
        Remove the ``BEGIN``/``COMMIT``: the runner's transaction already makes the file atomic.
        With a runner that does not wrap files, set ``implicit_transaction: false``.
    """

    code = "MIG015"
    name = "transaction-in-wrapped-file"
    family = "migrations"
    target = "migration"
    level = Level.WARNING
    help = "Remove BEGIN/COMMIT: the runner already runs the file as one transaction."
    options = {"implicit_transaction": True}

    def check(self, subject: MigrationSet) -> Iterable[Finding]:
        if not bool(self.opts["implicit_transaction"]):
            return
        seen: dict[tuple[str, str], int] = {}
        for ls in subject.statements:
            if ls.kind != "TransactionStmt" or ls.inner:
                continue
            what = _CONTROL.get(str(ls.node.kind.name))
            if what is None:
                continue
            # The n-th BEGIN (COMMIT...) of the file: stable while lines move.
            nth = seen[(ls.file.path, what)] = seen.get((ls.file.path, what), 0) + 1
            yield self.finding(
                migration_path(ls.file.version or ls.file.filename),
                f"{what} in a migration file the runner already wraps in a transaction"
                + (": statements after it run outside any transaction" if what == "COMMIT" else ""),
                location=ls.location,
                fingerprint_extra=(file_key(ls), what, str(nth)),
            )
