"""Reading names, types and expressions out of pglast nodes, and the names PostgreSQL gives
constraints and indexes that the SQL does not name."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pglast.stream import RawStream

NAMEDATALEN = 64  # PostgreSQL's identifier limit is NAMEDATALEN - 1 bytes

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
        spelled = _TYPE_NAMES.get(base, base)
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
        elif spelled == "interval" and len(mods) == 1 and tn.typmods[0].val.ival > 0xFFFF:
            qualified_name = "interval"  # an INTERVAL field mask, not a precision: not spelled out here
        else:
            qualified_name = f"{qualified_name}({','.join(mods)})"
    elif spelled == "character":
        qualified_name = "character(1)"  # char without a length is char(1)
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


def _clip(name: str, limit: int) -> str:
    """Cut ``name`` to at most ``limit`` UTF-8 bytes without splitting a character."""
    out = name
    while len(out.encode()) > limit:
        out = out[:-1]
    return out


def make_object_name(name1: str, name2: str | None, label: str | None) -> str:
    """PostgreSQL's ``makeObjectName``: ``name1_name2_label`` cut to 63 bytes by shortening the
    longer of name1/name2 first."""
    overhead = (len(label.encode()) + 1 if label else 0) + (1 if name2 else 0)
    avail = NAMEDATALEN - 1 - overhead
    n1, n2 = name1, name2 or ""
    while len(n1.encode()) + len(n2.encode()) > avail:
        if len(n1.encode()) > len(n2.encode()):
            n1 = _clip(n1, len(n1.encode()) - 1)
        else:
            n2 = _clip(n2, len(n2.encode()) - 1)
    out = n1
    if name2:
        out += "_" + n2
    if label:
        out += "_" + label
    return out


def choose_name(name1: str, name2: str | None, label: str, taken: set[str] | frozenset[str]) -> str:
    """PostgreSQL's ``ChooseRelationName``/``ChooseConstraintName``: the first free name among
    ``t_c_label``, ``t_c_label1``, ``t_c_label2``..."""
    candidate = make_object_name(name1, name2, label)
    n = 0
    while candidate in taken:
        n += 1
        candidate = make_object_name(name1, name2, f"{label}{n}")
    return candidate


def column_addition(columns: Iterable[str]) -> str | None:
    """The ``_``-joined column part of a default name (``ChooseIndexNameAddition``)."""
    cols = list(columns)
    if not cols:
        return None
    out = ""
    for c in cols:
        out = c if not out else f"{out}_{c}"
        if len(out.encode()) >= NAMEDATALEN:
            break
    return _clip(out, NAMEDATALEN - 1)
