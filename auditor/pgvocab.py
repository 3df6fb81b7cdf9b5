"""PostgreSQL's own vocabulary, written once: how the server spells what every reader and writer
exchanges. Tested against the servers themselves (tests/test_pgvocab.py: ``quote_ident``,
``format_type``, the names CREATE TABLE / CREATE INDEX choose, on every configured version).

* **Identifier quoting** (``quote_ident``, ``qualify``): the keyword list is pglast's, which ships
  the parser of the newest PostgreSQL. Quoting a word that is a keyword only in a newer server is
  harmless on an older one; missing one is not.
* **Default object names** (``make_object_name``, ``choose_name``, ``column_list_name``):
  ``makeObjectName``, ``ChooseRelationName``/``ChooseConstraintName`` and
  ``ChooseIndexColumnNames``, truncation to NAMEDATALEN - 1 bytes at a character boundary included.
* **Type spelling**, once for every reader: :data:`TYPE_ALIASES` (``int4``, ``timestamptz``,
  ``serial``... as ``format_type`` names them) and :func:`spell_type`, which both the normalizer's
  :func:`canonical_type` (types written as text: a spec, a catalog) and the offline reader's
  ``migrations.names.type_name`` (parse trees) call; the details ``format_type`` has that a parse
  tree does not: an INTERVAL's field mask (``interval day to second(3)``), the implied length of
  ``bit`` and ``char`` (``bit(1)``).
* **Storage parameters** (reloptions): ``name=value`` text as ``pg_class.reloptions`` holds it, the
  boolean spellings PostgreSQL accepts (``on``, ``off``, ``yes``, ``no``, ``true``, ``false``) read
  as one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from pglast import keywords as _pglast_keywords

if TYPE_CHECKING:
    from auditor.model import Constraint, Index

# --- identifiers --------------------------------------------------------------------------------

#: Keywords ``quote_ident`` quotes: every category but unreserved (``pg_get_keywords()`` catcode <> 'U').
QUOTED_KEYWORDS: frozenset[str] = frozenset(
    _pglast_keywords.RESERVED_KEYWORDS
    | _pglast_keywords.COL_NAME_KEYWORDS
    | _pglast_keywords.TYPE_FUNC_NAME_KEYWORDS
)
#: Every keyword of the parser, whatever its category.
ALL_KEYWORDS: frozenset[str] = QUOTED_KEYWORDS | frozenset(_pglast_keywords.UNRESERVED_KEYWORDS)

_PLAIN_IDENT = re.compile(r"[a-z_][a-z0-9_]*")  # quote_ident: "$" is not safe


@lru_cache(maxsize=65536)
def quote_ident(name: str) -> str:
    """Quote an identifier the way PostgreSQL's quote_ident does. Cached: object paths and keys
    quote the same few thousand names over and over."""
    if _PLAIN_IDENT.fullmatch(name) and name not in QUOTED_KEYWORDS:
        return name
    return '"' + name.replace('"', '""') + '"'


def qualify(schema: str, name: str) -> str:
    """``schema.name`` with each part quoted where needed: the key of schema-level objects."""
    return f"{quote_ident(schema)}.{quote_ident(name)}"


# --- default names ------------------------------------------------------------------------------

NAMEDATALEN = 64  # identifiers are at most NAMEDATALEN - 1 bytes


def _clip(text: str, nbytes: int) -> str:
    """The longest prefix of ``text`` that fits in ``nbytes`` UTF-8 bytes (pg_mbcliplen)."""
    if len(text) <= nbytes and text.isascii():
        return text  # one byte a character: it fits
    out = text.encode("utf-8")[:nbytes]
    return out.decode("utf-8", errors="ignore")


def make_object_name(name1: str, name2: str | None, label: str | None) -> str:
    """PostgreSQL's ``makeObjectName``: ``name1_name2_label`` cut to fit NAMEDATALEN - 1 bytes,
    shortening the longer of the two names first."""
    if name1.isascii() and (not name2 or name2.isascii()) and (not label or label.isascii()):
        # One byte a character: when the whole name fits, nothing is cut (the common case).
        size = len(name1) + (len(name2) + 1 if name2 else 0) + (len(label) + 1 if label else 0)
        if size <= NAMEDATALEN - 1:
            out = name1
            if name2:
                out += "_" + name2
            if label:
                out += "_" + label
            return out
    b1 = n1 = len(name1.encode())
    b2 = n2 = len(name2.encode()) if name2 else 0
    overhead = (len(label.encode()) + 1 if label else 0) + (1 if name2 else 0)
    avail = NAMEDATALEN - 1 - overhead
    while n1 + n2 > avail:
        if n1 > n2:
            n1 -= 1
        else:
            n2 -= 1
    out = name1 if n1 == b1 else _clip(name1, n1)  # uncut: no need to re-encode
    if name2:
        out += "_" + (name2 if n2 == b2 else _clip(name2, n2))
    if label:
        out += "_" + label
    return out


def choose_name(name1: str, name2: str | None, label: str, used: Iterable[str]) -> str:
    """PostgreSQL's ``ChooseConstraintName``: the first of ``label``, ``label1``, ``label2``... not
    already used."""
    taken = used if isinstance(used, set | frozenset) else set(used)
    suffix = 0
    while True:
        name = make_object_name(name1, name2, f"{label}{suffix or ''}")
        if name not in taken:
            return name
        suffix += 1


#: The label a constraint's default name ends in, by kind (the ``label`` PostgreSQL's callers of
#: ``ChooseConstraintName`` pass: ``jobs_pkey``, ``jobs_email_key``, ``jobs_status_check``,
#: ``jobs_run_id_fkey``, ``jobs_during_excl``).
CONSTRAINT_LABELS = {
    "primary key": "pkey",
    "unique": "key",
    "check": "check",
    "foreign key": "fkey",
    "exclusion": "excl",
}


def constraint_label(kind: str) -> str:
    """The default-name label of a constraint of ``kind`` (a :class:`~auditor.model.Constraint` kind)."""
    return CONSTRAINT_LABELS[kind]


def column_list_name(columns: Iterable[str]) -> str | None:
    """``ChooseIndexNameAddition`` / ``ChooseForeignKeyConstraintNameAddition``: names joined by
    ``_``, stopping once NAMEDATALEN is reached."""
    buf = ""
    for col in columns:
        if buf:
            buf += "_"
        buf += _clip(col, NAMEDATALEN - 1)
        if len(buf.encode()) >= NAMEDATALEN:
            break
    return buf or None


# --- definition texts ---------------------------------------------------------------------------


def index_definition(
    name: str,
    schema: str,
    table: str,
    *,
    unique: bool,
    partitioned: bool,
    method: str,
    keys: Iterable[str],
    include: Iterable[str] = (),
    nulls_not_distinct: bool = False,
    predicate: str | None = None,
    storage: Iterable[str] = (),
) -> str:
    """The text ``pg_get_indexdef(oid, 0, true)`` prints for an index of these parts. ``keys`` as it
    prints them (column names quoted, expressions deparsed, opclass and ordering appended); what the
    parts do not carry (tablespace, collation) is the server's to print. ``storage`` parameters
    (``name=value``) are printed in the order given, the value quoted unless it is an identifier,
    as the server prints reloptions."""
    out = (
        f"CREATE {'UNIQUE ' if unique else ''}INDEX {quote_ident(name)} ON "
        f"{'ONLY ' if partitioned else ''}{qualify(schema, table)} USING {method} ({', '.join(keys)})"
    )
    include = tuple(include)
    if include:
        out += f" INCLUDE ({', '.join(quote_ident(x) for x in include)})"
    if nulls_not_distinct:
        out += " NULLS NOT DISTINCT"
    params = [p.partition("=") for p in storage]
    if params:
        out += " WITH (" + ", ".join(f"{k}={reloption_literal(x)}" for k, _, x in params) + ")"
    if predicate:
        out += f" WHERE {predicate}"
    return out


def index_definition_of(schema: str, table: str, ix: Index, *, partitioned: bool = False) -> str:
    """:func:`index_definition` of a model ``Index`` (its keys as written, its storage parameters in
    name order): the one reading of an Index as ``pg_get_indexdef`` text, for the spec's derived
    definitions and the fix SQL's CREATE INDEX alike."""
    return index_definition(
        ix.name,
        schema,
        table,
        unique=ix.unique,
        partitioned=partitioned,
        method=ix.method,
        keys=ix.keys,
        include=ix.include,
        nulls_not_distinct=ix.nulls_not_distinct,
        predicate=ix.predicate,
        storage=sorted(ix.storage),
    )


