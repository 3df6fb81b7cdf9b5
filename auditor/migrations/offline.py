"""Offline mode: a :class:`~auditor.model.Catalog` built from the migrations' text alone, no server.

The statements are interpreted in order against a mutable picture of the schema, which is frozen
into the neutral model at the end. The catalog is ``approximate=True``: it holds what the SQL says,
with the names PostgreSQL would give unnamed constraints and indexes, and every object declares
only the attributes the SQL determines (owners, default privileges, view columns are not known
offline and are left undeclared, so comparisons do not look at them).

Whatever cannot be modelled becomes a :class:`~auditor.model.Gap` with its file:line: dynamic SQL
(``EXECUTE``), DDL inside ``DO`` blocks beyond the common idempotent guards, statements we do not
interpret. The common guards are modelled: a ``DO`` block whose DDL sits in the body, in an
``IF NOT EXISTS (...) THEN`` branch, or in a block with an ``EXCEPTION`` handler, is read as "make
sure this exists": each inner statement applies unless its object already exists.

The same interpreter records an :class:`Effect` per object a statement creates, changes or drops;
:mod:`auditor.migrations.provenance` is built from those.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

from pglast import ast

from auditor.migrations.names import (
    SERIAL_TYPES,
    choose_name,
    column_addition,
    deparse,
    qualified,
    relation_name,
    role_name,
    sval,
    type_name,
)
from auditor.migrations.parse import ParsedFile, Statement, do_block_statements, parse_folder
from auditor.model import (
    PUBLIC,
    Catalog,
    Collation,
    Column,
    Constraint,
    Domain,
    EnumType,
    Extension,
    ForeignKeyRef,
    FrozenMap,
    Function,
    Gap,
    GeneratedKind,
    Grant,
    Identity,
    Index,
    Location,
    Policy,
    PolicyCommand,
    Relation,
    Schema,
    Trigger,
    object_path,
    qualify,
)
from auditor.model import (
    Sequence as SequenceModel,
)
from auditor.pgvocab import (
    BUILTIN_OPCLASSES,
    constraint_label,
    is_default_opclass,
    reloption_value,
    reloptions,
)

Action = Literal["create", "change", "drop"]


@dataclass(frozen=True)
class Effect:
    """One statement's effect on one object (``object`` is a :func:`~auditor.model.object_path`)."""

    object: str
    action: Action
    location: Location


# Attributes each offline object asserts (see model.Declared): what the SQL determines.
_COLUMN_DECLARED = frozenset(
    {"name", "type", "nullable", "default", "identity", "generated", "generated_kind", "collation", "comment"}
)
_CONSTRAINT_DECLARED = frozenset(
    {
        "name",
        "kind",
        "columns",
        "expression",
        "nulls_not_distinct",
        "references",
        "on_delete",
        "on_update",
        "match_full",
        "deferrable",
        "initially_deferred",
        "validated",
        "no_inherit",
        "include",
    }
)
_INDEX_DECLARED = frozenset(
    {
        "name",
        "keys",
        "unique",
        "primary",
        "method",
        "include",
        "predicate",
        "nulls_not_distinct",
        "constraint",
        "storage",
    }
)
_POLICY_DECLARED = frozenset({"name", "command", "permissive", "roles", "using", "with_check"})
_TRIGGER_DECLARED = frozenset(
    {
        "name",
        "timing",
        "events",
        "level",
        "function",
        "when",
        "update_columns",
        "arguments",
        "enabled",
        "constraint",
        "deferrable",
        "initially_deferred",
    }
)
_RELATION_DECLARED = frozenset(
    {
        "schema",
        "name",
        "kind",
        "comment",
        "rls_enabled",
        "rls_forced",
        "columns",
        "constraints",
        "indexes",
        "policies",
        "triggers",
        "partition_key",
        "partition_of",
        "storage",
        "unlogged",
        "replica_identity",
        "replica_identity_index",
        "inherits",
        "check_option",
        "security_invoker",
        "security_barrier",
    }
)
# What a view or materialized view does not assert offline: its columns (their types come from the
# query, which is not analysed without a server); a view has no storage of its own to speak of.
_VIEW_UNDECLARED = frozenset(
    {"columns", "unlogged", "replica_identity", "replica_identity_index", "inherits"}
)
_FUNCTION_DECLARED = frozenset(
    {
        "schema",
        "name",
        "arguments",
        "kind",
        "returns",
        "language",
        "volatility",
        "security_definer",
        "strict",
        "config",
        "comment",
    }
)
_SEQUENCE_DECLARED = frozenset(
    {"schema", "name", "type", "start", "increment", "min_value", "max_value", "cache", "cycle"}
)
# A sequence type's range: the default MINVALUE/MAXVALUE (DefineSequence's init_params).
_SEQUENCE_RANGE = {
    "smallint": (-32768, 32767),
    "integer": (-2147483648, 2147483647),
    "bigint": (-9223372036854775808, 9223372036854775807),
}
_ENUM_DECLARED = frozenset({"schema", "name", "labels", "comment"})
_DOMAIN_DECLARED = frozenset({"schema", "name", "base_type", "nullable", "default", "checks"})
_COLLATION_DECLARED = frozenset(
    {"schema", "name", "provider", "locale", "lc_collate", "lc_ctype", "deterministic"}
)
_SCHEMA_DECLARED = frozenset({"name", "comment"})

# ALTER TABLE subcommands on one column.
_COLUMN_COMMANDS = frozenset(
    {
        "AT_ColumnDefault",
        "AT_SetNotNull",
        "AT_DropNotNull",
        "AT_AlterColumnType",
        "AT_AddIdentity",
        "AT_DropIdentity",
        "AT_DropExpression",
        "AT_SetIdentity",
    }
)

# ALTER TABLE subcommands that change nothing the model holds.
_NO_MODEL_EFFECT = frozenset(
    {
        "AT_SetStatistics",
        "AT_SetStorage",
        "AT_SetCompression",
        "AT_SetOptions",
        "AT_ResetOptions",
        "AT_ClusterOn",
        "AT_DropCluster",
        "AT_SetAccessMethod",
        "AT_SetTableSpace",
    }
)
# ALTER TABLE ... ENABLE/DISABLE TRIGGER: pg_trigger.tgenabled of one trigger (named) or all of them
_TRIGGER_ENABLING = {
    "AT_EnableTrig": "origin",
    "AT_EnableAlwaysTrig": "always",
    "AT_EnableReplicaTrig": "replica",
    "AT_DisableTrig": "disabled",
    "AT_EnableTrigAll": "origin",
    "AT_DisableTrigAll": "disabled",
    "AT_EnableTrigUser": "origin",
    "AT_DisableTrigUser": "disabled",
}

#: What the offline reader does not compare, because a migration's text does not determine it: the
#: audit's source line names these (so a pass offline never claims them).
NOT_COMPARED: tuple[str, ...] = (
    "objects only live has outside the tables the migrations make (a hand-made table, view, "
    "function, sequence, type, collation, extension or schema: a shadow replay finds them)",
    "owners",
    "privileges and default privileges (they depend on the role that runs the migrations)",
    "view and materialized view definitions and columns (the server's analysis of the query)",
    "partition bounds",
    "function bodies",
    "sequence ownership (OWNED BY)",
    "index validity",
    "role attributes",
)

_FK_ACTIONS = {"a": "no action", "r": "restrict", "c": "cascade", "n": "set null", "d": "set default"}
_TRIGGER_EVENTS = ((4, "insert"), (8, "delete"), (16, "update"), (32, "truncate"))
_PRIVILEGES = {
    "table": ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER", "MAINTAIN"),
}


@dataclass
class _Table:
    schema: str
    name: str
    kind: str = "table"
    columns: dict[str, Column] = field(default_factory=dict)
    constraints: dict[str, Constraint] = field(default_factory=dict)
    indexes: dict[str, Index] = field(default_factory=dict)
    policies: dict[str, Policy] = field(default_factory=dict)
    triggers: dict[str, Trigger] = field(default_factory=dict)
    privileges: set[Grant] = field(default_factory=set)
    comment: str | None = None
    rls_enabled: bool = False
    rls_forced: bool = False
    no_inherit_not_null: set[str] = field(default_factory=set)  # NOT NULL NO INHERIT columns
    view_definition: str | None = None
    partition_key: str | None = None
    partition_of: str | None = None
    # reloptions as pg_class holds them ("fillfactor=70", "toast.x=y"); a view's security_invoker,
    # security_barrier and check_option among them, as in the catalog
    storage: set[str] = field(default_factory=set)
    unlogged: bool = False
    replica_identity: str = "default"
    replica_identity_index: str | None = None
    inherits: tuple[str, ...] = ()
    next_attnum: int = 1
    location: Location | None = None


@dataclass
class _Schema:
    name: str
    comment: str | None = None
    tables: dict[str, _Table] = field(default_factory=dict)
    functions: dict[str, Function] = field(default_factory=dict)
    sequences: dict[str, SequenceModel] = field(default_factory=dict)
    enums: dict[str, EnumType] = field(default_factory=dict)
    domains: dict[str, Domain] = field(default_factory=dict)
    collations: dict[str, Collation] = field(default_factory=dict)
    location: Location | None = None


