"""MIG004: a column added to an existing table with a volatile default (or stored generated)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from auditor.findings import Finding, Level
from auditor.migrations.lint import MigrationSet, alter_commands, file_key, on_existing_table
from auditor.migrations.names import SERIAL_TYPES, deparse, sval, type_name
from auditor.model import object_path
from auditor.rules.base import Rule, register

# Built-in functions marked VOLATILE in pg_proc that defaults commonly call. now(),
# current_timestamp and statement_timestamp() are STABLE: their default is computed once.
VOLATILE_FUNCTIONS = (
    "gen_random_uuid",
    "uuidv4",
    "uuidv7",
    "uuid_generate_v1",
    "uuid_generate_v1mc",
    "uuid_generate_v4",
    "random",
    "random_normal",
    "clock_timestamp",
    "timeofday",
    "nextval",
    "gen_random_bytes",
    "txid_current",
    "pg_current_xact_id",
)


@register
class VolatileDefault(Rule[MigrationSet]):
    """Column added to an existing table with a volatile default: the table is rewritten.

    What it checks:
        ``ALTER TABLE ... ADD COLUMN`` on a table the same file did not create, where the default
        calls a volatile function (``gen_random_uuid()``, ``clock_timestamp()``, ``random()``,
        ``nextval()``, a ``serial`` type, or a function the migrations declare ``VOLATILE``), or the
        column is ``GENERATED ... STORED``. Option ``volatile_functions`` adds names.

    Why it matters:
        Since PostgreSQL 11 a constant or stable default (``now()``, ``'pending'``) is stored once
        in the catalog: instant. A volatile default must be computed per row, so PostgreSQL
        rewrites the whole table under an ``ACCESS EXCLUSIVE`` lock.

    Example:
        ``alter table public.jobs add column token uuid default gen_random_uuid();``

    How to fix:
        Add the column without a default (or with a constant), set the default in a second
        statement (it then applies to new rows only), and backfill existing rows in batches::

            alter table public.jobs add column token uuid;
            alter table public.jobs alter column token set default gen_random_uuid();
            update public.jobs set token = gen_random_uuid() where token is null;  -- in batches
    """

    code = "MIG004"
    name = "volatile-default"
    family = "migrations"
    target = "migration"
    level = Level.ERROR
    help = "Add the column without the default, set the default, backfill in batches."
    options = {"volatile_functions": []}

    def check(self, subject: MigrationSet) -> Iterable[Finding]:
        extra = {f.lower() for f in self.opt_list("volatile_functions")}
        for ls in subject.statements:
            for cmd in alter_commands(ls, "AT_AddColumn"):
                table = on_existing_table(ls, ls.node.relation)
                if table is None:
                    continue
                col = cmd.def_
                why = _rewrite_reason(col, extra | set(VOLATILE_FUNCTIONS), ls.function_volatility)
                if why is None:
                    continue
                yield self.finding(
                    object_path("column", *table, col.colname),
                    f"column {col.colname} added to existing table {table[0]}.{table[1]} {why}: the table "
                    "is rewritten under an ACCESS EXCLUSIVE lock",
                    location=ls.location,
                    fingerprint_extra=(file_key(ls),),
                )


def _rewrite_reason(col: Any, volatile: set[str], declared: Any) -> str | None:
    if type_name(col.typeName) in SERIAL_TYPES:
        return f"as {type_name(col.typeName)} (a nextval() default)"
    for c in col.constraints or ():
        kind = str(c.contype.name)
        if kind == "CONSTR_GENERATED" and c.generated_kind != "v":
            return "as a stored generated column"
        if kind == "CONSTR_IDENTITY":
            return "as an identity column (a nextval() default)"
        if kind == "CONSTR_DEFAULT":
            for fn in _function_names(c.raw_expr):
                if fn in volatile or declared.get(fn) == "volatile":
                    return f"with volatile default {deparse(c.raw_expr)}"
    return None


def _function_names(node: Any) -> list[str]:
    calls = _calls()
    found: list[str] = []
    calls.found = found
    calls(node)
    return found


@cache
def _calls() -> Any:
    """One visitor collecting the functions an expression calls (a pglast Visitor class costs more
    to make than to run)."""
    from pglast.visitors import Visitor

    class _Calls(Visitor):
        found: list[str]

        def visit_FuncCall(self, ancestors: Any, n: Any) -> None:
            self.found.append(sval(n.funcname[-1]).lower())

    return _Calls()