def reloption_literal(value: str) -> str:
    """A reloption value as flatten_reloptions prints it: quoted unless it is a plain identifier."""
    return value if quote_ident(value) == value else "'" + value.replace("'", "''") + "'"


def constraint_definition(c: Constraint) -> str | None:
    """``pg_get_constraintdef`` for the simple cases (None when it cannot be derived)."""
    if c.kind == "check":
        if c.expression is None:
            return None
        out = f"CHECK ({c.expression})"
        if c.no_inherit:
            out += " NO INHERIT"
        if not c.validated:
            out += " NOT VALID"
        return out
    cols = ", ".join(quote_ident(x) for x in c.columns)
    tail = ""
    if c.deferrable:
        tail += " DEFERRABLE"
        if c.initially_deferred:
            tail += " INITIALLY DEFERRED"
    include = f" INCLUDE ({', '.join(quote_ident(x) for x in c.include)})" if c.include else ""
    if c.kind == "primary key":
        return f"PRIMARY KEY ({cols}){include}{tail}"
    if c.kind == "unique":
        nnd = " NULLS NOT DISTINCT" if c.nulls_not_distinct else ""
        return f"UNIQUE{nnd} ({cols}){include}{tail}"
    if c.kind == "foreign key" and c.references is not None:
        ref_cols = ", ".join(quote_ident(x) for x in c.references.columns)
        out = f"FOREIGN KEY ({cols}) REFERENCES {c.references.table}({ref_cols})"
        if c.match_full:
            out += " MATCH FULL"
        if c.on_update != "no action":
            out += f" ON UPDATE {c.on_update.upper()}"
        if c.on_delete != "no action":
            out += f" ON DELETE {c.on_delete.upper()}"
        out += tail
        if not c.validated:
            out += " NOT VALID"
        return out
    return None


