"""Fix SQL: the statements that would bring side ``b`` (usually live) in line with side ``a`` (the
migrations, or the spec when there are none). Generated only where it can be done safely and
exactly; ``None`` otherwise (the finding's help then says what to do). Identifiers are quoted with
``model.quote_ident``.
"""

from __future__ import annotations

from typing import Any

from auditor.compare.diff import CHANGED, MISSING, UNEXPECTED, Difference
from auditor.model import (
    PUBLIC,
    Collation,
    Column,
    Constraint,
    DefaultPrivilege,
    Grant,
    Index,
    Policy,
    Sequence,
    Trigger,
    quote_ident,
)
from auditor.pgvocab import constraint_definition, index_definition_of, reloption_literal


def _q(*parts: str) -> str:
    return ".".join(quote_ident(p) for p in parts)


def _role(name: str) -> str:
    return PUBLIC if name.upper() == PUBLIC else quote_ident(name)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def fix_sql(d: Difference, *, default_schema: str = "public") -> str | None:
    """The SQL that removes this difference from ``b``, or None when it cannot be generated."""
    if d.kind is not CHANGED and d.object_type in _WHOLE_OBJECTS:
        stmts = _whole_object(d)
    else:
        fn = _FIXERS.get(d.object_type)
        if fn is None:
            return None
        stmts = fn(d)
    if not stmts:
        return None
    return "\n".join(s.rstrip(";") + ";" for s in stmts)


# --- relations --------------------------------------------------------------------------------
_ON = {
    "table": "TABLE",
    "partitioned table": "TABLE",
    "view": "VIEW",
    "materialized view": "MATERIALIZED VIEW",
    "foreign table": "FOREIGN TABLE",
}


def _table(d: Difference) -> list[str]:
    if d.kind is not CHANGED:
        return []  # creating or dropping whole relations is left to a person
    a, b = d.a, d.b
    rel = _q(a.schema, a.name)
    out: list[str] = []
    for attr in d.changes:
        if attr == "rls_enabled":
            out.append(f"ALTER TABLE {rel} {'ENABLE' if a.rls_enabled else 'DISABLE'} ROW LEVEL SECURITY")
        elif attr == "rls_forced":
            out.append(f"ALTER TABLE {rel} {'FORCE' if a.rls_forced else 'NO FORCE'} ROW LEVEL SECURITY")
        elif attr == "comment":
            out.append(f"COMMENT ON {_ON.get(a.kind, 'TABLE')} {rel} IS {_comment(a.comment)}")
        elif attr == "owner" and a.owner:
            out.append(f"ALTER {_ON.get(a.kind, 'TABLE')} {rel} OWNER TO {quote_ident(a.owner)}")
        elif attr == "privileges":
            col_kind = "TABLE"
            out += _grants(f"{col_kind} {rel}", a.privileges, b.privileges)
        elif attr in ("security_invoker", "security_barrier") and a.kind == "view":
            val = "true" if getattr(a, attr) else "false"
            out.append(f"ALTER VIEW {rel} SET ({attr} = {val})")
        elif attr == "storage" and a.kind in ("table", "partitioned table", "materialized view"):
            out += _set_storage(f"ALTER {_ON[a.kind]} {rel}", a.storage, b.storage)
        elif attr == "unlogged" and a.kind == "table":
            out.append(f"ALTER TABLE {rel} SET {'UNLOGGED' if a.unlogged else 'LOGGED'}")
        elif attr in ("replica_identity", "replica_identity_index") and a.kind in _TABLES:
            if attr == "replica_identity_index" and "replica_identity" in d.changes:
                continue  # one statement says both
            if a.replica_identity == "index":
                if not a.replica_identity_index:
                    return []
                out.append(
                    f"ALTER TABLE {rel} REPLICA IDENTITY USING INDEX {quote_ident(a.replica_identity_index)}"
                )
            else:
                out.append(f"ALTER TABLE {rel} REPLICA IDENTITY {a.replica_identity.upper()}")
        elif attr == "inherits" and a.kind == "table":
            keep = [p for p in b.inherits if p in a.inherits]
            if keep != [p for p in a.inherits if p in b.inherits]:
                keep = []  # the order differs: take every parent away and add them back in order
            out += [f"ALTER TABLE {rel} NO INHERIT {p}" for p in b.inherits if p not in keep]
            out += [f"ALTER TABLE {rel} INHERIT {p}" for p in a.inherits if p not in keep]
        elif attr == "check_option" and a.kind == "view":
            if a.check_option is None:
                out.append(f"ALTER VIEW {rel} RESET (check_option)")
            else:
                out.append(f"ALTER VIEW {rel} SET (check_option = {a.check_option})")
        elif attr == "view_definition" and a.kind == "view" and a.view_definition:
            # Works when the view keeps its columns; otherwise PostgreSQL refuses and a person decides.
            out.append(f"CREATE OR REPLACE VIEW {rel} AS {a.view_definition.strip().rstrip(';')}")
        else:
            return []  # something we cannot fix statement by statement (definition, kind...)
    return out


