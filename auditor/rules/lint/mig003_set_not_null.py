"""MIG003: SET NOT NULL on a column of an existing table."""

from __future__ import annotations

from collections.abc import Iterable

from auditor.findings import Finding, Level
from auditor.migrations.lint import MigrationSet, alter_commands, file_key, on_existing_table
from auditor.model import object_path
from auditor.rules.base import Rule, register


@register
class SetNotNull(Rule[MigrationSet]):
    """``ALTER COLUMN ... SET NOT NULL`` on an existing table.

    What it checks:
        ``ALTER TABLE ... ALTER COLUMN c SET NOT NULL`` on a table the same file did not create.

    Why it matters:
        PostgreSQL scans the whole table to prove there is no NULL, holding an ``ACCESS EXCLUSIVE``
        lock: nobody can read or write the table meanwhile.

    Example:
        ``alter table public.jobs alter column owner_id set not null;``

    How to fix:
        Prove it first with a constraint validated without the heavy lock; since PostgreSQL 12
        ``SET NOT NULL`` then skips the scan::

            alter table public.jobs add constraint jobs_owner_id_not_null
                check (owner_id is not null) not valid;
            alter table public.jobs validate constraint jobs_owner_id_not_null;
            alter table public.jobs alter column owner_id set not null;
            alter table public.jobs drop constraint jobs_owner_id_not_null;
    """

    code = "MIG003"
    name = "set-not-null"
    family = "migrations"
    target = "migration"
    level = Level.ERROR
    help = "Add a CHECK (col IS NOT NULL) NOT VALID, validate it later, then SET NOT NULL (no scan)."

    def check(self, subject: MigrationSet) -> Iterable[Finding]:
        for ls in subject.statements:
            for cmd in alter_commands(ls, "AT_SetNotNull"):
                table = on_existing_table(ls, ls.node.relation)
                if table is None:
                    continue
                yield self.finding(
                    object_path("column", *table, cmd.name),
                    f"SET NOT NULL on {table[0]}.{table[1]}.{cmd.name} scans the table under an ACCESS "
                    "EXCLUSIVE lock",
                    location=ls.location,
                    fingerprint_extra=(file_key(ls),),
                )