# --- types --------------------------------------------------------------------------------------

# INTERVAL field masks (src/include/utils/datetime.h: INTERVAL_MASK of MONTH 1, YEAR 2, DAY 3,
# HOUR 10, MINUTE 11, SECOND 12) as intervaltypmodout prints them.
_INTERVAL_FULL_RANGE = 0x7FFF
_INTERVAL_FIELDS = {
    1 << 2: "year",
    1 << 1: "month",
    1 << 3: "day",
    1 << 10: "hour",
    1 << 11: "minute",
    1 << 12: "second",
    (1 << 2) | (1 << 1): "year to month",
    (1 << 3) | (1 << 10): "day to hour",
    (1 << 3) | (1 << 10) | (1 << 11): "day to minute",
    (1 << 3) | (1 << 10) | (1 << 11) | (1 << 12): "day to second",
    (1 << 10) | (1 << 11): "hour to minute",
    (1 << 10) | (1 << 11) | (1 << 12): "hour to second",
    (1 << 11) | (1 << 12): "minute to second",
}


def interval_type(typmods: list[int]) -> str | None:
    """``format_type`` of INTERVAL with the typmods the grammar gives (field mask, then precision):
    ``[8]`` is ``interval day``, ``[7176, 3]`` ``interval day to second(3)``, ``[32767, 3]``
    ``interval(3)``; None for a list the grammar does not produce."""
    if not typmods or len(typmods) > 2:
        return None
    mask = typmods[0]
    precision = f"({typmods[1]})" if len(typmods) == 2 else ""
    if mask == _INTERVAL_FULL_RANGE:
        return "interval" + precision
    fields = _INTERVAL_FIELDS.get(mask)
    return None if fields is None else f"interval {fields}{precision}"


#: Types whose length, left out, is 1 (``char`` is ``character(1)``, ``bit`` is ``bit(1)``).
LENGTH_ONE_TYPES = frozenset({"character", "bit"})

