"""MIG017: DROP DATABASE, DROP SCHEMA, TRUNCATE."""

from __future__ import annotations

from collections.abc import Iterable

from auditor.findings import Finding, Level
from auditor.migrations.lint import MigrationSet, file_key
from auditor.migrations.names import sval
from auditor.model import object_path
from auditor.rules.base import Rule, register


@register
class DestructiveStatement(Rule[MigrationSet]):
    """Database or schema dropped, or table truncated.

    What it checks:
        ``DROP DATABASE``, ``DROP SCHEMA`` and ``TRUNCATE`` of tables this release did not
        create (MIG006 covers ``DROP TABLE`` and ``DROP COLUMN``). ``CASCADE`` is named in the
        finding: it reaches further than the statement shows. squawk's ``ban-drop-database``
        and ``ban-truncate-cascade``, and a dropped schema, which drops every table in it.

    Why it matters:
        Each one deletes data for good, in one statement that a migration review easily reads
        past; with ``CASCADE``, objects the statement does not name go too (every table with a
        foreign key to a truncated one is emptied).

    Example:
        ``truncate public.jobs cascade;``

    How to fix:
        Do it by hand, deliberately, after a backup; or, if it is really meant, suppress the
        finding with the reason: ``-- schema-auditor: ignore MIG017 -- staging data only``.
    """

    code = "MIG017"
    name = "destructive-statement"
    family = "migrations"
    target = "migration"
    level = Level.WARNING
    help = "Do it by hand after a backup, or suppress the finding with the reason."

    def check(self, subject: MigrationSet) -> Iterable[Finding]:
        for ls in subject.statements:
            kind = ls.kind
            if kind == "DropdbStmt":
                yield self.finding(
                    f"database:{ls.node.dbname}",
                    f"database {ls.node.dbname} is dropped: every object and row in it is lost",
                    location=ls.location,
                    fingerprint_extra=(file_key(ls),),
                )
            elif kind == "DropStmt" and str(ls.node.removeType.name) == "OBJECT_SCHEMA":
                cascade = str(ls.node.behavior.name) == "DROP_CASCADE"
                for obj in ls.node.objects:
                    name = sval(obj)
                    yield self.finding(
                        object_path("schema", name),
                        f"schema {name} is dropped"
                        + (" with CASCADE: every table, function and row in it is lost" if cascade else ""),
                        location=ls.location,
                        fingerprint_extra=(file_key(ls),),
                    )
            elif kind == "TruncateStmt":
                cascade = str(ls.node.behavior.name) == "DROP_CASCADE"
                for rv in ls.node.relations:
                    schema, name = ls.relation(rv)
                    if ls.is_new_table(schema, name):
                        continue
                    yield self.finding(
                        object_path("table", schema, name),
                        f"table {schema}.{name} is truncated: its rows are lost"
                        + (", and CASCADE empties every table referencing it too" if cascade else ""),
                        location=ls.location,
                        fingerprint_extra=(file_key(ls),),
                    )