_TABLES = ("table", "partitioned table")


def _set_storage(alter: str, want: frozenset[str], have: frozenset[str]) -> list[str]:
    """ALTER ... SET (name = value) / RESET (name) bringing storage parameters ``have`` to ``want``."""
    want_d = dict(p.partition("=")[::2] for p in want)
    have_d = dict(p.partition("=")[::2] for p in have)
    out: list[str] = []
    reset = sorted(k for k in have_d if k not in want_d)
    if reset:
        out.append(f"{alter} RESET ({', '.join(reset)})")
    changed = sorted(k for k, v in want_d.items() if have_d.get(k) != v)
    if changed:
        out.append(f"{alter} SET ({', '.join(f'{k} = {reloption_literal(want_d[k])}' for k in changed)})")
    return out


def _comment(text: str | None) -> str:
    return "NULL" if text is None else _literal(text)


def _grants(on: str, want: frozenset[Grant], have: frozenset[Grant], columns: str = "") -> list[str]:
    out: list[str] = []
    cols = f" ({columns})" if columns else ""
    for g in sorted(have - want):
        # Revoking only the grant option when the privilege itself is still wanted.
        if Grant(g.grantee, g.privilege, not g.grantable) in want and g.grantable:
            out.append(f"REVOKE GRANT OPTION FOR {g.privilege}{cols} ON {on} FROM {_role(g.grantee)}")
        elif Grant(g.grantee, g.privilege, not g.grantable) not in want:
            out.append(f"REVOKE {g.privilege}{cols} ON {on} FROM {_role(g.grantee)}")
    for g in sorted(want - have):
        opt = " WITH GRANT OPTION" if g.grantable else ""
        out.append(f"GRANT {g.privilege}{cols} ON {on} TO {_role(g.grantee)}{opt}")
    return out


# --- columns ----------------------------------------------------------------------------------
def _column_def(c: Column) -> str:
    out = f"{quote_ident(c.name)} {c.type}"
    if c.collation:
        out += f" COLLATE {quote_ident(c.collation)}"
    if c.identity:
        out += f" GENERATED {c.identity.upper()} AS IDENTITY"
    elif c.generated:
        # VIRTUAL is written out: it is 18's default, and an error on an older server (which is
        # right: such a server cannot hold the column). A kind not known is STORED, the only one
        # before 18.
        kind = "VIRTUAL" if c.generated_kind == "virtual" else "STORED"
        out += f" GENERATED ALWAYS AS ({c.generated}) {kind}"
    elif c.default is not None:
        out += f" DEFAULT {c.default}"
    if not c.nullable:
        out += " NOT NULL"
    return out


