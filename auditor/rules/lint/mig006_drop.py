"""MIG006: DROP of a column or table."""

from __future__ import annotations

from collections.abc import Iterable

from auditor.findings import Finding, Level
from auditor.migrations.lint import MigrationSet, alter_commands, file_key, on_existing_table
from auditor.migrations.names import qualified
from auditor.model import object_path
from auditor.rules.base import Rule, register


@register
class DropColumnOrTable(Rule[MigrationSet]):
    """Column or table dropped.

    What it checks:
        ``DROP TABLE`` and ``ALTER TABLE ... DROP COLUMN`` on tables the same file did not create.

    Why it matters:
        The data is gone, and application code still deployed reads and writes the old shape:
        its queries fail from the moment the migration commits (rolling deploys run old and new
        code side by side).

    Example:
        ``alter table public.artifacts drop column url;``

    How to fix:
        Expand and contract: deploy code that no longer uses the column or table, then drop it
        in a later migration. Suppress the finding there with the reason:
        ``-- schema-auditor: ignore MIG006 -- unused since release 42``.
    """

    code = "MIG006"
    name = "drop-column-or-table"
    family = "migrations"
    target = "migration"
    level = Level.WARNING
    help = "Expand and contract: stop using it in deployed code first, drop it in a later release."

    def check(self, subject: MigrationSet) -> Iterable[Finding]:
        for ls in subject.statements:
            if ls.kind == "DropStmt" and str(ls.node.removeType.name) == "OBJECT_TABLE":
                for obj in ls.node.objects:
                    schema, name = qualified(obj, ls.schema)
                    if ls.is_new_table(schema, name):
                        continue
                    yield self.finding(
                        object_path("table", schema, name),
                        f"table {schema}.{name} is dropped: its data is lost and code still using it fails",
                        location=ls.location,
                        fingerprint_extra=(file_key(ls),),
                    )
            for cmd in alter_commands(ls, "AT_DropColumn"):
                table = on_existing_table(ls, ls.node.relation)
                if table is None:
                    continue
                yield self.finding(
                    object_path("column", *table, cmd.name),
                    f"column {table[0]}.{table[1]}.{cmd.name} is dropped: its data is lost and code still "
                    "using it fails",
                    location=ls.location,
                    fingerprint_extra=(file_key(ls),),
                )
