"""Whole objects as the SQL that creates them: how a finding shows an object that one side has and
the other has not (expected or actual), never as a Python repr.

The statements are PostgreSQL's own spelling as far as the model holds it (definitions as the
server deparsed them, ``pg_get_indexdef``/``pg_get_constraintdef`` texts, types as ``format_type``
spells them). What the model does not hold is said in a ``--`` comment (a function body known only
by its hash), never invented.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from auditor.compare.fixsql import (
    _column_def,
    _comment,
    _constraint_def,
    _create_collation,
    _create_policy,
    _grants,
    _index_def,
    _literal,
    _q,
    _role,
)
from auditor.model import (
    Column,
    Constraint,
    DefaultPrivilege,
    Domain,
    EnumType,
    Extension,
    Function,
    Index,
    Policy,
    Relation,
    Role,
    Schema,
    Sequence,
    Trigger,
    quote_ident,
)
from auditor.pgvocab import reloption_literal

_TABLE_KINDS = ("table", "partitioned table")


def create_sql(object_type: str, parts: tuple[str, ...], obj: Any) -> str:
    """The SQL that creates ``obj`` (an object of ``object_type`` at path ``parts``), one statement
    a line, each ending with ``;``."""
    fn = _RENDERERS.get(object_type)
    stmts = fn(parts, obj) if fn is not None else [f"-- {object_type} {'.'.join(parts)}"]
    return "\n".join(s if s.startswith("--") or s.endswith(";") else s + ";" for s in stmts)


def _owner(what: str, owner: str | None) -> list[str]:
    return [f"ALTER {what} OWNER TO {quote_ident(owner)}"] if owner else []


def _comment_on(what: str, comment: str | None) -> list[str]:
    return [f"COMMENT ON {what} IS {_comment(comment)}"] if comment is not None else []


# --- relations --------------------------------------------------------------------------------
def _relation(parts: tuple[str, ...], r: Relation) -> list[str]:
    rel = _q(r.schema, r.name)
    out: list[str] = []
    if r.kind in ("view", "materialized view"):
        opts = [f"{o} = true" for o in ("security_invoker", "security_barrier") if getattr(r, o)]
        head = f"CREATE {'MATERIALIZED VIEW' if r.kind == 'materialized view' else 'VIEW'} {rel}"
        if opts:
            head += f" WITH ({', '.join(opts)})"
        body = (r.view_definition or "-- definition not read").strip().rstrip(";")
        stmt = f"{head} AS\n{body}"
        if r.check_option:
            stmt += f"\n  WITH {r.check_option.upper()} CHECK OPTION"
        out.append(stmt)
        out += [_index_def(r.schema, r.name, i) for i in r.indexes.values()]
    else:
        out.append(_create_table(r))
        out += [_index_def(r.schema, r.name, i) for i in r.indexes.values() if not i.constraint]
        if r.rls_enabled:
            out.append(f"ALTER TABLE {rel} ENABLE ROW LEVEL SECURITY")
        if r.rls_forced:
            out.append(f"ALTER TABLE {rel} FORCE ROW LEVEL SECURITY")
        out += [_create_policy(r.schema, r.name, p) for p in r.policies.values()]
        out += [_trigger(parts, t) for t in r.triggers.values()]
        if r.replica_identity != "default" and r.kind in _TABLE_KINDS:
            if r.replica_identity == "index" and r.replica_identity_index:
                out.append(
                    f"ALTER TABLE {rel} REPLICA IDENTITY USING INDEX {quote_ident(r.replica_identity_index)}"
                )
            elif r.replica_identity != "index":
                out.append(f"ALTER TABLE {rel} REPLICA IDENTITY {r.replica_identity.upper()}")
    what = {"view": "VIEW", "materialized view": "MATERIALIZED VIEW", "foreign table": "FOREIGN TABLE"}
    on = what.get(r.kind, "TABLE")
    out += _owner(f"{on} {rel}", r.owner)
    out += _comment_on(f"{on} {rel}", r.comment)
    for c in r.columns.values():
        out += _comment_on(f"COLUMN {rel}.{quote_ident(c.name)}", c.comment)
        out += _grants(f"TABLE {rel}", c.privileges, frozenset(), columns=quote_ident(c.name))
    out += _grants(f"TABLE {rel}", r.privileges, frozenset())
    return out


def _create_table(r: Relation) -> str:
    rel = _q(r.schema, r.name)
    head = f"CREATE {'UNLOGGED ' if r.unlogged else ''}{'FOREIGN ' if r.kind == 'foreign table' else ''}"
    head += f"TABLE {rel}"
    if r.partition_of:
        stmt = f"{head} PARTITION OF {r.partition_of}\n  {r.partition_bound or 'DEFAULT'}"
    else:
        items = [_column_def(c) for c in sorted(r.columns.values(), key=lambda c: c.position)]
        items += [f"CONSTRAINT {quote_ident(c.name)} {_cdef(c)}" for c in r.constraints.values()]
        stmt = f"{head} (\n" + ",\n".join(f"  {i}" for i in items) + "\n)"
        if r.inherits:
            stmt += f"\nINHERITS ({', '.join(r.inherits)})"
    if r.partition_key:
        stmt += f"\nPARTITION BY {r.partition_key}"
    if r.storage:
        opts = (p.partition("=") for p in sorted(r.storage))
        stmt += "\nWITH (" + ", ".join(f"{k} = {reloption_literal(v)}" for k, _, v in opts) + ")"
    if r.kind == "foreign table":
        stmt += "\n-- SERVER and OPTIONS are not modelled"
    return stmt


def _cdef(c: Constraint) -> str:
    return _constraint_def(c) or f"-- {c.kind} definition not read"


def _column(parts: tuple[str, ...], c: Column) -> list[str]:
    rel = _q(*parts[:2])
    out = [f"ALTER TABLE {rel} ADD COLUMN {_column_def(c)}"]
    out += _comment_on(f"COLUMN {rel}.{quote_ident(c.name)}", c.comment)
    out += _grants(f"TABLE {rel}", c.privileges, frozenset(), columns=quote_ident(c.name))
    return out


def _constraint(parts: tuple[str, ...], c: Constraint) -> list[str]:
    return [f"ALTER TABLE {_q(*parts[:2])} ADD CONSTRAINT {quote_ident(c.name)} {_cdef(c)}"]


def _index(parts: tuple[str, ...], ix: Index) -> list[str]:
    return [_index_def(parts[0], parts[1], ix)]


def _policy(parts: tuple[str, ...], p: Policy) -> list[str]:
    return [_create_policy(parts[0], parts[1], p)]


_TRIGGER_ENABLE = {"always": "ENABLE ALWAYS", "replica": "ENABLE REPLICA", "disabled": "DISABLE"}


def _trigger(parts: tuple[str, ...], t: Trigger) -> str:
    rel = _q(*parts[:2])
    if t.definition:
        stmt = t.definition
    else:
        events = " OR ".join(
            e.upper() + (f" OF {', '.join(map(quote_ident, t.update_columns))}" if e == "update" else "")
            for e in sorted(t.events)
            if e != "update" or t.update_columns
        ) or " OR ".join(e.upper() for e in sorted(t.events))
        stmt = f"CREATE {'CONSTRAINT ' if t.constraint else ''}TRIGGER {quote_ident(t.name)} "
        stmt += f"{t.timing.upper()} {events} ON {rel} FOR EACH {t.level.upper()}"
        if t.when:
            stmt += f" WHEN ({t.when})"
        args = ", ".join(_literal(a) for a in t.arguments)
        stmt += f" EXECUTE FUNCTION {t.function}({args})"
    if t.enabled in _TRIGGER_ENABLE:
        stmt += f";\nALTER TABLE {rel} {_TRIGGER_ENABLE[t.enabled]} TRIGGER {quote_ident(t.name)}"
    return stmt


def _trigger_stmts(parts: tuple[str, ...], t: Trigger) -> list[str]:
    return [_trigger(parts, t)]


# --- functions ----------------------------------------------------------------------------------
def dollar_quote(body: str) -> str:
    """``$$body$$``, or ``$fn$...$fn$`` (``$fn1$``...) when the body holds ``$$``."""
    tag = ""
    n = 0
    while f"${tag}$" in body:
        n += 1
        tag = "fn" if n == 1 else f"fn{n}"
    return f"${tag}${body}${tag}$"


def _function(parts: tuple[str, ...], f: Function) -> list[str]:
    sig = f"{_q(f.schema, f.name)}({f.arguments})"
    what = "PROCEDURE" if f.kind == "procedure" else "FUNCTION"
    if f.kind == "aggregate":
        return [f"-- aggregate {sig}: CREATE AGGREGATE options are not modelled"]
    head = [f"CREATE {what} {sig}"]
    if what == "FUNCTION" and f.returns:
        head.append(f"  RETURNS {f.returns}")
    head.append(f"  LANGUAGE {f.language}")
    if what == "FUNCTION":
        if f.kind == "window":
            head.append("  WINDOW")
        head.append(f"  {f.volatility.upper()}")
        if f.strict:
            head.append("  STRICT")
    if f.security_definer:
        head.append("  SECURITY DEFINER")
    for entry in sorted(f.config):
        k, _, v = entry.partition("=")
        head.append(f"  SET {k} TO {_setting(v)}")
    body = f.body
    if body is None:
        known = f"its sha256 is {f.body_hash}" if f.body_hash else "it was not read"
        head.append(f"-- body: the text is not known to this source ({known})")
    elif f.language == "sql" and body.lstrip().upper().startswith(("BEGIN ATOMIC", "RETURN ")):
        head.append(body.strip())  # an SQL-standard body (BEGIN ATOMIC ... END, RETURN expr)
    else:
        head.append(f"AS {dollar_quote(body)}")
    out = ["\n".join(head)]
    out += _owner(f"{what} {sig}", f.owner)
    out += _comment_on(f"{what} {sig}", f.comment)
    out += _grants(f"{what} {sig}", f.privileges, frozenset())
    return out


def _setting(value: str) -> str:
    # proconfig holds search_path=public, auth and values as text: quote each list item
    items = [v.strip() for v in value.split(",")]
    return ", ".join(v if v.startswith(('"', "'")) else _literal(v) for v in items)


def body_diff(a: str | None, b: str | None, a_label: str, b_label: str) -> str | None:
    """A unified line diff of two function bodies (``a`` expected, ``b`` actual), or ``None`` when
    either text is unknown."""
    if a is None or b is None:
        return None
    lines = difflib.unified_diff(
        a.splitlines(), b.splitlines(), fromfile=a_label, tofile=b_label, lineterm="", n=3
    )
    return "\n".join(lines)


# --- other objects ------------------------------------------------------------------------------
def _schema(parts: tuple[str, ...], s: Schema) -> list[str]:
    name = quote_ident(s.name)
    out = [f"CREATE SCHEMA {name}" + (f" AUTHORIZATION {quote_ident(s.owner)}" if s.owner else "")]
    out += _comment_on(f"SCHEMA {name}", s.comment)
    out += _grants(f"SCHEMA {name}", s.privileges, frozenset())
    return out


def _sequence(parts: tuple[str, ...], s: Sequence) -> list[str]:
    rel = _q(s.schema, s.name)
    opts = [f"AS {s.type}", f"INCREMENT BY {s.increment}"]
    opts.append("NO MINVALUE" if s.min_value is None else f"MINVALUE {s.min_value}")
    opts.append("NO MAXVALUE" if s.max_value is None else f"MAXVALUE {s.max_value}")
    opts += [f"START WITH {s.start}", f"CACHE {s.cache}", "CYCLE" if s.cycle else "NO CYCLE"]
    out = [f"CREATE SEQUENCE {rel} {' '.join(opts)}"]
    if s.owned_by:
        out.append(f"ALTER SEQUENCE {rel} OWNED BY {s.owned_by}")
    out += _owner(f"SEQUENCE {rel}", s.owner)
    out += _grants(f"SEQUENCE {rel}", s.privileges, frozenset())
    return out


def _enum(parts: tuple[str, ...], e: EnumType) -> list[str]:
    rel = _q(e.schema, e.name)
    out = [f"CREATE TYPE {rel} AS ENUM ({', '.join(_literal(x) for x in e.labels)})"]
    out += _owner(f"TYPE {rel}", e.owner)
    out += _comment_on(f"TYPE {rel}", e.comment)
    return out


def _domain(parts: tuple[str, ...], d: Domain) -> list[str]:
    rel = _q(d.schema, d.name)
    stmt = f"CREATE DOMAIN {rel} AS {d.base_type}"
    if d.default is not None:
        stmt += f" DEFAULT {d.default}"
    if not d.nullable:
        stmt += " NOT NULL"
    for name, expr in d.checks.items():
        check = expr if expr.upper().startswith("CHECK") else f"CHECK ({expr})"
        stmt += f"\n  CONSTRAINT {quote_ident(name)} {check}"
    return [stmt, *_owner(f"DOMAIN {rel}", d.owner)]


def _collation(parts: tuple[str, ...], c: Any) -> list[str]:
    return [_create_collation(c), *_owner(f"COLLATION {_q(c.schema, c.name)}", c.owner)]


def _extension(parts: tuple[str, ...], e: Extension) -> list[str]:
    stmt = f"CREATE EXTENSION IF NOT EXISTS {quote_ident(e.name)}"
    if e.schema:
        stmt += f" WITH SCHEMA {quote_ident(e.schema)}"
    if e.version:
        stmt += f" VERSION {_literal(e.version)}"
    return [stmt]


_ROLE_OPTIONS = (
    ("login", "LOGIN", "NOLOGIN"),
    ("superuser", "SUPERUSER", "NOSUPERUSER"),
    ("bypassrls", "BYPASSRLS", "NOBYPASSRLS"),
    ("inherit", "INHERIT", "NOINHERIT"),
    ("createrole", "CREATEROLE", "NOCREATEROLE"),
    ("createdb", "CREATEDB", "NOCREATEDB"),
)


def _role_stmts(parts: tuple[str, ...], r: Role) -> list[str]:
    name = quote_ident(r.name)
    options = " ".join(yes if getattr(r, attr) else no for attr, yes, no in _ROLE_OPTIONS)
    return [
        f"CREATE ROLE {name} {options}",
        *(f"GRANT {quote_ident(m)} TO {name}" for m in sorted(r.member_of)),
    ]


_DP_ON = {
    "table": "TABLES",
    "sequence": "SEQUENCES",
    "function": "FUNCTIONS",
    "type": "TYPES",
    "schema": "SCHEMAS",
}


def default_privilege_sql(items: Iterable[DefaultPrivilege]) -> list[str]:
    """``ALTER DEFAULT PRIVILEGES ... GRANT ...`` for each entry."""
    out = []
    for p in sorted(items):
        head = f"ALTER DEFAULT PRIVILEGES FOR ROLE {quote_ident(p.role)}"
        if p.schema:
            head += f" IN SCHEMA {quote_ident(p.schema)}"
        opt = " WITH GRANT OPTION" if p.grantable else ""
        out.append(f"{head} GRANT {p.privilege} ON {_DP_ON[p.object_type]} TO {_role(p.grantee)}{opt}")
    return out


def _default_privileges(parts: tuple[str, ...], items: Any) -> list[str]:
    return default_privilege_sql(items or ()) or ["-- no default privileges"]


_RENDERERS: dict[str, Any] = {
    "schema": _schema,
    "table": _relation,
    "column": _column,
    "constraint": _constraint,
    "index": _index,
    "policy": _policy,
    "trigger": _trigger_stmts,
    "function": _function,
    "sequence": _sequence,
    "enum": _enum,
    "domain": _domain,
    "collation": _collation,
    "extension": _extension,
    "role": _role_stmts,
    "default_privilege": _default_privileges,
}