def _column(d: Difference) -> list[str]:
    schema, table, name = d.parts
    rel = _q(schema, table)
    col = quote_ident(name)
    if d.kind is MISSING:
        c: Column = d.a
        out = [f"ALTER TABLE {rel} ADD COLUMN {_column_def(c)}"]
        if c.comment is not None:
            out.append(f"COMMENT ON COLUMN {rel}.{col} IS {_comment(c.comment)}")
        out += _grants(f"TABLE {rel}", c.privileges, frozenset(), columns=col)
        return out
    if d.kind is UNEXPECTED:
        return [f"ALTER TABLE {rel} DROP COLUMN {col}"]
    a: Column = d.a
    b: Column = d.b
    out = []
    changes = d.changed
    if "generated_kind" in changes and a.generated and b.generated:
        # STORED <-> VIRTUAL: no ALTER changes the kind. The column is made again (its values are
        # derived, so nothing is lost but its position); its comment and grants go with it.
        out = [f"ALTER TABLE {rel} DROP COLUMN {col}, ADD COLUMN {_column_def(a)}"]
        if a.comment is not None:
            out.append(f"COMMENT ON COLUMN {rel}.{col} IS {_comment(a.comment)}")
        out += _grants(f"TABLE {rel}", a.privileges, frozenset(), columns=col)
        return out
    if "type" in changes:
        out.append(f"ALTER TABLE {rel} ALTER COLUMN {col} TYPE {a.type} USING {col}::{a.type}")
    if "default" in changes:
        if a.default is None:
            out.append(f"ALTER TABLE {rel} ALTER COLUMN {col} DROP DEFAULT")
        else:
            out.append(f"ALTER TABLE {rel} ALTER COLUMN {col} SET DEFAULT {a.default}")
    if "nullable" in changes:
        out.append(f"ALTER TABLE {rel} ALTER COLUMN {col} {'DROP' if a.nullable else 'SET'} NOT NULL")
    if "comment" in changes:
        out.append(f"COMMENT ON COLUMN {rel}.{col} IS {_comment(a.comment)}")
    if "privileges" in changes:
        out += _grants(f"TABLE {rel}", a.privileges, b.privileges, columns=col)
    if "identity" in changes:
        if a.identity is None:
            out.append(f"ALTER TABLE {rel} ALTER COLUMN {col} DROP IDENTITY")
        elif b.identity is None:
            out.append(f"ALTER TABLE {rel} ALTER COLUMN {col} ADD GENERATED {a.identity.upper()} AS IDENTITY")
        else:
            out.append(f"ALTER TABLE {rel} ALTER COLUMN {col} SET GENERATED {a.identity.upper()}")
    if changes - {"type", "default", "nullable", "comment", "privileges", "identity"}:
        return []  # generated expression, collation, position: needs a person
    return out


# --- constraints ------------------------------------------------------------------------------
def _constraint_def(c: Constraint) -> str | None:
    return c.definition or constraint_definition(c)


def _constraint(d: Difference) -> list[str]:
    schema, table, name = d.parts
    rel = _q(schema, table)
    drop = f"ALTER TABLE {rel} DROP CONSTRAINT {quote_ident(name)}"
    if d.kind is UNEXPECTED:
        return [drop]
    a: Constraint = d.a
    if d.kind is CHANGED and d.changed == {"validated"} and a.validated:
        return [f"ALTER TABLE {rel} VALIDATE CONSTRAINT {quote_ident(name)}"]
    definition = _constraint_def(a)
    if definition is None:
        return []
    add = f"ALTER TABLE {rel} ADD CONSTRAINT {quote_ident(name)} {definition}"
    return [add] if d.kind is MISSING else [drop, add]


# --- indexes ----------------------------------------------------------------------------------
def _index_def(schema: str, table: str, ix: Index) -> str:
    return ix.definition or index_definition_of(schema, table, ix)


def _index(d: Difference) -> list[str]:
    schema, table, name = d.parts
    drop = f"DROP INDEX {_q(schema, name)}"
    if d.kind is UNEXPECTED:
        return [drop]
    if d.kind is CHANGED and d.changed <= {"storage", "definition"} and "storage" in d.changes:
        return _set_storage(f"ALTER INDEX {_q(schema, name)}", d.a.storage, d.b.storage)
    create = _index_def(schema, table, d.a)
    return [create] if d.kind is MISSING else [drop, create]


# --- policies ---------------------------------------------------------------------------------
def _policy_roles(p: Policy) -> str:
    return ", ".join(_role(r) for r in sorted(p.roles)) or PUBLIC


def _create_policy(schema: str, table: str, p: Policy) -> str:
    out = f"CREATE POLICY {quote_ident(p.name)} ON {_q(schema, table)}"
    if not p.permissive:
        out += " AS RESTRICTIVE"
    out += f" FOR {p.command} TO {_policy_roles(p)}"
    if p.using is not None:
        out += f" USING ({p.using})"
    if p.with_check is not None:
        out += f" WITH CHECK ({p.with_check})"
    return out


def _policy(d: Difference) -> list[str]:
    schema, table, name = d.parts
    drop = f"DROP POLICY {quote_ident(name)} ON {_q(schema, table)}"
    if d.kind is UNEXPECTED:
        return [drop]
    a: Policy = d.a
    if d.kind is MISSING:
        return [_create_policy(schema, table, a)]
    changes = d.changed
    # ALTER POLICY cannot change the command or permissiveness, nor remove a clause.
    removes_clause = (a.using is None and "using" in changes) or (
        a.with_check is None and "with_check" in changes
    )
    if changes & {"command", "permissive"} or removes_clause:
        return [drop, _create_policy(schema, table, a)]
    alter = f"ALTER POLICY {quote_ident(name)} ON {_q(schema, table)}"
    if "roles" in changes:
        alter += f" TO {_policy_roles(a)}"
    if "using" in changes:
        alter += f" USING ({a.using})"
    if "with_check" in changes:
        alter += f" WITH CHECK ({a.with_check})"
    return [alter]