#: Every spelling PostgreSQL accepts for a built-in type (SQL names, internal names, serial
#: pseudo-types), mapped to ``format_type``'s name for it (without modifiers). The one table of
#: type names: the normalizer (text) and the offline reader (parse trees) both spell through
#: :func:`spell_type`.
TYPE_ALIASES: dict[str, str] = {
    "int": "integer",
    "int4": "integer",
    "integer": "integer",
    "serial": "integer",
    "serial4": "integer",
    "int2": "smallint",
    "smallint": "smallint",
    "smallserial": "smallint",
    "serial2": "smallint",
    "int8": "bigint",
    "bigint": "bigint",
    "bigserial": "bigint",
    "serial8": "bigint",
    "float8": "double precision",
    "double precision": "double precision",
    "float": "double precision",
    "float4": "real",
    "real": "real",
    "bool": "boolean",
    "boolean": "boolean",
    "varchar": "character varying",
    "character varying": "character varying",
    "char varying": "character varying",
    "char": "character",
    "character": "character",
    "bpchar": "bpchar",
    "decimal": "numeric",
    "numeric": "numeric",
    "timestamptz": "timestamp with time zone",
    "timestamp with time zone": "timestamp with time zone",
    "timestamp": "timestamp without time zone",
    "timestamp without time zone": "timestamp without time zone",
    "timetz": "time with time zone",
    "time with time zone": "time with time zone",
    "time": "time without time zone",
    "time without time zone": "time without time zone",
    "varbit": "bit varying",
    "bit varying": "bit varying",
    "bit": "bit",
}
#: serial pseudo-types: the column type each stands for (the column also gets a sequence).
SERIAL_TYPES: dict[str, str] = {
    "smallserial": "smallint",
    "serial2": "smallint",
    "serial": "integer",
    "serial4": "integer",
    "bigserial": "bigint",
    "serial8": "bigint",
}
# Types whose modifier goes in the middle: timestamp(3) with time zone.
_TIME_TYPES = {
    "timestamp with time zone": "timestamp",
    "timestamp without time zone": "timestamp",
    "time with time zone": "time",
    "time without time zone": "time",
}


def spell_type(name: str, mods: Sequence[str] | None = None, *, array: bool = False) -> str:
    """``format_type``'s spelling of the type ``name`` (an alias of :data:`TYPE_ALIASES`, or any
    other name, kept as given) with the modifiers ``mods`` (as text; None: none written).

    ``int4`` -> ``integer``, ``varchar`` + ``10`` -> ``character varying(10)``, ``timestamptz`` +
    ``3`` -> ``timestamp(3) with time zone``, ``bpchar`` + ``5`` -> ``character(5)`` (bare
    ``bpchar`` has no length limit and stays ``bpchar``), ``char``/``bit`` without a length are of
    length 1, ``numeric(p)`` is ``numeric(p,0)``, ``float(p)`` is ``real`` up to 24. One ``[]``
    whatever the array's declared dimensions (they are not enforced)."""
    canon = TYPE_ALIASES.get(name)
    mod = ",".join(m.strip() for m in mods) if mods is not None else None
    if canon is None:
        out = name + (f"({mod})" if mod is not None else "")
    elif name == "float" and mod:
        out = "real" if int(mod) <= 24 else "double precision"  # the modifier is consumed
    elif canon == "bpchar":
        out = "bpchar" if mod is None else f"character({mod})"
    elif canon in _TIME_TYPES and mod is not None:
        out = canon.replace(_TIME_TYPES[canon], f"{_TIME_TYPES[canon]}({mod})", 1)
    elif canon in LENGTH_ONE_TYPES and mod is None:
        out = f"{canon}(1)"
    elif canon == "numeric" and mod is not None and "," not in mod:
        out = f"numeric({mod},0)"  # format_type spells the default scale
    else:
        out = canon + (f"({mod})" if mod is not None else "")
    return out + ("[]" if array else "")


_TYPE_RE = re.compile(
    r"""^(?P<name>.*?)\s*(?:\((?P<mod>[^)]*)\))?\s*(?P<tz>with(?:out)?\s+time\s+zone)?\s*$""",
    re.I | re.S,
)
_ARRAY_SUFFIX = re.compile(r"(\s*\[\s*\d*\s*\]|\s+array(\s*\[\s*\d*\s*\])?)\s*$", re.I)


# --- identifiers: one syntax, read here ------------------------------------------------------------
# SQL identifiers written in a spec or a reference text (``schema.name``, ``table(col, ...)``) and,
# below, type names (whose unquoted parts may hold spaces: ``double precision``).

