"""MIG011: PRIMARY KEY or UNIQUE added to an existing table, building its index under lock."""

from __future__ import annotations

from collections.abc import Iterable

from auditor.findings import Finding, Level
from auditor.migrations.lint import MigrationSet, alter_commands, file_key, on_existing_table
from auditor.model import object_path
from auditor.rules.base import Rule, register


@register
class UniqueConstraintBuildsIndex(Rule[MigrationSet]):
    """Primary key or unique constraint added to an existing table without ``USING INDEX``.

    What it checks:
        ``ALTER TABLE ... ADD [CONSTRAINT c] PRIMARY KEY | UNIQUE (...)`` on a table the same file
        did not create, unless it adopts an existing index (``USING INDEX``).

    Why it matters:
        The constraint builds its unique index while holding an ``ACCESS EXCLUSIVE`` lock: no
        reads, no writes for the whole build.

    Example:
        ``alter table public.prompts add constraint prompts_category_key unique (category, id);``

    How to fix:
        Build the index concurrently first, then attach it (instant)::

            create unique index concurrently prompts_category_key on public.prompts (category, id);
            alter table public.prompts add constraint prompts_category_key
                unique using index prompts_category_key;
    """

    code = "MIG011"
    name = "unique-constraint-builds-index"
    family = "migrations"
    target = "migration"
    level = Level.ERROR
    help = "CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT ... USING INDEX."

    def check(self, subject: MigrationSet) -> Iterable[Finding]:
        for ls in subject.statements:
            for cmd in alter_commands(ls, "AT_AddConstraint"):
                c = cmd.def_
                kind = {"CONSTR_PRIMARY": "primary key", "CONSTR_UNIQUE": "unique constraint"}.get(
                    str(c.contype.name)
                )
                if kind is None or c.indexname:
                    continue
                table = on_existing_table(ls, ls.node.relation)
                if table is None:
                    continue
                name = c.conname or kind
                yield self.finding(
                    object_path("constraint", *table, name),
                    f"{kind} {name} on existing table {table[0]}.{table[1]} builds its index under an ACCESS "
                    "EXCLUSIVE lock",
                    location=ls.location,
                    fingerprint_extra=(file_key(ls),),
                )