# --- other objects with grants or comments ------------------------------------------------------
def _schema(d: Difference) -> list[str]:
    name = d.parts[0]
    if d.kind is MISSING:
        return [f"CREATE SCHEMA {quote_ident(name)}"]
    if d.kind is not CHANGED:
        return []
    out: list[str] = []
    for attr in d.changes:
        if attr == "privileges":
            out += _grants(f"SCHEMA {quote_ident(name)}", d.a.privileges, d.b.privileges)
        elif attr == "comment":
            out.append(f"COMMENT ON SCHEMA {quote_ident(name)} IS {_comment(d.a.comment)}")
        elif attr == "owner" and d.a.owner:
            out.append(f"ALTER SCHEMA {quote_ident(name)} OWNER TO {quote_ident(d.a.owner)}")
        else:
            return []
    return out


def _function(d: Difference) -> list[str]:
    if d.kind is not CHANGED:
        return []
    a = d.a
    sig = f"{_q(a.schema, a.name)}({a.arguments})"
    what = "PROCEDURE" if a.kind == "procedure" else "FUNCTION"
    out: list[str] = []
    for attr in d.changes:
        if attr == "privileges":
            out += _grants(f"{what} {sig}", a.privileges, d.b.privileges)
        elif attr == "comment":
            out.append(f"COMMENT ON {what} {sig} IS {_comment(a.comment)}")
        elif attr == "security_definer":
            out.append(f"ALTER {what} {sig} SECURITY {'DEFINER' if a.security_definer else 'INVOKER'}")
        elif attr == "volatility" and what == "FUNCTION":
            out.append(f"ALTER FUNCTION {sig} {a.volatility.upper()}")
        elif attr == "owner" and a.owner:
            out.append(f"ALTER {what} {sig} OWNER TO {quote_ident(a.owner)}")
        else:
            return []  # body, config, return type: the function must be redefined
    return out


_DP_ON = {
    "table": "TABLES",
    "sequence": "SEQUENCES",
    "function": "FUNCTIONS",
    "type": "TYPES",
    "schema": "SCHEMAS",
}


def _default_privilege(d: Difference) -> list[str]:
    want: frozenset[DefaultPrivilege] = d.a or frozenset()
    have: frozenset[DefaultPrivilege] = d.b or frozenset()
    out: list[str] = []
    for p, verb in [(p, "REVOKE") for p in sorted(have - want)] + [(p, "GRANT") for p in sorted(want - have)]:
        head = f"ALTER DEFAULT PRIVILEGES FOR ROLE {quote_ident(p.role)}"
        if p.schema:
            head += f" IN SCHEMA {quote_ident(p.schema)}"
        on = _DP_ON[p.object_type]
        if verb == "GRANT":
            opt = " WITH GRANT OPTION" if p.grantable else ""
            out.append(f"{head} GRANT {p.privilege} ON {on} TO {_role(p.grantee)}{opt}")
        else:
            out.append(f"{head} REVOKE {p.privilege} ON {on} FROM {_role(p.grantee)}")
    return out


# --- triggers, sequences, enums, extensions ---------------------------------------------------------
_TRIGGER_ENABLE = {
    "origin": "ENABLE",
    "always": "ENABLE ALWAYS",
    "replica": "ENABLE REPLICA",
    "disabled": "DISABLE",
}


def _trigger(d: Difference) -> list[str]:
    schema, table, name = d.parts
    rel = _q(schema, table)
    drop = f"DROP TRIGGER {quote_ident(name)} ON {rel}"
    if d.kind is UNEXPECTED:
        return [drop]
    a: Trigger = d.a
    enable = f"ALTER TABLE {rel} {_TRIGGER_ENABLE[a.enabled]} TRIGGER {quote_ident(name)}"
    if d.kind is CHANGED and d.changed == {"enabled"}:
        return [enable]
    if not a.definition:
        return []
    out = [a.definition] if d.kind is MISSING else [drop, a.definition]
    if a.enabled != "origin":
        out.append(enable)
    return out