class Interpreter:
    """Applies parsed statements, in order, to a picture of the schema."""

    def __init__(self) -> None:
        self.schemas: dict[str, _Schema] = {"public": _Schema("public")}
        self.extensions: dict[str, Extension] = {}
        self.gaps: list[Gap] = []
        self.effects: list[Effect] = []
        self._loc = Location("<none>")
        self._schema = "public"
        self._stmt: Statement | None = None
        self._inputs: dict[tuple[str, str], tuple[str, ...]] = {}  # (schema, function key): input types

    # --- driving -----------------------------------------------------------------------------
    def run(self, files: Iterable[ParsedFile]) -> None:
        for pf in files:
            for st in pf.statements:
                self.statement(st)

    def statement(self, st: Statement) -> None:
        self._loc = st.location
        self._schema = st.schema
        if st.node_type in _IGNORED_NODES:
            return  # no effect on the schema: do not even build its node
        if st.ast is None:
            self._gap("statement", st.kind, f"not parsed: {st.error}")
            return
        self._stmt = st
        try:
            self.apply(st.ast, st)
        except (AttributeError, TypeError, ValueError, KeyError, IndexError, AssertionError) as e:
            # A construct this reader does not expect: say so (the catalog is then incomplete)
            # rather than stop the whole audit.
            self._gap("statement", st.kind, f"not modelled offline ({type(e).__name__}: {e})")

    def apply(self, node: Any, st: Statement | None) -> None:
        handler = getattr(self, "_" + type(node).__name__, None)
        if handler is None:
            kind = st.kind if st else type(node).__name__
            if type(node).__name__ not in _IGNORED_NODES:
                self._gap("statement", kind, "statement kind not modelled offline")
            return
        handler(node)

    # --- helpers ------------------------------------------------------------------------------
    def _gap(self, kind: str, obj: str, reason: str) -> None:
        self.gaps.append(Gap(kind=kind, object=obj, reason=reason, location=self._loc))

    def _effect(self, path: str, action: Action) -> None:
        self.effects.append(Effect(path, action, self._loc))

    def _schema_of(self, name: str) -> _Schema:
        s = self.schemas.get(name)
        if s is None:
            s = self.schemas[name] = _Schema(name, location=self._loc)
        return s

    def _table(self, schema: str, name: str, *, quiet: bool = False) -> _Table | None:
        t = self.schemas.get(schema, _Schema(schema)).tables.get(name)
        if t is None and not quiet:
            self._gap("table", qualify(schema, name), "not created by the migrations before this statement")
        return t

    def _rv(self, rv: Any) -> tuple[str, str]:
        return relation_name(rv, self._schema)

    def _taken_names(self, schema: str) -> set[str]:
        """Relation and index names of a schema (index names share the relation namespace)."""
        s = self.schemas.get(schema)
        if s is None:
            return set()
        out = set(s.tables) | set(s.sequences)
        for t in s.tables.values():
            out |= set(t.indexes)
        return out

    def _collation(self, clause: ast.CollateClause | None, typ: str) -> str | None:
        """A column's COLLATE as the catalog reader gives it: only when it is not the type's own
        (``default`` is), pg_catalog's unqualified, others qualified. A collation the migrations
        did not create is pg_catalog's (C, POSIX, ucs_basic, ...) unless the SQL qualifies it."""
        if clause is None or not clause.collname:
            return None
        schema, name = qualified(clause.collname, "")
        if not schema:
            made = [
                s
                for s in (self._schema, "public")
                if s in self.schemas and name in self.schemas[s].collations
            ]
            schema = made[0] if made else "pg_catalog"
        if schema == "pg_catalog":
            return None if name == "default" else name
        return qualify(schema, name)

    # --- schemas, extensions, types ---------------------------------------------------------
    def _CreateSchemaStmt(self, n: ast.CreateSchemaStmt) -> None:
        name = n.schemaname
        if name is None:  # CREATE SCHEMA AUTHORIZATION role: named after the role
            assert n.authrole is not None
            name = role_name(n.authrole)
        if name in self.schemas and self.schemas[name].location is not None:
            return
        self._schema_of(name).location = self._loc
        self._effect(object_path("schema", name), "create")
        for elt in n.schemaElts or ():
            saved, self._schema = self._schema, name
            self.apply(elt, None)
            self._schema = saved

    def _CreateExtensionStmt(self, n: ast.CreateExtensionStmt) -> None:
        ext = str(n.extname)
        if ext in self.extensions:
            return
        schema = version = None
        for opt in n.options or ():
            if opt.defname == "schema":
                schema = sval(opt.arg)
            elif opt.defname == "new_version":
                version = sval(opt.arg)
        declared = {"name"} | ({"schema"} if schema else set()) | ({"version"} if version else set())
        self.extensions[ext] = Extension(
            ext, version=version, schema=schema, declared=frozenset(declared), location=self._loc
        )
        self._effect(object_path("extension", ext), "create")

    def _CreateEnumStmt(self, n: ast.CreateEnumStmt) -> None:
        schema, name = qualified(n.typeName or (), self._schema)
        s = self._schema_of(schema)
        if name in s.enums:
            return
        labels = tuple(sval(v) for v in n.vals or ())
        s.enums[name] = EnumType(schema, name, labels, declared=_ENUM_DECLARED, location=self._loc)
        self._effect(object_path("enum", schema, name), "create")

    def _AlterEnumStmt(self, n: ast.AlterEnumStmt) -> None:
        schema, name = qualified(n.typeName or (), self._schema)
        s = self._schema_of(schema)
        e = s.enums.get(name)
        if e is None:
            self._gap("enum", qualify(schema, name), "not created by the migrations before this statement")
            return
        labels = list(e.labels)
        new = str(n.newVal)
        if n.oldVal:  # RENAME VALUE
            labels = [new if x == n.oldVal else x for x in labels]
        elif new in labels:
            return  # ADD VALUE IF NOT EXISTS of a present label
        elif n.newValNeighbor and n.newValNeighbor in labels:
            at = labels.index(n.newValNeighbor) + (1 if n.newValIsAfter else 0)
            labels.insert(at, new)
        else:
            labels.append(new)
        s.enums[name] = EnumType(
            schema, name, tuple(labels), comment=e.comment, declared=_ENUM_DECLARED, location=e.location
        )
        self._effect(object_path("enum", schema, name), "change")

    def _CreateDomainStmt(self, n: ast.CreateDomainStmt) -> None:
        schema, name = qualified(n.domainname or (), self._schema)
        s = self._schema_of(schema)
        if name in s.domains:
            return
        assert n.typeName is not None
        d = Domain(schema, name, type_name(n.typeName), declared=_DOMAIN_DECLARED, location=self._loc)
        s.domains[name] = d
        for c in n.constraints or ():
            self._domain_constraint(s, name, c)
        self._effect(object_path("domain", schema, name), "create")

    def _domain_constraint(self, s: _Schema, name: str, c: ast.Constraint) -> None:
        d = s.domains[name]
        ct = c.contype.name if c.contype is not None else ""
        if ct == "CONSTR_NOTNULL":
            s.domains[name] = _with(d, nullable=False)
        elif ct == "CONSTR_NULL":
            s.domains[name] = _with(d, nullable=True)
        elif ct == "CONSTR_DEFAULT":
            s.domains[name] = _with(d, default=deparse(c.raw_expr))
        elif ct == "CONSTR_CHECK":
            # unnamed: ChooseConstraintName(domain, NULL, "check", ...), as for a table's CHECK
            cname = c.conname or choose_name(name, None, constraint_label("check"), d.checks)
            checks = {**d.checks, cname: deparse(c.raw_expr)}
            s.domains[name] = _with(d, checks=FrozenMap(checks))
        else:
            self._gap("domain", qualify(s.name, name), f"{ct} on a domain is not modelled offline")

    def _AlterDomainStmt(self, n: ast.AlterDomainStmt) -> None:
        schema, name = qualified(n.typeName or (), self._schema)
        s = self._schema_of(schema)
        d = s.domains.get(name)
        if d is None:
            self._gap("domain", qualify(schema, name), "not created by the migrations before this statement")
            return
        sub = n.subtype
        if sub == "T":  # SET DEFAULT / DROP DEFAULT
            s.domains[name] = _with(d, default=deparse(n.def_) if n.def_ is not None else None)
        elif sub in ("N", "O"):  # DROP NOT NULL / SET NOT NULL
            s.domains[name] = _with(d, nullable=sub == "N")
        elif sub == "C" and isinstance(n.def_, ast.Constraint):  # ADD CONSTRAINT
            self._domain_constraint(s, name, n.def_)
        elif sub == "X" and n.name:  # DROP CONSTRAINT
            s.domains[name] = _with(d, checks=FrozenMap((k, v) for k, v in d.checks.items() if k != n.name))
        elif sub != "V":  # VALIDATE CONSTRAINT changes nothing held
            self._gap("domain", qualify(schema, name), f"ALTER DOMAIN ({sub}) is not modelled offline")
            return
        self._effect(object_path("domain", schema, name), "change")

    def _aggregate(self, n: ast.DefineStmt) -> None:
        """CREATE AGGREGATE: a function of kind aggregate (pg_proc: language internal, immutable,
        the body ``aggregate_dummy``) returning its state type, or its final function's type, which
        is not known offline (then not asserted)."""
        schema, name = qualified(n.defnames or (), self._schema)
        s = self._schema_of(schema)
        params = (n.args or (None,))[0] or ()
        args = function_identity_arguments(params)
        key = f"{name}({args})"
        if key in s.functions and not n.replace:
            return
        opts = {str(d.defname): d.arg for d in n.definition or () if isinstance(d, ast.DefElem)}
        stype = opts.get("stype")
        final = "finalfunc" in opts or not isinstance(stype, ast.TypeName)
        s.functions[key] = Function(
            schema,
            name,
            args,
            kind="aggregate",
            returns=None if final else type_name(stype),
            language="internal",
            volatility="immutable",
            declared=_FUNCTION_DECLARED - ({"returns"} if final else set()),
            location=self._loc,
        )
        self._inputs[(schema, key)] = input_types(params)
        self._effect(object_path("function", schema, name, args), "create")

    def _DefineStmt(self, n: ast.DefineStmt) -> None:
        """CREATE COLLATION and CREATE AGGREGATE are modelled; CREATE OPERATOR, TEXT SEARCH ...,
        old-style types are gaps."""
        kind = n.kind.name if n.kind is not None else ""
        if kind == "OBJECT_AGGREGATE":
            self._aggregate(n)
            return
        if kind != "OBJECT_COLLATION":
            self._gap("statement", f"CREATE {kind.removeprefix('OBJECT_')}", "not modelled offline")
            return
        schema, name = qualified(n.defnames or (), self._schema)
        s = self._schema_of(schema)
        if name in s.collations:
            return
        opts = {
            str(d.defname): sval(d.arg) if not isinstance(d.arg, ast.Boolean) else str(d.arg.boolval)
            for d in n.definition or ()
            if isinstance(d, ast.DefElem) and d.arg is not None
        }
        if "from" in {str(d.defname) for d in n.definition or () if isinstance(d, ast.DefElem)}:
            self._gap("collation", qualify(schema, name), "CREATE COLLATION ... FROM is not modelled offline")
            return
        provider = opts.get("provider", "libc").lower()
        locale = opts.get("locale")
        deterministic = reloption_value(opts.get("deterministic", "true")) in ("true", "True")
        if provider == "libc":
            # a libc collation keeps its locale as collcollate and collctype
            coll = Collation(
                schema,
                name,
                "libc",
                lc_collate=opts.get("lc_collate", locale),
                lc_ctype=opts.get("lc_ctype", locale),
                deterministic=deterministic,
                declared=_COLLATION_DECLARED,
                location=self._loc,
            )
        else:
            coll = Collation(
                schema,
                name,
                cast(Any, provider),
                locale=locale,
                deterministic=deterministic,
                declared=_COLLATION_DECLARED - {"lc_collate", "lc_ctype"},
                location=self._loc,
            )
        s.collations[name] = coll
        self._effect(object_path("collation", schema, name), "create")

    # --- tables --------------------------------------------------------------------------------
    def _CreateStmt(self, n: ast.CreateStmt, kind: str = "table") -> None:
        assert n.relation is not None
        schema, name = self._rv(n.relation)
        s = self._schema_of(schema)
        if name in s.tables:
            return  # IF NOT EXISTS (or an error PostgreSQL would raise): the first definition stands
        t = _Table(schema, name, kind=kind, location=self._loc)
        t.unlogged = n.relation.relpersistence == "u"
        t.storage = _options(n.options)
        if n.partspec is not None:
            t.kind = "partitioned table"
            t.partition_key = deparse(n.partspec)
        parents = [self._rv(rv) for rv in n.inhRelations or ()]
        if parents and n.partbound is not None:
            t.partition_of = qualify(*parents[0])
        elif parents:
            t.inherits = tuple(qualify(*p) for p in parents)
            for p in parents:
                parent = self._table(*p)
                if parent is not None:
                    self._inherit(t, parent)
        if n.ofTypename is not None:
            self._gap("table", qualify(schema, name), "typed tables are not modelled offline")
        s.tables[name] = t
        self._effect(object_path("table", schema, name), "create")
        for elt in n.tableElts or ():
            if isinstance(elt, ast.ColumnDef):
                self._add_column(t, elt, creating=True)
            elif isinstance(elt, ast.Constraint):
                self._add_constraint(t, elt, creating=True)
            else:
                cls = type(elt).__name__
                self._gap("table", qualify(schema, name), f"{cls} in CREATE TABLE is not modelled offline")

    def _inherit(self, t: _Table, parent: _Table) -> None:
        """INHERITS: the parent's columns come first (a column of two parents once), with their
        NOT NULL (unless NO INHERIT), default and generated expression; CHECK constraints not
        marked NO INHERIT are copied under their names (MergeAttributes)."""
        for c in parent.columns.values():
            if c.name in t.columns:
                continue
            nullable = c.nullable or c.name in parent.no_inherit_not_null
            # identity is not inherited (a default and a generated expression are)
            t.columns[c.name] = _with(
                c,
                position=t.next_attnum,
                nullable=nullable,
                identity=None,
                comment=None,
                privileges=frozenset(),
            )
            t.next_attnum += 1
        for k in parent.constraints.values():
            if k.kind == "check" and not k.no_inherit and k.name not in t.constraints:
                t.constraints[k.name] = k

    def _CreateForeignTableStmt(self, n: ast.CreateForeignTableStmt) -> None:
        assert n.base is not None
        self._CreateStmt(n.base, kind="foreign table")

    def _ViewStmt(self, n: ast.ViewStmt) -> None:
        assert n.view is not None
        schema, name = self._rv(n.view)
        s = self._schema_of(schema)
        t = _Table(schema, name, kind="view", view_definition=deparse(n.query), location=self._loc)
        t.storage = _options(n.options)
        if n.withCheckOption is not None and n.withCheckOption.name != "NO_CHECK_OPTION":
            check = "local" if n.withCheckOption.name == "LOCAL_CHECK_OPTION" else "cascaded"
            t.storage = _set_options(t.storage, None, reset=False, add={f"check_option={check}"})
        action: Action = "change" if name in s.tables else "create"
        s.tables[name] = t
        self._effect(object_path("table", schema, name), action)

    def _CreateTableAsStmt(self, n: ast.CreateTableAsStmt) -> None:
        """CREATE MATERIALIZED VIEW (its columns come from the query: not asserted offline);
        CREATE TABLE AS, whose columns need the query's types, is a gap."""
        assert n.into is not None and n.into.rel is not None
        schema, name = self._rv(n.into.rel)
        if n.objtype is None or n.objtype.name != "OBJECT_MATVIEW":
            self._gap("table", qualify(schema, name), "CREATE TABLE AS: the columns' types need the server")
            return
        s = self._schema_of(schema)
        if name in s.tables:
            return  # IF NOT EXISTS
        t = _Table(schema, name, kind="materialized view", location=self._loc)
        t.view_definition = deparse(n.query)
        t.storage = _options(n.into.options)
        s.tables[name] = t
        self._effect(object_path("table", schema, name), "create")

    def _add_column(self, t: _Table, cd: Any, *, creating: bool) -> None:
        col_name = cd.colname
        if col_name in t.columns:
            return  # ADD COLUMN IF NOT EXISTS of a present column
        typ = type_name(cd.typeName)
        nullable = True
        default: str | None = None
        generated: str | None = None
        generated_kind: GeneratedKind | None = None
        identity: Identity | None = None
        serial = SERIAL_TYPES.get(typ)
        if serial:
            typ = serial
            nullable = False
            seq = choose_name(t.name, col_name, "seq", self._taken_names(t.schema))
            default = f"nextval('{qualify(t.schema, seq) if t.schema != 'public' else seq}'::regclass)"
            self._schema_of(t.schema).sequences[seq] = SequenceModel(
                t.schema,
                seq,
                type=serial,
                min_value=1,
                max_value=_SEQUENCE_RANGE[serial][1],
                owned_by=f"{t.schema}.{t.name}.{col_name}",
                declared=_SEQUENCE_DECLARED,
                location=self._loc,
            )
            self._effect(object_path("sequence", t.schema, seq), "create")
        col_constraints = []
        for c in cd.constraints or ():
            ct = str(c.contype.name)
            if ct == "CONSTR_NOTNULL":
                nullable = False
                if c.is_no_inherit:
                    t.no_inherit_not_null.add(col_name)
            elif ct == "CONSTR_DEFAULT":
                default = deparse(c.raw_expr)
            elif ct == "CONSTR_IDENTITY":
                identity = "always" if c.generated_when == "a" else "by default"
                nullable = False
            elif ct == "CONSTR_GENERATED":
                generated = deparse(c.raw_expr)
                # pglast's grammar is 18's: no STORED is VIRTUAL (an error before 18)
                generated_kind = "virtual" if c.generated_kind == "v" else "stored"
            elif ct == "CONSTR_PRIMARY":
                nullable = False
                col_constraints.append(c)
            elif ct in ("CONSTR_UNIQUE", "CONSTR_CHECK", "CONSTR_FOREIGN"):
                col_constraints.append(c)
        t.columns[col_name] = Column(
            col_name,
            typ,
            position=t.next_attnum,
            nullable=nullable,
            default=default,
            identity=identity,
            generated=generated,
            generated_kind=generated_kind,
            collation=self._collation(cd.collClause, typ),
            declared=_COLUMN_DECLARED,
            location=self._loc,
        )
        t.next_attnum += 1
        self._effect(object_path("column", t.schema, t.name, col_name), "create")
        for c in col_constraints:
            self._add_constraint(t, c, creating=creating, column=col_name)

    def _add_constraint(self, t: _Table, c: Any, *, creating: bool, column: str | None = None) -> None:
        ct = str(c.contype.name)
        kinds = {
            "CONSTR_PRIMARY": "primary key",
            "CONSTR_UNIQUE": "unique",
            "CONSTR_CHECK": "check",
            "CONSTR_FOREIGN": "foreign key",
            "CONSTR_EXCLUSION": "exclusion",
        }
        kind = kinds.get(ct)
        if kind is None:
            if ct == "CONSTR_NOTNULL" and c.keys:  # PG18: table-level NOT NULL col
                for k in c.keys:
                    col = t.columns.get(sval(k))
                    if col is not None:
                        t.columns[col.name] = _with(col, nullable=False)
                return
            self._gap("constraint", qualify(t.schema, t.name), f"{ct} is not modelled offline")
            return
        exclusions: list[tuple[str, str]] = []  # (key as an index prints it, operator)
        if ct == "CONSTR_FOREIGN":
            cols = tuple(sval(x) for x in c.fk_attrs or ()) or ((column,) if column else ())
        elif ct == "CONSTR_EXCLUSION":
            for elem, ops in c.exclusions or ():
                key = self._index_key(elem, t, c.access_method or "btree")
                exclusions.append((key, ".".join(sval(o) for o in ops)))
            # conkey: the element's column, 0 for an expression (which the reader names "0")
            cols = tuple(elem.name or "0" for elem, _ops in c.exclusions or ())
        else:
            cols = tuple(sval(x) for x in c.keys or ()) or ((column,) if column else ())
        expression = deparse(c.raw_expr) if ct == "CONSTR_CHECK" and c.raw_expr is not None else None
        if exclusions:
            expression = ", ".join(f"{key} WITH {op}" for key, op in exclusions)
        if ct == "CONSTR_CHECK" and not cols:
            # conkey of a CHECK lists the columns it reads, in table order.
            used = {".".join(sval(f) for f in ref.fields) for ref in _column_refs(c.raw_expr)}
            cols = tuple(name for name in t.columns if name in used)
        name = c.conname or self._default_constraint_name(t, kind, cols, c)
        if name in t.constraints:
            return  # guarded re-add in a DO block, or an error PostgreSQL would raise
        ref = None
        if ct == "CONSTR_FOREIGN":
            ps, pn = self._rv(c.pktable)
            pk_cols = tuple(sval(x) for x in c.pk_attrs or ())
            if not pk_cols:
                target = self._table(ps, pn, quiet=True)
                pk = next(
                    (k for k in (target.constraints.values() if target else ()) if k.kind == "primary key"),
                    None,
                )
                pk_cols = pk.columns if pk else ()
            ref = ForeignKeyRef(qualify(ps, pn), pk_cols)
        t.constraints[name] = Constraint(
            name,
            kind,  # type: ignore[arg-type]
            columns=cols,
            expression=expression,
            nulls_not_distinct=bool(c.nulls_not_distinct),
            references=ref,
            on_delete=_FK_ACTIONS.get(c.fk_del_action or "a", "no action"),  # type: ignore[arg-type]
            on_update=_FK_ACTIONS.get(c.fk_upd_action or "a", "no action"),  # type: ignore[arg-type]
            match_full=c.fk_matchtype == "f",
            deferrable=bool(c.deferrable),
            initially_deferred=bool(c.initdeferred),
            # NOT VALID only takes effect on ALTER TABLE: a new table has no rows to skip.
            validated=creating or not c.skip_validation,
            no_inherit=bool(c.is_no_inherit),
            include=tuple(sval(x) for x in c.including or ()),
            declared=_CONSTRAINT_DECLARED,
            location=self._loc,
        )
        self._effect(object_path("constraint", t.schema, t.name, name), "create")
        if kind in ("primary key", "unique", "exclusion"):
            for cname in cols if kind == "primary key" else ():
                if cname in t.columns:
                    t.columns[cname] = _with(t.columns[cname], nullable=False)
            method = c.access_method or "btree" if kind == "exclusion" else "btree"
            keys = cols if kind != "exclusion" else tuple(key for key, _op in exclusions)
            include = tuple(sval(x) for x in c.including or ())
            t.indexes[name] = Index(
                name,
                keys,
                unique=kind != "exclusion",
                primary=kind == "primary key",
                method=method,
                include=include,
                nulls_not_distinct=bool(c.nulls_not_distinct),
                predicate=deparse(c.where_clause) if c.where_clause is not None else None,
                constraint=name,
                storage=reloptions(_options(c.options)),
                declared=_INDEX_DECLARED,
                location=self._loc,
            )
            self._effect(object_path("index", t.schema, t.name, name), "create")

    def _default_constraint_name(self, t: _Table, kind: str, cols: tuple[str, ...], c: Any) -> str:
        # One backed by an index (primary key, unique, exclusion) takes a name free in the schema's
        # relation namespace, as its index does; the others one free among the table's constraints.
        label = constraint_label(kind)
        taken_constraints = set(t.constraints)
        if kind == "primary key":
            return choose_name(t.name, None, label, self._taken_names(t.schema))
        if kind == "unique":
            return choose_name(t.name, column_addition(cols), label, self._taken_names(t.schema))
        if kind == "exclusion":
            keys = [elem.name or "expr" for elem, _ops in c.exclusions or ()]
            return choose_name(t.name, column_addition(keys), label, self._taken_names(t.schema))
        if kind == "foreign key":
            return choose_name(t.name, column_addition(cols), label, taken_constraints)
        # CHECK: named after its one column when the expression uses exactly one (AddRelationNewConstraints).
        used = sorted({".".join(sval(f) for f in ref.fields) for ref in _column_refs(c.raw_expr)})
        return choose_name(t.name, used[0] if len(used) == 1 else None, label, taken_constraints)

    def _AlterTableStmt(self, n: ast.AlterTableStmt) -> None:
        objtype = _enum(n.objtype)
        schema, name = self._rv(n.relation)
        if objtype == "OBJECT_INDEX":
            self._alter_index(schema, name, n.cmds or ())
            return
        if objtype not in ("OBJECT_TABLE", "OBJECT_FOREIGN_TABLE", "OBJECT_MATVIEW", "OBJECT_VIEW"):
            self._gap("statement", f"ALTER {objtype.removeprefix('OBJECT_')}", "not modelled offline")
            return
        t = self._table(schema, name, quiet=bool(n.missing_ok))
        if t is None:
            return
        self._effect(object_path("table", schema, name), "change")
        for cmd in n.cmds or ():
            self._alter_cmd(t, cmd)

    def _alter_index(self, schema: str, name: str, cmds: Any) -> None:
        """ALTER INDEX ... SET/RESET (storage parameters); other subcommands change nothing held."""
        owner = next((t for t in self._schema_of(schema).tables.values() if name in t.indexes), None)
        for cmd in cmds:
            sub = str(cmd.subtype.name)
            if sub in ("AT_SetRelOptions", "AT_ResetRelOptions") and owner is not None:
                ix = owner.indexes[name]
                storage = _set_options(set(ix.storage), cmd.def_, reset=sub == "AT_ResetRelOptions")
                owner.indexes[name] = _with(ix, storage=reloptions(storage))
                self._effect(object_path("index", schema, owner.name, name), "change")
            elif sub not in _NO_MODEL_EFFECT:
                self._gap("statement", "ALTER INDEX", f"{sub.removeprefix('AT_')} is not modelled offline")

    def _alter_cmd(self, t: _Table, cmd: Any) -> None:
        sub = str(cmd.subtype.name)
        col = t.columns.get(cmd.name) if cmd.name else None
        col_path = object_path("column", t.schema, t.name, cmd.name) if cmd.name else ""
        if sub == "AT_AddColumn":
            self._add_column(t, cmd.def_, creating=False)
        elif sub == "AT_DropColumn":
            if cmd.name in t.columns:
                del t.columns[cmd.name]
                self._effect(col_path, "drop")
                # Constraints and indexes on the column go with it.
                for k in [k for k, c in t.constraints.items() if cmd.name in c.columns]:
                    del t.constraints[k]
                for k in [k for k, i in t.indexes.items() if cmd.name in i.keys]:
                    del t.indexes[k]
        elif sub in ("AT_EnableRowSecurity", "AT_DisableRowSecurity"):
            t.rls_enabled = sub == "AT_EnableRowSecurity"
        elif sub in ("AT_ForceRowSecurity", "AT_NoForceRowSecurity"):
            t.rls_forced = sub == "AT_ForceRowSecurity"
        elif sub == "AT_AddConstraint":
            self._add_constraint(t, cmd.def_, creating=False)
        elif sub == "AT_DropConstraint":
            if cmd.name in t.constraints:
                del t.constraints[cmd.name]
                t.indexes.pop(cmd.name, None)
                self._effect(object_path("constraint", t.schema, t.name, cmd.name), "drop")
        elif sub == "AT_ValidateConstraint":
            c = t.constraints.get(cmd.name)
            if c is not None:
                t.constraints[cmd.name] = _with(c, validated=True)
                self._effect(object_path("constraint", t.schema, t.name, cmd.name), "change")
        elif sub == "AT_ChangeOwner":
            pass  # owners are not declared offline
        elif sub in ("AT_SetRelOptions", "AT_ResetRelOptions"):
            # a view's own options (security_invoker, check_option...) are reloptions too
            t.storage = _set_options(t.storage, cmd.def_, reset=sub == "AT_ResetRelOptions")
        elif sub in _TRIGGER_ENABLING:
            state = _TRIGGER_ENABLING[sub]
            names = (
                [cmd.name]
                if sub in ("AT_EnableTrig", "AT_EnableAlwaysTrig", "AT_EnableReplicaTrig", "AT_DisableTrig")
                else list(t.triggers)
            )
            for name in names:
                tr = t.triggers.get(name)
                if tr is None:
                    self._gap(
                        "trigger", f"{qualify(t.schema, t.name)}.{name}", "not created before ALTER TABLE"
                    )
                    continue
                t.triggers[name] = _with(tr, enabled=state)
                self._effect(object_path("trigger", t.schema, t.name, name), "change")
        elif sub in ("AT_AddInherit", "AT_DropInherit"):
            # the child already has the parent's columns (PostgreSQL requires it): only the link
            parent = qualify(*self._rv(cmd.def_))
            rest = tuple(p for p in t.inherits if p != parent)
            t.inherits = (*rest, parent) if sub == "AT_AddInherit" else rest
        elif sub in ("AT_SetLogged", "AT_SetUnLogged"):
            t.unlogged = sub == "AT_SetUnLogged"
        elif sub == "AT_ReplicaIdentity":
            kind = {"d": "default", "n": "nothing", "f": "full", "i": "index"}[cmd.def_.identity_type]
            t.replica_identity = kind
            t.replica_identity_index = cmd.def_.name if kind == "index" else None
        elif sub in _NO_MODEL_EFFECT:
            pass
        elif sub not in _COLUMN_COMMANDS:
            self._gap(
                "table", qualify(t.schema, t.name), f"ALTER TABLE {sub.removeprefix('AT_')} is not modelled"
            )
        elif col is None:
            self._gap(
                "column", col_path, f"{sub.removeprefix('AT_')}: the migrations did not create the column"
            )
        elif sub == "AT_ColumnDefault":
            t.columns[col.name] = _with(col, default=deparse(cmd.def_) if cmd.def_ is not None else None)
            self._effect(col_path, "change")
        elif sub in ("AT_SetNotNull", "AT_DropNotNull"):
            t.columns[col.name] = _with(col, nullable=sub == "AT_DropNotNull")
            self._effect(col_path, "change")
        elif sub == "AT_AlterColumnType":
            t.columns[col.name] = _with(col, type=type_name(cmd.def_.typeName))
            self._effect(col_path, "change")
        elif sub == "AT_AddIdentity":
            # ADD GENERATED ... AS IDENTITY carries the identity Constraint itself.
            kind = "always" if getattr(cmd.def_, "generated_when", "") == "a" else "by default"
            t.columns[col.name] = _with(col, identity=kind, nullable=False)
            self._effect(col_path, "change")
        elif sub == "AT_DropIdentity":
            t.columns[col.name] = _with(col, identity=None)
            self._effect(col_path, "change")
        elif sub == "AT_DropExpression":
            t.columns[col.name] = _with(col, generated=None)
            self._effect(col_path, "change")
        else:
            self._gap("column", col_path, f"ALTER TABLE {sub.removeprefix('AT_')} is not modelled offline")

    def _IndexStmt(self, n: ast.IndexStmt) -> None:
        schema, table = self._rv(n.relation)
        t = self._table(schema, table)
        if t is None:
            return
        params = n.indexParams or ()
        keys = tuple(self._index_key(e, t, n.accessMethod or "btree") for e in params)
        name = n.idxname
        if name is None:
            cols = [e.name if e.name else "expr" for e in params]
            name = choose_name(
                table, column_addition(cols), "key" if n.unique else "idx", self._taken_names(schema)
            )
        if name in self._taken_names(schema):
            return  # IF NOT EXISTS, or an error PostgreSQL would raise
        t.indexes[name] = Index(
            name,
            keys,
            unique=bool(n.unique),
            method=n.accessMethod or "btree",
            include=tuple(self._index_key(e) for e in n.indexIncludingParams or ()),
            predicate=deparse(n.whereClause) if n.whereClause is not None else None,
            nulls_not_distinct=bool(n.nulls_not_distinct),
            storage=reloptions(_options(n.options)),
            declared=_INDEX_DECLARED,
            location=self._loc,
        )
        self._effect(object_path("index", schema, table, name), "create")

    def _index_key(self, e: ast.IndexElem, t: _Table | None = None, method: str = "btree") -> str:
        """An index key as ``pg_get_indexdef`` prints it and the catalog reader keeps it: the
        column or ``(expression)``, an operator class that is not pg_catalog's qualified with the
        schema its extension went to (the statement's first search_path schema, where CREATE
        EXTENSION puts it), ordering; a key's COLLATE is not part of the key (as read live)."""
        key = e.name if e.name else f"({deparse(e.expr)})"
        if e.opclass:
            schema, name = qualified(e.opclass, "")
            if not schema and name not in BUILTIN_OPCLASSES:
                schema = self._schema
            col = t.columns.get(e.name) if t is not None and e.name else None
            if (
                schema in ("", "pg_catalog")
                and col is not None
                and is_default_opclass(method, col.type, name)
            ):
                pass  # the column type's default: pg_get_indexdef leaves it out
            else:
                key += " " + (name if schema in ("", "pg_catalog") else qualify(schema, name))
        order = e.ordering.name if e.ordering is not None else ""
        if order == "SORTBY_DESC":
            key += " DESC"
        nulls = e.nulls_ordering.name if e.nulls_ordering is not None else ""
        if nulls == "SORTBY_NULLS_FIRST" and order != "SORTBY_DESC":
            key += " NULLS FIRST"
        elif nulls == "SORTBY_NULLS_LAST" and order == "SORTBY_DESC":
            key += " NULLS LAST"
        return key

    # --- policies, triggers, functions, sequences --------------------------------------------
    def _CreatePolicyStmt(self, n: ast.CreatePolicyStmt) -> None:
        schema, table = self._rv(n.table)
        t = self._table(schema, table)
        pname = str(n.policy_name)
        if t is None:
            # On a table the migrations did not create (a platform's: storage.objects): the model
            # cannot hold it (a gap says so), but this statement is still where the policy comes from.
            self._effect(object_path("policy", schema, table, pname), "create")
            return
        if pname in t.policies:
            return
        t.policies[pname] = Policy(
            pname,
            command=cast(PolicyCommand, (n.cmd_name or "all").upper()),
            permissive=bool(n.permissive),
            roles=_policy_roles(n.roles),
            using=deparse(n.qual) if n.qual is not None else None,
            with_check=deparse(n.with_check) if n.with_check is not None else None,
            declared=_POLICY_DECLARED,
            location=self._loc,
        )
        self._effect(object_path("policy", schema, table, pname), "create")

    def _AlterPolicyStmt(self, n: ast.AlterPolicyStmt) -> None:
        schema, table = self._rv(n.table)
        t = self._table(schema, table)
        p = t.policies.get(str(n.policy_name)) if t else None
        if t is None or p is None:
            self._gap(
                "policy", f"{qualify(schema, table)}.{n.policy_name}", "not created before ALTER POLICY"
            )
            return
        changes: dict[str, Any] = {}
        if n.roles:
            changes["roles"] = _policy_roles(n.roles)
        if n.qual is not None:
            changes["using"] = deparse(n.qual)
        if n.with_check is not None:
            changes["with_check"] = deparse(n.with_check)
        t.policies[p.name] = _with(p, **changes)
        self._effect(object_path("policy", schema, table, p.name), "change")

    def _CreateTrigStmt(self, n: ast.CreateTrigStmt) -> None:
        schema, table = self._rv(n.relation)
        t = self._table(schema, table)
        trig = str(n.trigname)
        if t is None:  # on a platform's table (auth.users): where it comes from, as for policies
            self._effect(object_path("trigger", schema, table, trig), "create")
            return
        existed = trig in t.triggers
        if existed and not n.replace:
            return
        bits, events = n.timing or 0, n.events or 0
        timing = "before" if bits & 2 else "instead of" if bits & 64 else "after"
        fs, fn = qualified(n.funcname or (), self._schema)
        t.triggers[trig] = Trigger(
            trig,
            timing=timing,  # type: ignore[arg-type]
            events=frozenset(name for bit, name in _TRIGGER_EVENTS if events & bit),
            level="row" if n.row else "statement",
            function=qualify(fs, fn),
            when=deparse(n.whenClause) if n.whenClause is not None else None,
            update_columns=tuple(sval(c) for c in n.columns or ()),
            arguments=tuple(sval(a) for a in n.args or ()),
            constraint=bool(n.isconstraint),
            deferrable=bool(n.deferrable),
            initially_deferred=bool(n.initdeferred),
            declared=_TRIGGER_DECLARED,
            location=self._loc,
        )
        self._effect(object_path("trigger", schema, table, trig), "change" if existed else "create")

    def _CreateFunctionStmt(self, n: ast.CreateFunctionStmt) -> None:
        schema, name = qualified(n.funcname or (), self._schema)
        s = self._schema_of(schema)
        args = function_identity_arguments(n.parameters or (), procedure=bool(n.is_procedure))
        key = f"{name}({args})"
        existed = key in s.functions
        if existed and not n.replace:
            return
        language, volatility, secdef, strict, config, body = "sql", "volatile", False, False, set(), None
        for opt in n.options or ():
            d = opt.defname
            if d == "language":
                language = sval(opt.arg).lower()
            elif d == "volatility":
                volatility = sval(opt.arg)
            elif d == "security":
                secdef = bool(opt.arg.boolval)
            elif d == "strict":
                strict = bool(opt.arg.boolval)
            elif d == "set":
                config.add(_config_entry(opt.arg))
            elif d == "as":
                body = "".join(sval(x) for x in opt.arg) if isinstance(opt.arg, tuple) else sval(opt.arg)
        self._inputs[(schema, key)] = input_types(n.parameters or ())
        if n.sql_body is not None:
            # BEGIN ATOMIC ... END: a list of statement lists
            parts = n.sql_body if isinstance(n.sql_body, tuple) else (n.sql_body,)
            flat = [x for p in parts for x in (p if isinstance(p, tuple) else (p,))]
            body = "; ".join(deparse(x) for x in flat)
        s.functions[key] = Function(
            schema,
            name,
            args,
            kind="procedure" if n.is_procedure else "function",
            returns=None if n.is_procedure else _function_result(n),
            language=language,
            volatility=volatility,  # type: ignore[arg-type]
            security_definer=secdef,
            strict=strict,
            config=frozenset(config),
            body_hash=hashlib.sha256(body.encode()).hexdigest() if body is not None else None,
            body=body,
            comment=s.functions[key].comment if existed else None,  # OR REPLACE keeps the comment
            declared=_FUNCTION_DECLARED,
            location=self._loc,
        )
        self._effect(object_path("function", schema, name, args), "change" if existed else "create")

    def _function_keys(self, schema: str, name: str, obj: ast.ObjectWithArgs) -> list[str]:
        """The keys of the functions ``obj`` (of DROP/ALTER FUNCTION) names: by name alone, or by
        name and input argument types (OUT arguments and names do not identify a function)."""
        funcs = self._schema_of(schema).functions
        if obj.args_unspecified:
            return [k for k, f in funcs.items() if f.name == name]
        wanted = tuple(type_name(a) for a in obj.objargs or ())
        return [k for k, f in funcs.items() if f.name == name and self._inputs.get((schema, k)) == wanted]

    def _AlterFunctionStmt(self, n: ast.AlterFunctionStmt) -> None:
        """ALTER FUNCTION/PROCEDURE ... SECURITY DEFINER, volatility, STRICT, SET/RESET (what the
        model holds; COST, ROWS, PARALLEL, LEAKPROOF are not in it)."""
        assert n.func is not None
        schema, name = qualified(n.func.objname or (), self._schema)
        funcs = self._schema_of(schema).functions
        keys = self._function_keys(schema, name, n.func)
        if len(keys) != 1:
            self._gap(
                "function", qualify(schema, name), "not created by the migrations before ALTER FUNCTION"
            )
            return
        f = funcs[keys[0]]
        changes: dict[str, Any] = {}
        config = set(f.config)
        for opt in n.actions or ():
            d = opt.defname
            if d == "security":
                changes["security_definer"] = bool(opt.arg.boolval)
            elif d == "volatility":
                changes["volatility"] = sval(opt.arg)
            elif d == "strict":
                changes["strict"] = bool(opt.arg.boolval)
            elif d in ("set", "reset"):
                v = opt.arg
                kind = v.kind.name if v.kind is not None else ""
                if kind == "VAR_RESET_ALL":
                    config = set()
                elif kind in ("VAR_RESET", "VAR_SET_DEFAULT"):
                    config = {c for c in config if c.partition("=")[0] != v.name}
                elif kind == "VAR_SET_VALUE":
                    config = {c for c in config if c.partition("=")[0] != v.name} | {_config_entry(v)}
                else:
                    self._gap("function", f.key, f"ALTER FUNCTION SET ({kind}) is not modelled offline")
        changes["config"] = frozenset(config)
        funcs[keys[0]] = _with(f, **changes)
        self._effect(object_path("function", schema, name, f.arguments), "change")

    def _CreateSeqStmt(self, n: ast.CreateSeqStmt) -> None:
        schema, name = self._rv(n.sequence)
        s = self._schema_of(schema)
        if name in s.sequences:
            return
        opts = _sequence_defaults(_seq_options(n.options))
        s.sequences[name] = SequenceModel(
            schema, name, declared=_SEQUENCE_DECLARED, location=self._loc, **opts
        )
        self._effect(object_path("sequence", schema, name), "create")

    def _AlterSeqStmt(self, n: ast.AlterSeqStmt) -> None:
        schema, name = self._rv(n.sequence)
        s = self._schema_of(schema)
        seq = s.sequences.get(name)
        if seq is None:
            self._gap("sequence", qualify(schema, name), "not created before ALTER SEQUENCE")
            return
        opts = _seq_options(n.options)
        if "type" in opts:  # AS another type: bounds that were the old type's follow the new one
            lo, hi = _SEQUENCE_RANGE.get(seq.type, (None, None))
            if seq.min_value in (lo, 1) and "min_value" not in opts:
                opts["min_value"] = None
            if seq.max_value in (hi, -1) and "max_value" not in opts:
                opts["max_value"] = None
        merged = {"type": seq.type, "increment": seq.increment, "start": seq.start}
        merged |= {k: v for k, v in opts.items() if v is not None}
        bounds = _sequence_defaults(merged)
        opts["min_value"] = opts.get("min_value") or bounds["min_value"]
        opts["max_value"] = opts.get("max_value") or bounds["max_value"]
        s.sequences[name] = _with(seq, **opts)
        self._effect(object_path("sequence", schema, name), "change")

    # --- comments, grants, renames, drops ----------------------------------------------------
    def _CommentStmt(self, n: ast.CommentStmt) -> None:
        objtype = _enum(n.objtype)
        comment = n.comment
        target: Any = n.object  # its node class depends on objtype: names, a TypeName, a function
        if objtype in ("OBJECT_TABLE", "OBJECT_VIEW"):
            schema, name = qualified(target, self._schema)
            t = self._table(schema, name)
            if t:
                t.comment = comment
                self._effect(object_path("table", schema, name), "change")
        elif objtype == "OBJECT_COLUMN":
            parts = [sval(x) for x in target]
            schema, table, col = (parts if len(parts) == 3 else [self._schema, *parts])[-3:]
            t = self._table(schema, table)
            c = t.columns.get(col) if t else None
            if t and c:
                t.columns[col] = _with(c, comment=comment)
                self._effect(object_path("column", schema, table, col), "change")
        elif objtype == "OBJECT_SCHEMA":
            self._schema_of(sval(target)).comment = comment
            self._effect(object_path("schema", sval(target)), "change")
        elif objtype == "OBJECT_TYPE":
            schema, name = qualified(target.names, self._schema)
            e = self._schema_of(schema).enums.get(name)
            if e:
                self._schema_of(schema).enums[name] = _with(e, comment=comment)
                self._effect(object_path("enum", schema, name), "change")
        elif objtype in ("OBJECT_FUNCTION", "OBJECT_PROCEDURE", "OBJECT_ROUTINE"):
            schema, name = qualified(target.objname, self._schema)
            keys = self._function_keys(schema, name, target)
            funcs = self._schema_of(schema).functions
            for k in keys[:1] if len(keys) == 1 else ():
                funcs[k] = _with(funcs[k], comment=comment)
                self._effect(object_path("function", schema, name, funcs[k].arguments), "change")
        # Comments on other objects (policies, constraints, triggers) are not in the model.

    def _GrantStmt(self, n: ast.GrantStmt) -> None:
        if _enum(n.objtype) != "OBJECT_TABLE":
            return  # privileges on functions, schemas, sequences: not modelled offline (not declared)
        tables: list[_Table] = []
        if _enum(n.targtype) == "ACL_TARGET_ALL_IN_SCHEMA":
            for sch in n.objects or ():
                tables.extend(self._schema_of(sval(sch)).tables.values())
        else:
            for rv in n.objects or ():
                t = self._table(*self._rv(rv))
                if t:
                    tables.append(t)
        grantees = [role_name(g) for g in n.grantees or ()]
        is_grant, option = bool(n.is_grant), bool(n.grant_option)
        for t in tables:
            table_privs: list[str] = []
            for p in n.privileges or [None]:
                if p is not None and p.cols:
                    for colname in (sval(c) for c in p.cols):
                        c = t.columns.get(colname)
                        if c:
                            privs = set(c.privileges)
                            for g in grantees:
                                _grant(privs, g, p.priv_name.upper(), is_grant, option)
                            t.columns[colname] = _with(c, privileges=frozenset(privs))
                    continue
                table_privs.extend(_PRIVILEGES["table"] if p is None else (p.priv_name.upper(),))
            for g in grantees:
                for priv in table_privs:
                    _grant(t.privileges, g, priv, is_grant, option)
            self._effect(object_path("table", t.schema, t.name), "change")

    def _RenameStmt(self, n: ast.RenameStmt) -> None:
        rtype = _enum(n.renameType)
        new, old = str(n.newname), str(n.subname)
        if rtype in ("OBJECT_TABLE", "OBJECT_VIEW"):
            schema, name = self._rv(n.relation)
            s = self._schema_of(schema)
            t = s.tables.pop(name, None)
            if t is None:
                self._table(schema, name, quiet=bool(n.missing_ok))
                return
            t.name = new
            s.tables[new] = t
            self._effect(object_path("table", schema, name), "drop")
            self._effect(object_path("table", schema, new), "create")
            return
        if rtype == "OBJECT_INDEX":
            schema, name = self._rv(n.relation)
            for t in self._schema_of(schema).tables.values():
                if name in t.indexes:
                    t.indexes[new] = _with(t.indexes.pop(name), name=new)
                    self._effect(object_path("index", schema, t.name, name), "drop")
                    self._effect(object_path("index", schema, t.name, new), "create")
                    return
            self._gap("index", qualify(schema, name), "not created before ALTER INDEX RENAME")
            return
        children = {
            "OBJECT_COLUMN": ("columns", "column"),
            "OBJECT_TABCONSTRAINT": ("constraints", "constraint"),
            "OBJECT_POLICY": ("policies", "policy"),
            "OBJECT_TRIGGER": ("triggers", "trigger"),
        }
        if rtype in children and n.relation is not None:
            attr, kind = children[rtype]
            schema, table = self._rv(n.relation)
            t = self._table(schema, table)
            items: dict[str, Any] = getattr(t, attr) if t else {}
            if t is None or old not in items:
                self._gap(kind, f"{qualify(schema, table)}.{old}", "not created before RENAME")
                return
            # Keep the column order: rebuild the dict with the new key in the old place.
            renamed = {
                (new if k == old else k): (_with(v, name=new) if k == old else v) for k, v in items.items()
            }
            setattr(t, attr, renamed)
            if rtype == "OBJECT_TABCONSTRAINT" and old in t.indexes:
                t.indexes[new] = _with(t.indexes.pop(old), name=new, constraint=new)
            if rtype == "OBJECT_COLUMN":
                _rename_column_references(t, old, new)
            self._effect(object_path(kind, schema, table, old), "drop")
            self._effect(object_path(kind, schema, table, new), "create")
            return
        self._gap("statement", f"RENAME {rtype.removeprefix('OBJECT_')}", "not modelled offline")

    def _DropStmt(self, n: ast.DropStmt) -> None:
        rtype = _enum(n.removeType)
        obj: Any  # its node class depends on removeType: names, a TypeName, a function with arguments
        for obj in n.objects or ():
            if rtype in ("OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_MATVIEW", "OBJECT_FOREIGN_TABLE"):
                schema, name = qualified(obj, self._schema)
                if self._schema_of(schema).tables.pop(name, None) is not None:
                    self._effect(object_path("table", schema, name), "drop")
            elif rtype == "OBJECT_INDEX":
                schema, name = qualified(obj, self._schema)
                for t in self._schema_of(schema).tables.values():
                    if t.indexes.pop(name, None) is not None:
                        self._effect(object_path("index", schema, t.name, name), "drop")
            elif rtype in ("OBJECT_POLICY", "OBJECT_TRIGGER"):
                parts = [sval(x) for x in obj]
                schema, table = qualified(parts[:-1], self._schema)
                owner = self._table(schema, table, quiet=True)
                items: dict[str, Any] = {}
                if owner is not None:
                    items = owner.policies if rtype == "OBJECT_POLICY" else owner.triggers
                if items.pop(parts[-1], None) is not None:
                    kind = "policy" if rtype == "OBJECT_POLICY" else "trigger"
                    self._effect(object_path(kind, schema, table, parts[-1]), "drop")
            elif rtype in ("OBJECT_FUNCTION", "OBJECT_PROCEDURE", "OBJECT_ROUTINE"):
                schema, name = qualified(obj.objname, self._schema)
                funcs = self._schema_of(schema).functions
                keys = self._function_keys(schema, name, obj)
                for k in keys:
                    f = funcs.pop(k, None)
                    if f is not None:
                        self._effect(object_path("function", schema, name, f.arguments), "drop")
            elif rtype == "OBJECT_SEQUENCE":
                schema, name = qualified(obj, self._schema)
                if self._schema_of(schema).sequences.pop(name, None) is not None:
                    self._effect(object_path("sequence", schema, name), "drop")
            elif rtype in ("OBJECT_TYPE", "OBJECT_DOMAIN"):
                schema, name = qualified(obj.names, self._schema)
                if self._schema_of(schema).enums.pop(name, None) is not None:
                    self._effect(object_path("enum", schema, name), "drop")
                if self._schema_of(schema).domains.pop(name, None) is not None:
                    self._effect(object_path("domain", schema, name), "drop")
            elif rtype == "OBJECT_COLLATION":
                schema, name = qualified(obj, self._schema)
                if self._schema_of(schema).collations.pop(name, None) is not None:
                    self._effect(object_path("collation", schema, name), "drop")
            elif rtype == "OBJECT_EXTENSION":
                if self.extensions.pop(sval(obj), None) is not None:
                    self._effect(object_path("extension", sval(obj)), "drop")
            elif rtype == "OBJECT_SCHEMA":
                if self.schemas.pop(sval(obj), None) is not None:
                    self._effect(object_path("schema", sval(obj)), "drop")
            else:
                self._gap("statement", f"DROP {rtype.removeprefix('OBJECT_')}", "not modelled offline")

    # --- DO blocks -----------------------------------------------------------------------------
    def _DoStmt(self, n: ast.DoStmt) -> None:
        st = self._stmt
        if st is None:
            self._gap("statement", "DO", "DO block outside a migration statement is not modelled offline")
            return
        outer = self._loc
        for inner in do_block_statements(st):
            self._loc = Location(outer.file, inner.line)
            if inner.problem is not None:
                self._gap("statement", "DO", inner.problem)
            elif type(inner.ast).__name__ in _DML_NODES:
                continue  # data, not schema
            elif not inner.guarded:
                self._gap(
                    "statement",
                    "DO",
                    f"{inner.kind} under a condition or loop in a DO block: "
                    "whether it runs is not known offline",
                )
            else:
                # Creating statements skip objects that exist, so a guarded re-run changes nothing.
                self.apply(inner.ast, None)
        self._loc = outer

    # --- the result -------------------------------------------------------------------------------
    def _lists_everything(self, t: _Table) -> bool:
        """Does the parse know every column, constraint, index, policy and trigger of ``t``? For a
        plain table the migrations made, with nothing about it left unread: yes (so that a column,
        index... made by hand in live is found offline too). Not for what the server derives by
        itself: a partition's cloned indexes and constraints, the foreign keys it adds for each
        partition of a referenced partitioned table."""
        if t.kind != "table" or t.partition_of is not None:
            return False
        if any(g.object in (qualify(t.schema, t.name),) or g.kind == "statement" for g in self.gaps):
            return False
        for c in t.constraints.values():
            ref = c.references
            target = self._relation_by_key(ref.table) if ref is not None else None
            if target is not None and target.kind == "partitioned table":
                return False
        return True

    def _relation_by_key(self, key: str) -> _Table | None:
        for s in self.schemas.values():
            for t in s.tables.values():
                if qualify(t.schema, t.name) == key:
                    return t
        return None

    def catalog(self) -> Catalog:
        schemas = []
        for s in self.schemas.values():
            relations = []
            for t in s.tables.values():
                relations.append(
                    Relation(
                        t.schema,
                        t.name,
                        kind=t.kind,  # type: ignore[arg-type]
                        comment=t.comment,
                        rls_enabled=t.rls_enabled,
                        rls_forced=t.rls_forced,
                        columns=FrozenMap(t.columns),
                        constraints=FrozenMap(t.constraints),
                        indexes=FrozenMap(t.indexes),
                        policies=FrozenMap(t.policies),
                        triggers=FrozenMap(t.triggers),
                        privileges=frozenset(t.privileges),
                        view_definition=t.view_definition,
                        partition_key=t.partition_key,
                        partition_of=t.partition_of,
                        storage=reloptions(
                            o for o in t.storage if t.kind != "view" or not o.startswith(_VIEW_OPTIONS)
                        ),
                        unlogged=t.unlogged,
                        replica_identity=cast(Any, t.replica_identity),
                        replica_identity_index=t.replica_identity_index,
                        inherits=t.inherits,
                        check_option=cast(Any, _option_text(t.storage, "check_option"))
                        if t.kind == "view"
                        else None,
                        security_invoker=t.kind == "view" and _option_flag(t.storage, "security_invoker"),
                        security_barrier=t.kind == "view" and _option_flag(t.storage, "security_barrier"),
                        declared=_RELATION_DECLARED - _VIEW_UNDECLARED
                        if t.kind in ("view", "materialized view")
                        else _RELATION_DECLARED,
                        strict=self._lists_everything(t),
                        location=t.location,
                    )
                )
            schemas.append(
                Schema(
                    s.name,
                    comment=s.comment,
                    relations=FrozenMap((r.name, r) for r in relations),
                    functions=FrozenMap(s.functions),
                    sequences=FrozenMap(s.sequences),
                    enums=FrozenMap(s.enums),
                    domains=FrozenMap(s.domains),
                    collations=FrozenMap(s.collations),
                    # A schema the migrations neither create nor comment (public) keeps the comment
                    # the server gave it: not known offline.
                    declared=_SCHEMA_DECLARED if s.location or s.comment is not None else frozenset({"name"}),
                    location=s.location,
                )
            )
        return Catalog(
            schemas=FrozenMap((s.name, s) for s in schemas),
            extensions=FrozenMap(self.extensions),
            gaps=tuple(self.gaps),
            approximate=True,
        )


