"""Reading names, types and expressions out of pglast nodes, and the names PostgreSQL gives
constraints and indexes that the SQL does not name."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pglast.stream import RawStream

# Default names (makeObjectName, ChooseRelationName, ChooseIndexColumnNames) are PostgreSQL's
# vocabulary, written once in auditor.pgvocab.
from auditor.pgvocab import NAMEDATALEN as NAMEDATALEN
from auditor.pgvocab import choose_name as choose_name
from auditor.pgvocab import column_list_name, interval_type
from auditor.pgvocab import make_object_name as make_object_name

column_addition = column_list_name  # the name the offline reader uses

# pg_catalog type names as format_type spells them.
_TYPE_NAMES = {
    "int2": "smallint",
    "int4": "integer",
    "int": "integer",
    "int8": "bigint",
    "float4": "real",
    "float8": "double precision",
    "bool": "boolean",
    "varchar": "character varying",
    "bpchar": "character",
    "timestamptz": "timestamp with time zone",
    "timestamp": "timestamp without time zone",
    "timetz": "time with time zone",
    "time": "time without time zone",
    "varbit": "bit varying",
    "decimal": "numeric",
}
# serial pseudo-types: the column type they stand for.
SERIAL_TYPES = {
    "smallserial": "smallint",
    "serial2": "smallint",
    "serial": "integer",
    "serial4": "integer",
    "bigserial": "bigint",
    "serial8": "bigint",
}


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
    """A ``TypeName`` as ``format_type`` spells it (``integer``, ``character varying(10)``)."""
    names = [sval(n) for n in tn.names or ()]
    schema = names[0] if len(names) > 1 else None
    base = names[-1]
    if schema in (None, "pg_catalog"):
        # the one-byte "char" type (written quoted: char alone is character(1)) keeps its quotes
        spelled = '"char"' if base == "char" else _TYPE_NAMES.get(base, base)
        qualified_name = spelled
    else:
        spelled = base
        qualified_name = f"{schema}.{base}"
    mods = [deparse(m) for m in tn.typmods or ()]
    if mods:
        if spelled in ("timestamp without time zone", "timestamp with time zone"):
            word, _, zone = spelled.partition(" ")
            qualified_name = f"{word}({','.join(mods)}) {zone}"
        elif spelled in ("time without time zone", "time with time zone"):
            qualified_name = f"time({','.join(mods)}) {spelled.partition(' ')[2]}"
        elif spelled == "interval" and qualified_name == "interval":
            # INTERVAL DAY TO SECOND(3): a field mask, then the precision (see pgvocab.interval_type)
            masks = [getattr(getattr(m, "val", None), "ival", None) for m in tn.typmods]
            interval = interval_type([m for m in masks if isinstance(m, int)]) if None not in masks else None
            qualified_name = interval or f"interval({','.join(mods)})"
        elif spelled == "numeric" and len(mods) == 1:
            qualified_name = f"numeric({mods[0]},0)"  # format_type spells the default scale
        else:
            qualified_name = f"{qualified_name}({','.join(mods)})"
    elif spelled == "character":
        # char and bit alone arrive with the length 1 the grammar gives them: this is a bare
        # bpchar, which format_type spells bpchar (no length limit)
        qualified_name = "bpchar"
    if tn.arrayBounds:
        qualified_name += "[]"
    if tn.setof:
        qualified_name = "SETOF " + qualified_name
    return qualified_name


def role_name(spec: Any) -> str:
    """A ``RoleSpec`` as a role name (``PUBLIC`` for the pseudo-role)."""
    kind = str(spec.roletype.name)
    if kind == "ROLESPEC_PUBLIC":
        return "PUBLIC"
    if kind == "ROLESPEC_CSTRING":
        return str(spec.rolename)
    return kind.removeprefix("ROLESPEC_")  # CURRENT_USER, SESSION_USER, CURRENT_ROLE