_IDENT = r'(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*|"(?:[^"]|"")+")'
_QUALIFIED = re.compile(rf"^\s*({_IDENT})(?:\s*\.\s*({_IDENT}))?\s*$")
_REFERENCE = re.compile(
    rf"^\s*({_IDENT})(?:\s*\.\s*({_IDENT}))?\s*\(\s*({_IDENT}(?:\s*,\s*{_IDENT})*)\s*\)\s*$"
)
_SPLIT_IDENTS = re.compile(_IDENT)


def unquote(ident: str) -> str:
    """An SQL identifier as stored: quoted keeps its case, unquoted folds to lower case."""
    if ident.startswith('"'):
        return ident[1:-1].replace('""', '"')
    return ident.lower()


def split_qualified(text: str) -> tuple[str | None, str] | None:
    """``schema.name`` or ``name`` (SQL identifiers) as stored parts; None if it is not one."""
    m = _QUALIFIED.match(text)
    if not m:
        return None
    if m.group(2) is None:
        return None, unquote(m.group(1))
    return unquote(m.group(1)), unquote(m.group(2))


def split_reference(text: str) -> tuple[str | None, str, tuple[str, ...]] | None:
    """``[schema.]table(col, ...)`` as stored parts; None if it is not one."""
    m = _REFERENCE.match(text)
    if not m:
        return None
    cols = tuple(unquote(c) for c in _SPLIT_IDENTS.findall(m.group(3)))
    if m.group(2) is None:
        return None, unquote(m.group(1)), cols
    return unquote(m.group(1)), unquote(m.group(2)), cols


def _split_qualified(name: str) -> list[str]:
    """Split a type name ``a."B c".d`` into identifiers, folding unquoted parts to lower case and
    keeping quoted ones quoted (an unquoted part may hold spaces: ``double precision``)."""
    parts: list[str] = []
    i, n = 0, len(name)
    while i < n:
        if name[i] == '"':
            j = i + 1
            buf = []
            while j < n:
                if name[j] == '"':
                    if j + 1 < n and name[j + 1] == '"':
                        buf.append('"')
                        j += 2
                        continue
                    break
                buf.append(name[j])
                j += 1
            parts.append('"' + "".join(buf).replace('"', '""') + '"')
            i = j + 1
        else:
            j = name.find(".", i)
            j = n if j < 0 else j
            chunk = name[i:j].strip()
            if chunk:
                parts.append(chunk.lower())
            i = j
        if i < n and name[i] == ".":
            i += 1
    return parts


@lru_cache(maxsize=4096)
def canonical_type(text: str, default_schema: str = "public") -> str:
    """A type written as text, as PostgreSQL's ``format_type`` spells it (see :func:`spell_type`).

    ``int4`` -> ``integer``, ``varchar(10)`` -> ``character varying(10)``, ``_int4`` and ``int[]`` ->
    ``integer[]``, ``timestamptz(3)`` -> ``timestamp(3) with time zone``, ``serial`` -> ``integer``.
    ``pg_catalog.`` and ``<default_schema>.`` qualifiers are dropped, so ``public.my_enum`` and
    ``my_enum`` are the same type under the default schema.
    """
    t = " ".join(text.strip().split())
    dims = 0
    while True:
        m = _ARRAY_SUFFIX.search(t)
        if not m:
            break
        dims += 1
        t = t[: m.start()].rstrip()
    if t.startswith("_") and not t.startswith('"'):  # internal array type name: _int4
        t = t[1:]
        dims = max(dims, 1)
    m = _TYPE_RE.match(t)
    name, mod, tz = (m.group("name"), m.group("mod"), m.group("tz")) if m else (t, None, None)
    parts = _split_qualified(name)
    if len(parts) > 1 and parts[0] in ("pg_catalog", default_schema.lower()):
        parts = parts[1:]
    base = ".".join(parts)
    if tz:
        base = f"{base} {' '.join(tz.lower().split())}"
    return spell_type(base, mod.split(",") if mod is not None else None, array=bool(dims))


# --- operator classes ---------------------------------------------------------------------------

