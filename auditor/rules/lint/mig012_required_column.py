"""MIG012: a NOT NULL column without a default added to an existing table."""

from __future__ import annotations

from collections.abc import Iterable

from auditor.findings import Finding, Level
from auditor.migrations.lint import MigrationSet, alter_commands, file_key, on_existing_table
from auditor.model import object_path
from auditor.rules.base import Rule, register


@register
class AddRequiredColumn(Rule[MigrationSet]):
    """``NOT NULL`` column without a default added to an existing table.

    What it checks:
        ``ALTER TABLE ... ADD COLUMN c type NOT NULL`` (or ``PRIMARY KEY``) with no ``DEFAULT``,
        identity or generation, on a table the same file did not create.

    Why it matters:
        Existing rows would hold NULL: the statement fails on any table that has rows, which is
        to say in production and not on the empty development database.

    Example:
        ``alter table public.jobs add column priority integer not null;``

    How to fix:
        Give it a constant default (instant since PostgreSQL 11), or add it nullable, backfill,
        then set NOT NULL safely (see MIG003).
    """

    code = "MIG012"
    name = "add-required-column"
    family = "migrations"
    target = "migration"
    level = Level.ERROR
    help = "Add the column nullable or with a constant default, backfill, then SET NOT NULL."

    def check(self, subject: MigrationSet) -> Iterable[Finding]:
        for ls in subject.statements:
            for cmd in alter_commands(ls, "AT_AddColumn"):
                kinds = {str(c.contype.name) for c in cmd.def_.constraints or ()}
                required = kinds & {"CONSTR_NOTNULL", "CONSTR_PRIMARY"}
                filled = kinds & {"CONSTR_DEFAULT", "CONSTR_IDENTITY", "CONSTR_GENERATED"}
                if not required or filled:
                    continue
                table = on_existing_table(ls, ls.node.relation)
                if table is None:
                    continue
                col = cmd.def_.colname
                yield self.finding(
                    object_path("column", *table, col),
                    f"column {col} is added to existing table {table[0]}.{table[1]} as NOT NULL without a "
                    "default: the statement fails as soon as the table has a row",
                    location=ls.location,
                    fingerprint_extra=(file_key(ls),),
                )
