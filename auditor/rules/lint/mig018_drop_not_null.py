"""MIG018: DROP NOT NULL on an existing table."""

from __future__ import annotations

from collections.abc import Iterable

from auditor.findings import Finding, Level
from auditor.migrations.lint import MigrationSet, alter_commands, file_key, on_existing_table
from auditor.model import object_path
from auditor.rules.base import Rule, register


@register
class DropNotNull(Rule[MigrationSet]):
    """``NOT NULL`` dropped from a column of an existing table.

    What it checks:
        ``ALTER TABLE ... ALTER COLUMN ... DROP NOT NULL`` on a table this release did not
        create. squawk's ``ban-drop-not-null``.

    Why it matters:
        Code already deployed reads the column as never null (generated types say so too); the
        first null written by the new code breaks the old code still running during a rolling
        deploy, and every reader has to learn about nulls.

    Example:
        ``alter table public.jobs alter column owner_id drop not null;``

    How to fix:
        Deploy readers that handle nulls first, then drop the constraint in a later migration,
        suppressing the finding there with the reason.
    """

    code = "MIG018"
    name = "drop-not-null"
    family = "migrations"
    target = "migration"
    level = Level.WARNING
    help = "Deploy readers that handle NULL first; suppress the finding with the reason then."

    def check(self, subject: MigrationSet) -> Iterable[Finding]:
        for ls in subject.statements:
            for cmd in alter_commands(ls, "AT_DropNotNull"):
                table = on_existing_table(ls, ls.node.relation)
                if table is None:
                    continue
                yield self.finding(
                    object_path("column", *table, cmd.name),
                    f"column {table[0]}.{table[1]}.{cmd.name} may now be null: code that reads it as "
                    "never null breaks on the first null",
                    location=ls.location,
                    fingerprint_extra=(file_key(ls),),
                )