#: pg_catalog's operator classes (``SELECT opcname FROM pg_opclass WHERE opcnamespace =
#: 'pg_catalog'::regnamespace``, the same on 13 to 18; tests/migrations/test_offline_vocab.py checks
#: it against every server). ``pg_get_indexdef`` under ``search_path = pg_catalog`` prints these
#: unqualified and any other (an extension's ``gin_trgm_ops``) with its schema.
BUILTIN_OPCLASSES: frozenset[str] = frozenset(
    {
        "aclitem_ops",
        "array_ops",
        "bit_minmax_ops",
        "bit_ops",
        "bool_ops",
        "box_inclusion_ops",
        "box_ops",
        "bpchar_bloom_ops",
        "bpchar_minmax_ops",
        "bpchar_ops",
        "bpchar_pattern_ops",
        "bytea_bloom_ops",
        "bytea_minmax_ops",
        "bytea_ops",
        "char_bloom_ops",
        "char_minmax_ops",
        "char_ops",
        "cid_ops",
        "cidr_ops",
        "circle_ops",
        "date_bloom_ops",
        "date_minmax_multi_ops",
        "date_minmax_ops",
        "date_ops",
        "enum_ops",
        "float4_bloom_ops",
        "float4_minmax_multi_ops",
        "float4_minmax_ops",
        "float4_ops",
        "float8_bloom_ops",
        "float8_minmax_multi_ops",
        "float8_minmax_ops",
        "float8_ops",
        "inet_bloom_ops",
        "inet_inclusion_ops",
        "inet_minmax_multi_ops",
        "inet_minmax_ops",
        "inet_ops",
        "int2_bloom_ops",
        "int2_minmax_multi_ops",
        "int2_minmax_ops",
        "int2_ops",
        "int4_bloom_ops",
        "int4_minmax_multi_ops",
        "int4_minmax_ops",
        "int4_ops",
        "int8_bloom_ops",
        "int8_minmax_multi_ops",
        "int8_minmax_ops",
        "int8_ops",
        "interval_bloom_ops",
        "interval_minmax_multi_ops",
        "interval_minmax_ops",
        "interval_ops",
        "jsonb_ops",
        "jsonb_path_ops",
        "kd_point_ops",
        "macaddr8_bloom_ops",
        "macaddr8_minmax_multi_ops",
        "macaddr8_minmax_ops",
        "macaddr8_ops",
        "macaddr_bloom_ops",
        "macaddr_minmax_multi_ops",
        "macaddr_minmax_ops",
        "macaddr_ops",
        "money_ops",
        "multirange_ops",
        "name_bloom_ops",
        "name_minmax_ops",
        "name_ops",
        "numeric_bloom_ops",
        "numeric_minmax_multi_ops",
        "numeric_minmax_ops",
        "numeric_ops",
        "oid_bloom_ops",
        "oid_minmax_multi_ops",
        "oid_minmax_ops",
        "oid_ops",
        "oidvector_ops",
        "pg_lsn_bloom_ops",
        "pg_lsn_minmax_multi_ops",
        "pg_lsn_minmax_ops",
        "pg_lsn_ops",
        "point_ops",
        "poly_ops",
        "quad_point_ops",
        "range_inclusion_ops",
        "range_ops",
        "record_image_ops",
        "record_ops",
        "text_bloom_ops",
        "text_minmax_ops",
        "text_ops",
        "text_pattern_ops",
        "tid_bloom_ops",
        "tid_minmax_multi_ops",
        "tid_minmax_ops",
        "tid_ops",
        "time_bloom_ops",
        "time_minmax_multi_ops",
        "time_minmax_ops",
        "time_ops",
        "timestamp_bloom_ops",
        "timestamp_minmax_multi_ops",
        "timestamp_minmax_ops",
        "timestamp_ops",
        "timestamptz_bloom_ops",
        "timestamptz_minmax_multi_ops",
        "timestamptz_minmax_ops",
        "timestamptz_ops",
        "timetz_bloom_ops",
        "timetz_minmax_multi_ops",
        "timetz_minmax_ops",
        "timetz_ops",
        "tsquery_ops",
        "tsvector_ops",
        "uuid_bloom_ops",
        "uuid_minmax_multi_ops",
        "uuid_minmax_ops",
        "uuid_ops",
        "varbit_minmax_ops",
        "varbit_ops",
        "varchar_ops",
        "varchar_pattern_ops",
        "xid8_ops",
        "xid_ops",
    }
)


