"""MIG014: VALIDATE CONSTRAINT in the transaction that added the constraint NOT VALID."""

from __future__ import annotations

from collections.abc import Iterable

from auditor.findings import Finding, Level
from auditor.migrations.lint import MigrationSet, alter_commands, file_key, on_existing_table
from auditor.model import object_path, qualify
from auditor.rules.base import Rule, register

_TX_END = ("TRANS_STMT_COMMIT", "TRANS_STMT_ROLLBACK", "TRANS_STMT_COMMIT_PREPARED")


@register
class ValidateInSameTransaction(Rule[MigrationSet]):
    """Constraint validated in the same transaction that added it ``NOT VALID``.

    What it checks:
        ``ALTER TABLE ... VALIDATE CONSTRAINT c`` on an existing table, in the same transaction
        as the ``ADD CONSTRAINT c ... NOT VALID`` before it: the same file when the migration
        runner wraps each file in one transaction (option ``implicit_transaction``, default
        ``true``: the Supabase CLI does), with no ``COMMIT`` in between; else the same
        ``BEGIN ... COMMIT``. squawk's ``constraint-missing-not-valid`` (its second half).

    Why it matters:
        ``NOT VALID`` exists to split the work: the add takes its ``ACCESS EXCLUSIVE`` (a
        foreign key: ``SHARE ROW EXCLUSIVE``) lock only for an instant, and the later validation
        scans the table under a weak lock. In one transaction the add's lock is still held while
        the validation scans, so writers wait for the whole scan, as without ``NOT VALID``.

    Example:
        ``alter table public.jobs add constraint jobs_status_check check (status <> '') not valid;``
        ``alter table public.jobs validate constraint jobs_status_check;`` in the same file.

    How to fix:
        Move the ``VALIDATE CONSTRAINT`` to the next migration file (or after a ``COMMIT``).
    """

    code = "MIG014"
    name = "validate-in-same-transaction"
    family = "migrations"
    target = "migration"
    level = Level.ERROR
    help = "Move VALIDATE CONSTRAINT to the next migration file."
    options = {"implicit_transaction": True}

    def check(self, subject: MigrationSet) -> Iterable[Finding]:
        implicit = bool(self.opts["implicit_transaction"])
        for pf in subject.files:
            added: dict[tuple[str, str], int] = {}  # (table key, constraint) -> line of the NOT VALID add
            for ls in subject.statements_of(pf):
                if ls.kind == "TransactionStmt" and str(ls.node.kind.name) in _TX_END:
                    added.clear()
                    continue
                if ls.kind != "AlterTableStmt":
                    continue
                in_tx = implicit or ls.inner or ls.in_explicit_transaction
                table = on_existing_table(ls, ls.node.relation)
                if table is None or not in_tx:
                    continue
                key = qualify(*table)
                for cmd in alter_commands(ls, "AT_AddConstraint"):
                    con = cmd.def_
                    if getattr(con, "skip_validation", False) and con.conname:
                        added[(key, con.conname)] = ls.line
                for cmd in alter_commands(ls, "AT_ValidateConstraint"):
                    line = added.get((key, cmd.name))
                    if line is None:
                        continue
                    yield self.finding(
                        object_path("constraint", *table, cmd.name),
                        f"constraint {cmd.name} is validated in the transaction that added it NOT VALID "
                        f"(line {line}): the add's lock on {key} is held for the whole validation scan",
                        location=ls.location,
                        fingerprint_extra=(file_key(ls),),
                    )