# Statements with no effect on the modelled schema.
_IGNORED_NODES = frozenset(
    {
        "VariableSetStmt",
        "VariableShowStmt",
        "TransactionStmt",
        "SelectStmt",
        "InsertStmt",
        "UpdateStmt",
        "DeleteStmt",
        "MergeStmt",
        "NotifyStmt",
        "ListenStmt",
        "LockStmt",
        "CheckPointStmt",
        "TruncateStmt",
        "VacuumStmt",
        "ExplainStmt",
        "AnalyzeStmt",
        "CopyStmt",
        "DiscardStmt",
        "CallStmt",
        "ReindexStmt",
        "ClusterStmt",
        "CreateRoleStmt",
        "AlterRoleStmt",
        "DropRoleStmt",
        "GrantRoleStmt",
        "AlterDefaultPrivilegesStmt",
        "AlterOwnerStmt",
        "RefreshMatViewStmt",
        # foreign-data wrappers and servers, operators, text search objects: not in the model
        "CreateFdwStmt",
        "AlterFdwStmt",
        "CreateForeignServerStmt",
        "AlterForeignServerStmt",
        "CreateUserMappingStmt",
        "AlterUserMappingStmt",
        "DropUserMappingStmt",
        "DeallocateStmt",
        "PrepareStmt",
        "ExecuteStmt",
    }
)
_DML_NODES = frozenset({"SelectStmt", "InsertStmt", "UpdateStmt", "DeleteStmt", "MergeStmt", "CallStmt"})