#: pg_catalog's default operator classes: (access method, input type as format_type spells it,
#: operator class). ``pg_get_indexdef`` leaves out an index key's operator class when it is the
#: default one for the column's type (:func:`is_default_opclass`).
DEFAULT_OPCLASSES: frozenset[tuple[str, str, str]] = frozenset(
    {
        ("brin", '"char"', "char_minmax_ops"),
        ("brin", "anyrange", "range_inclusion_ops"),
        ("brin", "bigint", "int8_minmax_ops"),
        ("brin", "bit", "bit_minmax_ops"),
        ("brin", "bit varying", "varbit_minmax_ops"),
        ("brin", "box", "box_inclusion_ops"),
        ("brin", "bytea", "bytea_minmax_ops"),
        ("brin", "character", "bpchar_minmax_ops"),
        ("brin", "date", "date_minmax_ops"),
        ("brin", "double precision", "float8_minmax_ops"),
        ("brin", "inet", "inet_inclusion_ops"),
        ("brin", "integer", "int4_minmax_ops"),
        ("brin", "interval", "interval_minmax_ops"),
        ("brin", "macaddr", "macaddr_minmax_ops"),
        ("brin", "macaddr8", "macaddr8_minmax_ops"),
        ("brin", "name", "name_minmax_ops"),
        ("brin", "numeric", "numeric_minmax_ops"),
        ("brin", "oid", "oid_minmax_ops"),
        ("brin", "pg_lsn", "pg_lsn_minmax_ops"),
        ("brin", "real", "float4_minmax_ops"),
        ("brin", "smallint", "int2_minmax_ops"),
        ("brin", "text", "text_minmax_ops"),
        ("brin", "tid", "tid_minmax_ops"),
        ("brin", "time with time zone", "timetz_minmax_ops"),
        ("brin", "time without time zone", "time_minmax_ops"),
        ("brin", "timestamp with time zone", "timestamptz_minmax_ops"),
        ("brin", "timestamp without time zone", "timestamp_minmax_ops"),
        ("brin", "uuid", "uuid_minmax_ops"),
        ("btree", '"char"', "char_ops"),
        ("btree", "anyarray", "array_ops"),
        ("btree", "anyenum", "enum_ops"),
        ("btree", "anymultirange", "multirange_ops"),
        ("btree", "anyrange", "range_ops"),
        ("btree", "bigint", "int8_ops"),
        ("btree", "bit", "bit_ops"),
        ("btree", "bit varying", "varbit_ops"),
        ("btree", "boolean", "bool_ops"),
        ("btree", "bytea", "bytea_ops"),
        ("btree", "character", "bpchar_ops"),
        ("btree", "date", "date_ops"),
        ("btree", "double precision", "float8_ops"),
        ("btree", "inet", "inet_ops"),
        ("btree", "integer", "int4_ops"),
        ("btree", "interval", "interval_ops"),
        ("btree", "jsonb", "jsonb_ops"),
        ("btree", "macaddr", "macaddr_ops"),
        ("btree", "macaddr8", "macaddr8_ops"),
        ("btree", "money", "money_ops"),
        ("btree", "name", "name_ops"),
        ("btree", "numeric", "numeric_ops"),
        ("btree", "oid", "oid_ops"),
        ("btree", "oidvector", "oidvector_ops"),
        ("btree", "pg_lsn", "pg_lsn_ops"),
        ("btree", "real", "float4_ops"),
        ("btree", "record", "record_ops"),
        ("btree", "smallint", "int2_ops"),
        ("btree", "text", "text_ops"),
        ("btree", "tid", "tid_ops"),
        ("btree", "time with time zone", "timetz_ops"),
        ("btree", "time without time zone", "time_ops"),
        ("btree", "timestamp with time zone", "timestamptz_ops"),
        ("btree", "timestamp without time zone", "timestamp_ops"),
        ("btree", "tsquery", "tsquery_ops"),
        ("btree", "tsvector", "tsvector_ops"),
        ("btree", "uuid", "uuid_ops"),
        ("btree", "xid8", "xid8_ops"),
        ("gin", "anyarray", "array_ops"),
        ("gin", "jsonb", "jsonb_ops"),
        ("gin", "tsvector", "tsvector_ops"),
        ("gist", "anymultirange", "multirange_ops"),
        ("gist", "anyrange", "range_ops"),
        ("gist", "box", "box_ops"),
        ("gist", "circle", "circle_ops"),
        ("gist", "point", "point_ops"),
        ("gist", "polygon", "poly_ops"),
        ("gist", "tsquery", "tsquery_ops"),
        ("gist", "tsvector", "tsvector_ops"),
        ("hash", '"char"', "char_ops"),
        ("hash", "aclitem", "aclitem_ops"),
        ("hash", "anyarray", "array_ops"),
        ("hash", "anyenum", "enum_ops"),
        ("hash", "anymultirange", "multirange_ops"),
        ("hash", "anyrange", "range_ops"),
        ("hash", "bigint", "int8_ops"),
        ("hash", "boolean", "bool_ops"),
        ("hash", "bytea", "bytea_ops"),
        ("hash", "character", "bpchar_ops"),
        ("hash", "cid", "cid_ops"),
        ("hash", "date", "date_ops"),
        ("hash", "double precision", "float8_ops"),
        ("hash", "inet", "inet_ops"),
        ("hash", "integer", "int4_ops"),
        ("hash", "interval", "interval_ops"),
        ("hash", "jsonb", "jsonb_ops"),
        ("hash", "macaddr", "macaddr_ops"),
        ("hash", "macaddr8", "macaddr8_ops"),
        ("hash", "name", "name_ops"),
        ("hash", "numeric", "numeric_ops"),
        ("hash", "oid", "oid_ops"),
        ("hash", "oidvector", "oidvector_ops"),
        ("hash", "pg_lsn", "pg_lsn_ops"),
        ("hash", "real", "float4_ops"),
        ("hash", "record", "record_ops"),
        ("hash", "smallint", "int2_ops"),
        ("hash", "text", "text_ops"),
        ("hash", "tid", "tid_ops"),
        ("hash", "time with time zone", "timetz_ops"),
        ("hash", "time without time zone", "time_ops"),
        ("hash", "timestamp with time zone", "timestamptz_ops"),
        ("hash", "timestamp without time zone", "timestamp_ops"),
        ("hash", "uuid", "uuid_ops"),
        ("hash", "xid", "xid_ops"),
        ("hash", "xid8", "xid8_ops"),
        ("spgist", "anyrange", "range_ops"),
        ("spgist", "box", "box_ops"),
        ("spgist", "inet", "inet_ops"),
        ("spgist", "point", "quad_point_ops"),
        ("spgist", "polygon", "poly_ops"),
        ("spgist", "text", "text_ops"),
    }
)
# Column types whose default operator class is another type's (binary coercible, GetDefaultOpClass).
_OPCLASS_TYPE = {"character varying": "text", "bpchar": "character", "name": "name"}