def _sequence(d: Difference) -> list[str]:
    if d.kind is not CHANGED:
        return []
    a: Sequence = d.a
    rel = _q(a.schema, a.name)
    out: list[str] = []
    opts: list[str] = []
    for attr in d.changes:
        if attr == "privileges":
            out += _grants(f"SEQUENCE {rel}", a.privileges, d.b.privileges)
        elif attr == "type":
            opts.append(f"AS {a.type}")
        elif attr == "increment":
            opts.append(f"INCREMENT BY {a.increment}")
        elif attr == "start":
            opts.append(f"START WITH {a.start}")
        elif attr == "min_value":
            opts.append("NO MINVALUE" if a.min_value is None else f"MINVALUE {a.min_value}")
        elif attr == "max_value":
            opts.append("NO MAXVALUE" if a.max_value is None else f"MAXVALUE {a.max_value}")
        elif attr == "cache":
            opts.append(f"CACHE {a.cache}")
        elif attr == "cycle":
            opts.append("CYCLE" if a.cycle else "NO CYCLE")
        elif attr == "owner" and a.owner:
            out.append(f"ALTER SEQUENCE {rel} OWNER TO {quote_ident(a.owner)}")
        else:
            return []  # owned_by: left to a person (it follows the owning column)
    if opts:
        out.insert(0, f"ALTER SEQUENCE {rel} {' '.join(opts)}")
    return out


def _enum(d: Difference) -> list[str]:
    if d.kind is not CHANGED or d.changed != {"labels"}:
        return []
    want: tuple[str, ...] = d.a.labels
    have: tuple[str, ...] = d.b.labels
    # Only additions can be made in place (labels cannot be dropped or reordered).
    if [x for x in want if x in have] != list(have):
        return []
    rel = _q(d.a.schema, d.a.name)
    out: list[str] = []
    for i, label in enumerate(want):
        if label in have:
            continue
        after = want[i - 1] if i > 0 else None
        where = f" AFTER {_literal(after)}" if after is not None else f" BEFORE {_literal(want[i + 1])}"
        out.append(f"ALTER TYPE {rel} ADD VALUE {_literal(label)}{where}")
    return out


def _extension(d: Difference) -> list[str]:
    name = quote_ident(d.parts[0])
    if d.kind is UNEXPECTED:
        return [f"DROP EXTENSION {name}"]
    if d.kind is MISSING:
        e = d.a
        return [
            f"CREATE EXTENSION IF NOT EXISTS {name}"
            + (f" WITH SCHEMA {quote_ident(e.schema)}" if e.schema else "")
        ]
    if d.kind is CHANGED and d.changed == {"version"} and _can_update(d.b, d.a.version):
        return [f"ALTER EXTENSION {name} UPDATE TO {_literal(d.a.version)}"]
    return []


def _can_update(have: Any, want: str | None) -> bool:
    """Can live's server update extension ``have`` to version ``want``? Only forwards (contrib ships
    no downgrade scripts) and not past the version live's server ships (``default_version``, when
    read): never an ``UPDATE TO`` that server cannot run."""
    current, ships = _version_key(have.version), _version_key(have.default_version)
    target = _version_key(want)
    if target is None or current is None or target <= current:
        return False
    return have.default_version is None or (ships is not None and target <= ships)


def _version_key(version: str | None) -> tuple[int, ...] | None:
    parts = (version or "").split(".")
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else None


def _create_collation(c: Collation) -> str:
    opts = [f"provider = {c.provider}"]
    if c.provider == "libc":
        if c.lc_collate is not None and c.lc_collate == c.lc_ctype:
            opts.append(f"locale = {_literal(c.lc_collate)}")
        else:
            opts.append(f"lc_collate = {_literal(c.lc_collate or 'C')}")
            opts.append(f"lc_ctype = {_literal(c.lc_ctype or 'C')}")
    elif c.locale is not None:
        opts.append(f"locale = {_literal(c.locale)}")
    if not c.deterministic:
        opts.append("deterministic = false")
    return f"CREATE COLLATION {_q(c.schema, c.name)} ({', '.join(opts)})"