def _enum(value: Any) -> str:
    """The name of a pglast enum member (``OBJECT_TABLE``), empty when the field is unset."""
    return str(value.name) if value is not None else ""


def _policy_roles(roles: Iterable[ast.RoleSpec] | None) -> frozenset[str]:
    """A policy's TO list as pg_policy.polroles holds it: PUBLIC alone when PUBLIC is among them
    (the server ignores the others, with a warning), PUBLIC when none are named."""
    names = frozenset(role_name(r) for r in roles or ())
    return frozenset({PUBLIC}) if not names or PUBLIC in names else names


def _with(obj: Any, **changes: Any) -> Any:
    from dataclasses import replace

    return replace(obj, **changes)


def _rename_column_references(t: _Table, old: str, new: str) -> None:
    """PostgreSQL stores expressions by column number, so a rename shows in every expression,
    key and column list of the table: do the same to the text we hold."""

    def names(items: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(new if x == old else rename_identifier(x, old, new) for x in items)

    def expr(text: str | None) -> str | None:
        return rename_identifier(text, old, new) if text is not None else None

    for k, c in t.constraints.items():
        t.constraints[k] = _with(c, columns=names(c.columns), expression=expr(c.expression))
    for k, i in t.indexes.items():
        t.indexes[k] = _with(i, keys=names(i.keys), include=names(i.include), predicate=expr(i.predicate))
    for k, p in t.policies.items():
        t.policies[k] = _with(p, using=expr(p.using), with_check=expr(p.with_check))
    for k, tr in t.triggers.items():
        t.triggers[k] = _with(tr, when=expr(tr.when), update_columns=names(tr.update_columns))
    for k, col in t.columns.items():
        t.columns[k] = _with(col, default=expr(col.default), generated=expr(col.generated))


def rename_identifier(text: str, old: str, new: str) -> str:
    """``text`` with every identifier token naming ``old`` replaced by ``new`` (quoted as needed).
    Function names (an identifier followed by ``(``) are left alone."""
    from pglast import parser as pg_parser

    from auditor.model import quote_ident

    try:
        tokens = pg_parser.scan(text)
    except pg_parser.ParseError:
        return text
    out: list[str] = []
    last = 0
    for i, tok in enumerate(tokens):
        word = text[tok.start : tok.end + 1]
        name = word[1:-1].replace('""', '"') if word.startswith('"') else word.lower()
        if tok.kind in ("NO_KEYWORD", "UNRESERVED_KEYWORD", "COL_NAME_KEYWORD") and name == old:
            follows = tokens[i + 1].name if i + 1 < len(tokens) else ""
            if follows != "ASCII_40" and (tok.name == "IDENT" or tok.kind != "NO_KEYWORD"):
                out.append(text[last : tok.start])
                out.append(quote_ident(new))
                last = tok.end + 1
    out.append(text[last:])
    return "".join(out)


def _grant(privs: set[Grant], grantee: str, privilege: str, is_grant: bool, option: bool) -> None:
    if privilege == "ALL":
        for p in _PRIVILEGES["table"]:
            _grant(privs, grantee, p, is_grant, option)
        return
    for g in [g for g in privs if g.grantee == grantee and g.privilege == privilege]:
        privs.discard(g)
    if is_grant:
        privs.add(Grant(grantee, privilege, option))


def _column_refs(node: Any) -> list[Any]:
    """Every ``ColumnRef`` under an expression node."""
    from pglast.visitors import Visitor

    found: list[Any] = []

    class _Refs(Visitor):
        def visit_ColumnRef(self, ancestors: Any, n: Any) -> None:
            found.append(n)

    if node is not None:
        _Refs()(node)
    return found


# reloptions of a view that are attributes of their own, not storage parameters
_VIEW_OPTIONS = ("security_invoker=", "security_barrier=", "check_option=")


def _option_key(d: ast.DefElem) -> str:
    return f"{d.defnamespace}.{d.defname}" if d.defnamespace else str(d.defname)


def _options(defs: Iterable[ast.DefElem] | None) -> set[str]:
    """``WITH (...)`` as reloptions text (``name=value``, ``toast.name=value``): values as the
    server stores them (a name alone is ``true``; booleans are compared through pgvocab.reloptions)."""
    out = set()
    for d in defs or ():
        arg: Any = d.arg
        if arg is None:
            value = "true"
        elif isinstance(arg, ast.TypeName):  # an unquoted word: off, on, local
            value = ".".join(sval(x) for x in arg.names or ())
        elif isinstance(arg, ast.Integer):
            value = str(arg.ival)
        elif isinstance(arg, ast.Float):
            value = str(arg.fval)
        elif isinstance(arg, ast.Boolean):
            value = "true" if arg.boolval else "false"
        else:
            value = sval(arg)
        out.add(f"{_option_key(d)}={value}")
    return out


def _set_options(
    current: set[str], defs: Iterable[ast.DefElem] | None, *, reset: bool, add: Iterable[str] = ()
) -> set[str]:
    """``current`` after ``SET (...)`` (or ``RESET (...)``) of ``defs``, plus ``add``."""
    given = _options(defs) | set(add)
    keys = {o.partition("=")[0] for o in given}
    kept = {o for o in current if o.partition("=")[0] not in keys}
    return kept if reset else kept | given


def _option_text(options: Iterable[str], name: str) -> str | None:
    for o in options:
        key, _, value = o.partition("=")
        if key == name:
            return value
    return None


def _option_flag(options: Iterable[str], name: str) -> bool:
    return reloption_value(_option_text(options, name) or "false") == "true"


def function_identity_arguments(
    params: Sequence[Any], *, args: Sequence[Any] | None = None, procedure: bool = False
) -> str:
    """``pg_get_function_identity_arguments`` (print_function_arguments): every argument but
    TABLE columns as ``[mode ][name ]type``; OUT ones too (14 on), IN written for procedures."""
    out: list[str] = []
    if not params and args:
        return ", ".join(type_name(a) for a in args)
    for p in params:
        mode = str(p.mode.value) if p.mode is not None else "i"
        if mode == "t":
            continue  # TABLE columns are the result, not arguments
        prefix = {"b": "INOUT ", "v": "VARIADIC ", "o": "OUT "}.get(mode, "IN " if procedure else "")
        name = f"{p.name} " if p.name else ""
        out.append(f"{prefix}{name}{type_name(p.argType)}")
    return ", ".join(out)


def input_types(params: Sequence[Any]) -> tuple[str, ...]:
    """The input argument types (what DROP/ALTER FUNCTION name a function by)."""
    modes = [str(p.mode.value) if p.mode is not None else "i" for p in params]
    return tuple(type_name(p.argType) for p, m in zip(params, modes, strict=True) if m not in ("o", "t"))


def _function_result(n: Any) -> str | None:
    table_cols = [p for p in n.parameters or () if p.mode is not None and str(p.mode.value) == "t"]
    if table_cols:
        return "TABLE(" + ", ".join(f"{p.name} {type_name(p.argType)}" for p in table_cols) + ")"
    if n.returnType is None:
        outs = [p for p in n.parameters or () if p.mode is not None and str(p.mode.value) in ("o", "b")]
        if len(outs) == 1:
            return type_name(outs[0].argType)
        return "record" if outs else "void"
    return type_name(n.returnType)


def _config_entry(v: Any) -> str:
    """A ``SET name = value`` clause as ``proconfig`` stores it (``search_path=public, extensions``)."""
    values = []
    for a in v.args or ():
        val = a.val
        text = str(getattr(val, "sval", None) if hasattr(val, "sval") else getattr(val, "ival", ""))
        values.append('""' if text == "" else text)
    return f"{v.name}={', '.join(values)}"


def _sequence_defaults(opts: dict[str, Any]) -> dict[str, Any]:
    """A new sequence's options with PostgreSQL's defaults filled in: ascending from 1 to the type's
    maximum, descending from -1 to its minimum, starting at the bound it moves away from."""
    out = dict(opts)
    lo, hi = _SEQUENCE_RANGE.get(out.get("type", "bigint"), _SEQUENCE_RANGE["bigint"])
    up = out.get("increment", 1) > 0
    if out.get("min_value") is None:
        out["min_value"] = 1 if up else lo
    if out.get("max_value") is None:
        out["max_value"] = hi if up else -1
    out.setdefault("start", out["min_value"] if up else out["max_value"])
    return out


def _seq_options(options: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    names = {
        "start": "start",
        "increment": "increment",
        "minvalue": "min_value",
        "maxvalue": "max_value",
        "cache": "cache",
    }
    for opt in options or ():
        d = opt.defname
        if d in names and opt.arg is not None:
            out[names[d]] = int(getattr(opt.arg, "ival", None) or getattr(opt.arg, "fval", 0) or 0)
        elif d == "cycle":
            out["cycle"] = bool(opt.arg.boolval)
        elif d == "as":
            out["type"] = type_name(opt.arg)
    return out


def offline_catalog(migrations: str | Path | Sequence[ParsedFile]) -> Catalog:
    """The catalog the migrations describe, from their text alone (``approximate=True``).

    ``migrations`` is a folder or already parsed files. Unparsed statements and what could not be
    modelled are :class:`~auditor.model.Gap` entries with their location.
    """
    files = parse_folder(migrations) if isinstance(migrations, (str, Path)) else list(migrations)
    interp = Interpreter()
    interp.run(files)
    return interp.catalog()


def effects(files: Sequence[ParsedFile]) -> list[Effect]:
    """Every object each statement creates, changes or drops, in order."""
    interp = Interpreter()
    interp.run(files)
    return interp.effects
