"""MIG005: a column type change that rewrites an existing table."""

from __future__ import annotations

import re
from collections.abc import Iterable

from auditor.findings import Finding, Level
from auditor.migrations.lint import MigrationSet, alter_commands, file_key, on_existing_table
from auditor.migrations.names import type_name
from auditor.model import object_path
from auditor.rules.base import Rule, register

_MOD = re.compile(r"^(?P<base>[a-z ]+?)(?:\((?P<mods>[0-9, ]+)\))?(?P<array>\[\])?$")


@register
class ColumnTypeRewrite(Rule[MigrationSet]):
    """Column type change that rewrites an existing table.

    What it checks:
        ``ALTER TABLE ... ALTER COLUMN c TYPE t`` on a table the same file did not create, unless
        the change is binary-coercible and needs no rewrite: ``varchar(n)`` to a longer
        ``varchar``, to unbounded ``varchar`` or ``text``; ``text`` to unbounded ``varchar``;
        ``numeric(p,s)`` to a larger precision with the same scale or to unbounded ``numeric``;
        ``varbit(n)`` to a longer one; ``cidr`` to ``inet``. The old type is known when an earlier
        migration created the column; otherwise the change is reported. A ``USING`` clause always
        rewrites.

    Why it matters:
        A rewrite copies every row and rebuilds every index under an ``ACCESS EXCLUSIVE`` lock:
        the table is unavailable for the duration.

    Example:
        ``alter table public.artifacts alter column file_size type numeric;``

    How to fix:
        Add a new column of the new type, backfill it in batches, switch readers and writers,
        then drop the old column; or widen the type in one of the ways above.
    """

    code = "MIG005"
    name = "column-type-rewrite"
    family = "migrations"
    target = "migration"
    level = Level.ERROR
    help = "Add a new column of the new type, backfill it, switch the code, drop the old one."

    def check(self, subject: MigrationSet) -> Iterable[Finding]:
        for ls in subject.statements:
            for cmd in alter_commands(ls, "AT_AlterColumnType"):
                table = on_existing_table(ls, ls.node.relation)
                if table is None:
                    continue
                new = type_name(cmd.def_.typeName)
                old = ls.column_type(*table, cmd.name)
                if cmd.def_.raw_default is None and old is not None and safe_change(old, new):
                    continue
                was = f" from {old}" if old else ""
                yield self.finding(
                    object_path("column", *table, cmd.name),
                    f"type of {table[0]}.{table[1]}.{cmd.name} changed{was} to {new}: the table is rewritten "
                    "and its indexes rebuilt under an ACCESS EXCLUSIVE lock",
                    location=ls.location,
                    expected=old,
                    actual=new,
                    fingerprint_extra=(file_key(ls),),
                )


def safe_change(old: str, new: str) -> bool:
    """Is ``old`` -> ``new`` a change PostgreSQL makes without rewriting the table?"""
    if old == new:
        return True
    a, b = _MOD.match(old), _MOD.match(new)
    if a is None or b is None or bool(a["array"]) != bool(b["array"]):
        return False
    ob, nb = a["base"], b["base"]
    om = [int(x) for x in a["mods"].split(",")] if a["mods"] else []
    nm = [int(x) for x in b["mods"].split(",")] if b["mods"] else []
    if ob == "character varying" and nb == "text":
        return True
    if ob in ("character varying", "text") and nb == "character varying" and not nm:
        return True
    if ob == nb and ob in ("character varying", "bit varying"):
        return bool(om) and bool(nm) and nm[0] >= om[0]
    if ob == nb == "numeric":
        if not nm:
            return True
        return len(om) == len(nm) == 2 and om[1] == nm[1] and nm[0] >= om[0]
    return ob == "cidr" and nb == "inet"
