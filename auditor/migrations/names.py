"""Reading names, types and expressions out of pglast nodes, and the names PostgreSQL gives
constraints and indexes that the SQL does not name."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pglast.stream import RawStream

# Default names (makeObjectName, ChooseRelationName, ChooseIndexColumnNames) are PostgreSQL's
# vocabulary, written once in auditor.pgvocab.
from auditor.pgvocab import NAMEDATALEN as NAMEDATALEN
from auditor.pgvocab import SERIAL_TYPES as SERIAL_TYPES  # type spelling too: one table, there
from auditor.pgvocab import choose_name as choose_name
from auditor.pgvocab import column_list_name, interval_type, spell_type
from auditor.pgvocab import make_object_name as make_object_name

column_addition = column_list_name  # the name the offline reader uses


def sval(node: Any) -> str:
    """The text of a ``String`` node (or a plain str)."""
    return node if isinstance(node, str) else str(node.sval)


def relation_name(rv: Any, default_schema: str) -> tuple[str, str]:
    """``(schema, name)`` of a ``RangeVar``; unqualified names resolve to ``default_schema``."""
    return (rv.schemaname or default_schema, rv.relname)


def qualified(names: Iterable[Any], default_schema: str) -> tuple[str, str]:
    """``(schema, name)`` from a list of ``String`` nodes (``('public', 'f')`` or ``('f',)``)."""
    parts = [sval(n) for n in names]
    if len(parts) >= 2:
        return parts[-2], parts[-1]
    return default_schema, parts[0]


def deparse(node: Any) -> str:
    """SQL text of an expression or statement node, as PostgreSQL's own printer would write it."""
    return str(RawStream()(node))


def type_name(tn: Any) -> str:
    """A ``TypeName`` as ``format_type`` spells it (``integer``, ``character varying(10)``): the
    node's parts read here, spelled by :func:`auditor.pgvocab.spell_type` (as the normalizer spells
    types written as text)."""
    names = [sval(n) for n in tn.names or ()]
    schema = names[0] if len(names) > 1 else None
    base = names[-1]
    mods = [deparse(m) for m in tn.typmods or ()] if tn.typmods else None
    if schema is None and base in SERIAL_TYPES:
        return base  # not a type: the caller makes the column and its sequence
    if schema not in (None, "pg_catalog"):
        name = f"{schema}.{base}"
    elif base == "char" and schema is None:
        name = '"char"'  # the one-byte "char" type, written quoted (char alone is pg_catalog.bpchar)
    elif base == "interval" and mods:
        # INTERVAL DAY TO SECOND(3): a field mask, then the precision (see pgvocab.interval_type)
        masks = [getattr(getattr(m, "val", None), "ival", None) for m in tn.typmods]
        interval = interval_type([m for m in masks if isinstance(m, int)]) if None not in masks else None
        name, mods = (interval, None) if interval else ("interval", mods)
    else:
        name = base
    spelled = spell_type(name, mods, array=bool(tn.arrayBounds))
    return "SETOF " + spelled if tn.setof else spelled


def role_name(spec: Any) -> str:
    """A ``RoleSpec`` as a role name (``PUBLIC`` for the pseudo-role)."""
    kind = str(spec.roletype.name)
    if kind == "ROLESPEC_PUBLIC":
        return "PUBLIC"
    if kind == "ROLESPEC_CSTRING":
        return str(spec.rolename)
    return kind.removeprefix("ROLESPEC_")  # CURRENT_USER, SESSION_USER, CURRENT_ROLE