def _collation(d: Difference) -> list[str]:
    schema, name = d.parts
    drop = f"DROP COLLATION {_q(schema, name)}"
    if d.kind is UNEXPECTED:
        return [drop]
    a: Collation = d.a
    if d.kind is MISSING:
        out = [_create_collation(a)]
        if a.owner:
            out.append(f"ALTER COLLATION {_q(schema, name)} OWNER TO {quote_ident(a.owner)}")
        return out
    if d.changed == {"owner"} and a.owner:
        return [f"ALTER COLLATION {_q(schema, name)} OWNER TO {quote_ident(a.owner)}"]
    # a collation cannot be altered: dropped and created again (refused while columns use it)
    out = [drop, _create_collation(a)]
    if a.owner:
        out.append(f"ALTER COLLATION {_q(schema, name)} OWNER TO {quote_ident(a.owner)}")
    return out


_ROLE_OPTIONS = (
    ("login", "LOGIN", "NOLOGIN"),
    ("superuser", "SUPERUSER", "NOSUPERUSER"),
    ("bypassrls", "BYPASSRLS", "NOBYPASSRLS"),
    ("inherit", "INHERIT", "NOINHERIT"),
    ("createrole", "CREATEROLE", "NOCREATEROLE"),
    ("createdb", "CREATEDB", "NOCREATEDB"),
)


def _role_fix(d: Difference) -> list[str]:
    """Roles are cluster-wide: CREATE ROLE, DROP ROLE (refused while anything depends on it) and
    ALTER ROLE / GRANT role membership."""
    name = quote_ident(d.parts[0])
    if d.kind is UNEXPECTED:
        return [f"DROP ROLE {name}"]
    a = d.a
    options = " ".join(yes if getattr(a, attr) else no for attr, yes, no in _ROLE_OPTIONS)
    if d.kind is MISSING:
        out = [f"CREATE ROLE {name} {options}"]
        out += [f"GRANT {quote_ident(r)} TO {name}" for r in sorted(a.member_of)]
        return out
    out = []
    changed = [(attr, yes, no) for attr, yes, no in _ROLE_OPTIONS if attr in d.changes]
    if changed:
        out.append(
            f"ALTER ROLE {name} " + " ".join(yes if getattr(a, attr) else no for attr, yes, no in changed)
        )
    if "member_of" in d.changes:
        out += [f"REVOKE {quote_ident(r)} FROM {name}" for r in sorted(d.b.member_of - a.member_of)]
        out += [f"GRANT {quote_ident(r)} TO {name}" for r in sorted(a.member_of - d.b.member_of)]
    return out


# Objects created or dropped whole: a hand-made function, view, table or type gets its DROP; a
# missing one the SQL that creates it (auditor.compare.ddl), when every part of it is known.
_WHOLE_OBJECTS = ("table", "function", "sequence", "enum", "domain")
_DROP_RELATION = {
    "table": "TABLE",
    "partitioned table": "TABLE",
    "view": "VIEW",
    "materialized view": "MATERIALIZED VIEW",
    "foreign table": "FOREIGN TABLE",
}


def _whole_object(d: Difference) -> list[str]:
    if d.kind is MISSING:
        from auditor.compare.ddl import create_sql  # ddl builds on this module's pieces

        text = create_sql(d.object_type, d.parts, d.a)
        # a part the source did not read (a body known by hash, a view's text) cannot be created
        return [] if "not known" in text or "not read" in text or "not modelled" in text else [text]
    b = d.b
    if d.object_type == "table":
        return [f"DROP {_DROP_RELATION.get(b.kind, 'TABLE')} {_q(b.schema, b.name)}"]
    if d.object_type == "function":
        what = "PROCEDURE" if b.kind == "procedure" else "AGGREGATE" if b.kind == "aggregate" else "FUNCTION"
        return [f"DROP {what} {_q(b.schema, b.name)}({b.arguments})"]
    if d.object_type == "sequence":
        return [] if b.owned_by else [f"DROP SEQUENCE {_q(b.schema, b.name)}"]  # owned: goes with its column
    if d.object_type == "enum":
        return [f"DROP TYPE {_q(b.schema, b.name)}"]
    return [f"DROP DOMAIN {_q(b.schema, b.name)}"]


_FIXERS: dict[str, Any] = {
    "table": _table,
    "column": _column,
    "constraint": _constraint,
    "index": _index,
    "policy": _policy,
    "schema": _schema,
    "function": _function,
    "sequence": _sequence,
    "default_privilege": _default_privilege,
    "trigger": _trigger,
    "enum": _enum,
    "extension": _extension,
    "collation": _collation,
    "role": _role_fix,
}
