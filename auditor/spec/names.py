"""What PostgreSQL fills in when DDL leaves it out, so a spec can leave it out too.

The loader derives these and the writer omits whatever equals the derivation, which keeps specs
short and lets their keys line up with an introspected catalog:

* constraint names as PostgreSQL chooses them (``jobs_pkey``, ``jobs_run_id_fkey``,
  ``jobs_status_check``, ``jobs_email_key``; ``makeObjectName`` truncation to 63 bytes included);
* the index backing a primary key or unique constraint;
* ``definition`` texts as ``pg_get_constraintdef`` / ``pg_get_indexdef`` / ``pg_get_triggerdef``
  spell them for the simple cases.

Derivations are best effort: when one does not match what a server reported, the writer writes the
value explicitly, so a round trip never depends on them being right.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from auditor.model import Constraint, Index, Trigger, quote_ident
from auditor.pgvocab import NAMEDATALEN as NAMEDATALEN
from auditor.pgvocab import choose_name as choose_name
from auditor.pgvocab import column_list_name as column_list_name
from auditor.pgvocab import constraint_definition as constraint_definition
from auditor.pgvocab import constraint_label
from auditor.pgvocab import make_object_name as make_object_name
from auditor.pgvocab import split_qualified as split_qualified
from auditor.pgvocab import split_reference as split_reference
from auditor.pgvocab import unquote as unquote


@lru_cache(maxsize=16384)
def check_columns(expression: str) -> tuple[str, ...] | None:
    """The columns a CHECK expression refers to, in order of first appearance; None when it does not
    parse. Cached: generated schemas repeat the same few expressions across many tables, and both the
    loader and the writer ask for every check."""
    from pglast import parse_sql
    from pglast.visitors import Visitor

    try:
        tree = parse_sql(f"SELECT {expression}")
    except Exception:  # pglast raises its own ParseError; any failure means "cannot tell"
        return None
    found: dict[str, None] = {}

    class _Refs(Visitor):
        def visit_ColumnRef(self, ancestors: object, node: object) -> None:
            parts = getattr(node, "fields", ())
            sval = getattr(parts[-1], "sval", None) if parts else None
            if sval is not None:
                found.setdefault(sval, None)

    _Refs()(tree)
    return tuple(found)


def check_column(expression: str) -> str | None:
    """The one column a CHECK expression refers to, else None (PostgreSQL then names the constraint
    ``<table>_check`` rather than ``<table>_<column>_check``)."""
    cols = check_columns(expression)
    return cols[0] if cols and len(cols) == 1 else None


def default_label(kind: str) -> str:
    """The default-name label of a constraint kind (:func:`auditor.pgvocab.constraint_label`)."""
    return constraint_label(kind)


def default_constraint_name(table: str, c: Constraint, used: Iterable[str]) -> str:
    """The name PostgreSQL gives constraint ``c`` of ``table`` when the DDL names none."""
    if c.kind == "primary key":
        return choose_name(table, None, constraint_label("primary key"), used)
    if c.kind == "check":
        col = check_column(c.expression) if c.expression else None
        return choose_name(table, col, constraint_label("check"), used)
    # an index's INCLUDE columns are part of its name (ChooseIndexColumnNames)
    columns = (*c.columns, *c.include) if c.include else c.columns
    return choose_name(table, column_list_name(columns), default_label(c.kind), used)


# --- qualified names in reference texts -----------------------------------------------------------


def absolute(text: str, schema: str) -> str:
    """A relation or function written without a schema lives in the object's own schema; anything
    that is not a plain (qualified) name is kept as written."""
    parts = split_qualified(text)
    if parts is None:
        return text
    sch, name = parts
    return f"{quote_ident(sch or schema)}.{quote_ident(name)}"


def relative(key: str, schema: str) -> str:
    """The shortest text :func:`absolute` turns back into ``key`` (drops the object's own schema)."""
    prefix = quote_ident(schema) + "."
    if key.startswith(prefix):
        short = key[len(prefix) :]
        if absolute(short, schema) == key:
            return short
    return key


# --- derived definitions ---------------------------------------------------------------------------


def backing_index(schema: str, table: str, partitioned: bool, c: Constraint) -> Index | None:
    """The index PostgreSQL creates for a primary key or unique constraint."""
    if c.kind not in ("primary key", "unique") or not c.columns:
        return None
    # Index keys name plain columns as stored (unquoted), as the introspector reads them.
    keys = tuple(c.columns)
    only = "ONLY " if partitioned else ""
    nnd = " NULLS NOT DISTINCT" if c.nulls_not_distinct else ""
    include = f" INCLUDE ({', '.join(quote_ident(x) for x in c.include)})" if c.include else ""
    definition = (
        f"CREATE UNIQUE INDEX {quote_ident(c.name)} ON {only}{quote_ident(schema)}.{quote_ident(table)} "
        f"USING btree ({', '.join(quote_ident(k) for k in keys)}){include}{nnd}"
    )
    return Index(
        name=c.name,
        keys=keys,
        unique=True,
        primary=c.kind == "primary key",
        include=c.include,
        nulls_not_distinct=c.nulls_not_distinct,
        constraint=c.name,
        definition=definition,
    )


_EVENT_ORDER = ("insert", "delete", "update", "truncate")


def trigger_definition(schema: str, table: str, t: Trigger) -> str | None:
    """``pg_get_triggerdef`` for a trigger whose function takes no arguments."""
    if not t.function or not t.events:
        return None
    events = []
    for ev in _EVENT_ORDER:
        if ev in t.events:
            if ev == "update" and t.update_columns:
                events.append("UPDATE OF " + ", ".join(quote_ident(c) for c in t.update_columns))
            else:
                events.append(ev.upper())
    if len(events) != len(t.events):
        return None
    if any("\\" in a for a in t.arguments):
        return None  # how a backslash is printed depends on standard_conforming_strings
    out = (
        f"CREATE {'CONSTRAINT ' if t.constraint else ''}TRIGGER {quote_ident(t.name)} {t.timing.upper()} "
        f"{' OR '.join(events)} ON {quote_ident(schema)}.{quote_ident(table)}"
    )
    if t.constraint:
        out += " DEFERRABLE" if t.deferrable else " NOT DEFERRABLE"
        out += " INITIALLY DEFERRED" if t.initially_deferred else " INITIALLY IMMEDIATE"
    out += f" FOR EACH {t.level.upper()}"
    if t.when:
        out += f" WHEN ({t.when})"
    args = ", ".join("'" + a.replace("'", "''") + "'" for a in t.arguments)
    return out + f" EXECUTE FUNCTION {t.function}({args})"


def unique_signature(c: Constraint) -> tuple[object, ...] | None:
    """What makes two primary key / unique constraints the same index to CREATE TABLE; None for
    other kinds."""
    if c.kind not in ("primary key", "unique"):
        return None
    return (c.columns, c.include, c.nulls_not_distinct, c.deferrable, c.initially_deferred)


def assign_constraint_names(table: str, protos: list[tuple[Constraint, str | None]]) -> list[str]:
    """Names for a table's constraints in spec order: written names are kept, the others are chosen
    as PostgreSQL would, never reusing a name already taken in the table."""
    used = {name for _, name in protos if name}
    out = []
    for c, name in protos:
        if name is None:
            name = default_constraint_name(table, c, used)
            used.add(name)
        out.append(name)
    return out


def domain_check_names(domain: str, count: int) -> list[str]:
    """PostgreSQL's names for ``count`` unnamed CHECK constraints of a domain."""
    used: list[str] = []
    for _ in range(count):
        used.append(choose_name(domain, None, constraint_label("check"), used))
    return used