def is_default_opclass(method: str, column_type: str, opclass: str) -> bool:
    """Is ``opclass`` the default operator class of ``method`` for a column of ``column_type``
    (``format_type``'s spelling)? Polymorphic defaults count: ``range_ops`` for any range type,
    ``array_ops`` for any array, ``enum_ops`` is not decided here (the type's kind is not known)."""
    base = column_type.split("(")[0].strip()
    base = _OPCLASS_TYPE.get(base, "character" if base.startswith("character(") else base)
    if (method, base, opclass) in DEFAULT_OPCLASSES:
        return True
    if column_type.endswith("[]"):
        return (method, "anyarray", opclass) in DEFAULT_OPCLASSES
    if base.endswith("multirange"):
        return (method, "anymultirange", opclass) in DEFAULT_OPCLASSES
    if base.endswith("range"):
        return (method, "anyrange", opclass) in DEFAULT_OPCLASSES
    return False


# --- storage parameters -------------------------------------------------------------------------

_BOOLEAN_WORDS = {
    "on": "true",
    "true": "true",
    "yes": "true",
    "off": "false",
    "false": "false",
    "no": "false",
}


def reloption_value(value: str) -> str:
    """One storage parameter's value as compared: boolean words as ``true``/``false``."""
    return _BOOLEAN_WORDS.get(value.strip().lower(), value)


def reloptions(items: Iterable[str]) -> frozenset[str]:
    """``name=value`` storage parameters (reloptions text) as compared: see :func:`reloption_value`."""
    out = set()
    for item in items:
        name, _, value = item.partition("=")
        out.add(f"{name.strip().lower()}={reloption_value(value)}")
    return frozenset(out)
