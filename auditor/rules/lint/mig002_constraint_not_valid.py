"""MIG002: FOREIGN KEY or CHECK added to an existing table without NOT VALID."""

from __future__ import annotations

from collections.abc import Iterable

from auditor.findings import Finding, Level
from auditor.migrations.lint import MigrationSet, alter_commands, file_key, on_existing_table
from auditor.model import object_path
from auditor.rules.base import Rule, register

_CHECKED = {"CONSTR_FOREIGN": "foreign key", "CONSTR_CHECK": "check constraint"}


@register
class ConstraintRequiresNotValid(Rule[MigrationSet]):
    """Foreign key or CHECK constraint added to an existing table in one validating step.

    What it checks:
        ``ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY`` or ``CHECK`` without ``NOT VALID`` on a
        table the same file did not create, and ``ADD COLUMN ... REFERENCES`` / ``CHECK`` (which
        cannot be ``NOT VALID``) on such a table. DDL inside ``DO`` blocks is checked too.

    Why it matters:
        Adding a validated constraint scans the whole table while holding a lock that blocks
        writes (``SHARE ROW EXCLUSIVE`` on both tables of a foreign key, ``ACCESS EXCLUSIVE`` for a
        CHECK). ``NOT VALID`` makes the addition instant; ``VALIDATE CONSTRAINT`` then scans under
        a lock that lets reads and writes continue.

    Example:
        ``alter table public.jobs add constraint jobs_status_check check (status in ('a', 'b'));``

    How to fix:
        Add it ``NOT VALID``, then validate in a later statement or migration::

            alter table public.jobs add constraint jobs_status_check check (...) not valid;
            alter table public.jobs validate constraint jobs_status_check;
    """

    code = "MIG002"
    name = "constraint-requires-not-valid"
    family = "migrations"
    target = "migration"
    level = Level.ERROR
    help = "Add the constraint NOT VALID, then VALIDATE CONSTRAINT in a later migration."

    def check(self, subject: MigrationSet) -> Iterable[Finding]:
        for ls in subject.statements:
            cmds = list(alter_commands(ls, "AT_AddConstraint", "AT_AddColumn"))
            if not cmds:
                continue
            table = on_existing_table(ls, ls.node.relation)
            if table is None:
                continue
            for cmd in cmds:
                if str(cmd.subtype.name) == "AT_AddConstraint":
                    constraints = [(cmd.def_, None)]
                else:
                    constraints = [(c, cmd.def_.colname) for c in cmd.def_.constraints or ()]
                for c, column in constraints:
                    kind = _CHECKED.get(str(c.contype.name))
                    if kind is None or c.skip_validation:
                        continue
                    name = c.conname or (f"{column} {kind}" if column else kind)
                    how = (
                        f"added with new column {column}: it cannot be NOT VALID there"
                        if column
                        else "added without NOT VALID"
                    )
                    yield self.finding(
                        object_path("constraint", *table, c.conname or name),
                        f"{kind} {name} on existing table {table[0]}.{table[1]} {how}: the whole table "
                        "is scanned while writes are blocked",
                        location=ls.location,
                        help="add the constraint NOT VALID, then ALTER TABLE ... VALIDATE CONSTRAINT "
                        "in a later statement (for a new column: add the column, then the constraint)",
                        fingerprint_extra=(file_key(ls), name),
                    )
