"""MIG007: RENAME of a column or table."""

from __future__ import annotations

from collections.abc import Iterable

from auditor.findings import Finding, Level
from auditor.migrations.lint import MigrationSet, file_key, on_existing_table
from auditor.model import object_path
from auditor.rules.base import Rule, register


@register
class RenameColumnOrTable(Rule[MigrationSet]):
    """Column or table renamed.

    What it checks:
        ``ALTER TABLE ... RENAME TO`` and ``ALTER TABLE ... RENAME COLUMN`` on tables the same
        file did not create.

    Why it matters:
        A rename is instant for PostgreSQL but breaking for every client: code still deployed
        (and views, policies written by hand elsewhere, the API schema cache) uses the old name
        and fails from the moment the migration commits.

    Example:
        ``alter table public.jobs rename column error_message to error;``

    How to fix:
        Expand and contract: add the new column (or a view under the new name), write both, move
        readers, then drop the old one in a later migration.
    """

    code = "MIG007"
    name = "rename-column-or-table"
    family = "migrations"
    target = "migration"
    level = Level.WARNING
    help = "Expand and contract: add the new name (or a view), move the code, drop the old one later."

    def check(self, subject: MigrationSet) -> Iterable[Finding]:
        for ls in subject.statements:
            if ls.kind != "RenameStmt" or ls.node.relation is None:
                continue
            rtype = str(ls.node.renameType.name)
            if rtype not in ("OBJECT_TABLE", "OBJECT_COLUMN"):
                continue
            table = on_existing_table(ls, ls.node.relation)
            if table is None:
                continue
            if rtype == "OBJECT_TABLE":
                obj = object_path("table", *table)
                what = f"table {table[0]}.{table[1]} is renamed to {ls.node.newname}"
            else:
                obj = object_path("column", *table, ls.node.subname)
                what = f"column {table[0]}.{table[1]}.{ls.node.subname} is renamed to {ls.node.newname}"
            yield self.finding(
                obj,
                f"{what}: clients still using the old name fail",
                location=ls.location,
                fingerprint_extra=(file_key(ls),),
            )
