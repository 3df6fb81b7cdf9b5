"""The neutral schema model every reader returns.

The live introspector, the YAML spec loader and the migrations reader (shadow replay or offline
parse) each return a :class:`Catalog`. Nothing downstream knows where a catalog came from.

Conventions
-----------
* Every class is a frozen dataclass: no back-pointers, no database handles.
* Children are held in :class:`FrozenMap` keyed by name (qualified where the key crosses schemas),
  in a stable order: column order is kept (and compared only on request), index keys and enum labels
  are tuples (order matters), policy roles and grants are frozensets (order is meaningless).
* Identifiers are stored unquoted, exactly as PostgreSQL stores them (``"Mixed Case"`` is stored as
  ``Mixed Case``). Qualified keys are built with :func:`qualify`, which quotes where needed.
* Types are held as PostgreSQL's ``format_type`` spells them (``timestamp with time zone``,
  ``character varying(10)``, ``integer[]``); the normalizer canonicalizes other spellings.
* Expressions (defaults, checks, predicates, policy clauses, generated columns) are held as text as
  the source gave them; comparison normalizes them (see ``auditor.normalize``).
* ``declared`` says which attributes a source asserts: ``None`` (every introspected object) means
  all; a spec object lists the attributes its YAML wrote. Comparison only looks at attributes both
  sides declare. It takes no part in equality.
* ``PUBLIC`` (the pseudo-role) is spelled ``PUBLIC`` wherever a role name is expected.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from functools import cached_property
from typing import Any, Generic, Literal, TypeVar

from auditor.pgvocab import index_definition as index_definition
from auditor.pgvocab import qualify as qualify
from auditor.pgvocab import quote_ident as quote_ident

K = TypeVar("K")
V = TypeVar("V")

PUBLIC = "PUBLIC"


class FrozenMap(Mapping[K, V], Generic[K, V]):
    """An immutable, hashable, insertion-ordered mapping."""

    __slots__ = ("_d", "_h")

    def __init__(self, items: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        self._d: dict[K, V] = dict(items)
        self._h: int | None = None

    def __getitem__(self, key: K) -> V:
        return self._d[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._d)

    def __len__(self) -> int:
        return len(self._d)

    def __hash__(self) -> int:
        if self._h is None:
            self._h = hash(frozenset(self._d.items()))
        return self._h

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenMap):
            return self._d == other._d
        if isinstance(other, Mapping):
            return self._d == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenMap({self._d!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenMap, (list(self._d.items()),))


def fmap(items: Iterable[V], key: str = "name") -> FrozenMap[str, V]:
    """Build a FrozenMap of model objects keyed by one of their attributes (default ``name``)."""
    return FrozenMap((getattr(it, key), it) for it in items)


def object_path(kind: str, *parts: str) -> str:
    """The path naming an object in findings, provenance and ignore lists.

    ``object_path("column", "public", "jobs", "status") == "column:public.jobs.status"``. Objects that
    belong to a table carry the table in their path (``index:public.jobs.idx_jobs_status``,
    ``policy:public.jobs.jobs_owner_select``) so reports can group by table. Functions take their
    identity arguments as the last part: ``function:public.f(integer, text)``. Kinds: schema, table
    (every relation kind), column, constraint, index, policy, trigger, function, sequence, enum,
    domain, collation, extension, role, default_privilege, migration, statement.
    """
    if kind == "function" and len(parts) == 3:
        schema, name, args = parts
        return f"{kind}:{qualify(schema, name)}({args})"
    return f"{kind}:" + ".".join(quote_ident(p) for p in parts)


RelationKind = Literal["table", "partitioned table", "view", "materialized view", "foreign table"]
RELATION_KINDS: tuple[str, ...] = (
    "table",
    "partitioned table",
    "view",
    "materialized view",
    "foreign table",
)
ConstraintKind = Literal["primary key", "unique", "check", "exclusion", "foreign key"]
FkAction = Literal["no action", "restrict", "cascade", "set null", "set default"]
PolicyCommand = Literal["ALL", "SELECT", "INSERT", "UPDATE", "DELETE"]
Identity = Literal["always", "by default"]
GeneratedKind = Literal["stored", "virtual"]
Volatility = Literal["immutable", "stable", "volatile"]


@dataclass(frozen=True)
class Declared:
    """Mixin: which attributes a source asserts (``None``: all of them)."""

    declared: frozenset[str] | None = field(default=None, compare=False, repr=False, kw_only=True)

    def is_declared(self, attr: str) -> bool:
        return self.declared is None or attr in self.declared


@dataclass(frozen=True)
class Location:
    """Where something was written: a spec or migration file, 1-based line and column."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        out = self.file
        if self.line is not None:
            out += f":{self.line}"
            if self.column is not None:
                out += f":{self.column}"
        return out


@dataclass(frozen=True, order=True)
class Grant:
    """One privilege held by one grantee (``PUBLIC`` included). Grantor is not modelled: noise."""

    grantee: str
    privilege: str  # SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER, MAINTAIN,
    # USAGE, CREATE, EXECUTE, CONNECT, TEMPORARY
    grantable: bool = False


@dataclass(frozen=True)
class Column(Declared):
    name: str
    type: str
    position: int = 0
    nullable: bool = True
    default: str | None = None
    identity: Identity | None = None
    generated: str | None = None  # expression of a GENERATED ALWAYS AS (...) STORED/VIRTUAL column
    collation: str | None = None  # only when it differs from the type's default
    comment: str | None = None
    privileges: frozenset[Grant] = frozenset()  # column-level grants
    # A generated column's kind (pg_attribute.attgenerated 's' or 'v'): VIRTUAL exists from
    # PostgreSQL 18 on, where it is what GENERATED ALWAYS AS (...) without STORED makes. None
    # when the column is not generated.
    generated_kind: GeneratedKind | None = None
    location: Location | None = field(default=None, compare=False, kw_only=True)


@dataclass(frozen=True)
class ForeignKeyRef:
    table: str  # qualified key of the referenced table
    columns: tuple[str, ...]


@dataclass(frozen=True)
class Constraint(Declared):
    name: str
    kind: ConstraintKind
    columns: tuple[str, ...] = ()
    expression: str | None = None  # CHECK expression, or the EXCLUDE (...) element list
    definition: str | None = None  # pg_get_constraintdef, for display and fallback comparison
    nulls_not_distinct: bool = False
    references: ForeignKeyRef | None = None
    on_delete: FkAction = "no action"
    on_update: FkAction = "no action"
    match_full: bool = False
    deferrable: bool = False
    initially_deferred: bool = False
    validated: bool = True  # False: NOT VALID
    no_inherit: bool = False
    include: tuple[str, ...] = ()  # UNIQUE/PRIMARY KEY ... INCLUDE (columns)
    location: Location | None = field(default=None, compare=False, kw_only=True)


@dataclass(frozen=True)
class Index(Declared):
    name: str
    keys: tuple[str, ...]  # column names, or expressions as deparsed; with opclass/order if not default
    unique: bool = False
    primary: bool = False
    method: str = "btree"
    include: tuple[str, ...] = ()
    predicate: str | None = None
    nulls_not_distinct: bool = False
    valid: bool = True
    constraint: str | None = None  # the constraint this index implements, if any
    definition: str | None = None  # pg_get_indexdef, for display
    storage: frozenset[str] = frozenset()  # WITH (...) storage parameters: "fillfactor=70"
    location: Location | None = field(default=None, compare=False, kw_only=True)


@dataclass(frozen=True)
class Policy(Declared):
    name: str
    command: PolicyCommand = "ALL"
    permissive: bool = True
    roles: frozenset[str] = frozenset({PUBLIC})
    using: str | None = None
    with_check: str | None = None
    location: Location | None = field(default=None, compare=False, kw_only=True)


@dataclass(frozen=True)
class Trigger(Declared):
    name: str
    timing: Literal["before", "after", "instead of"] = "after"
    events: frozenset[str] = frozenset()  # insert, update, delete, truncate
    level: Literal["row", "statement"] = "statement"
    function: str = ""  # qualified function name
    when: str | None = None
    enabled: Literal["origin", "always", "replica", "disabled"] = "origin"
    update_columns: tuple[str, ...] = ()
    definition: str | None = None
    arguments: tuple[str, ...] = ()  # EXECUTE FUNCTION f('a', 'b'): the arguments' text values
    constraint: bool = False  # CREATE CONSTRAINT TRIGGER
    deferrable: bool = False
    initially_deferred: bool = False
    location: Location | None = field(default=None, compare=False, kw_only=True)


@dataclass(frozen=True)
class Relation(Declared):
    """A table, partitioned table, view, materialized view or foreign table."""

    schema: str
    name: str
    kind: RelationKind = "table"
    owner: str | None = None
    comment: str | None = None
    rls_enabled: bool = False
    rls_forced: bool = False
    columns: FrozenMap[str, Column] = field(default_factory=FrozenMap)
    constraints: FrozenMap[str, Constraint] = field(default_factory=FrozenMap)
    indexes: FrozenMap[str, Index] = field(default_factory=FrozenMap)
    policies: FrozenMap[str, Policy] = field(default_factory=FrozenMap)
    triggers: FrozenMap[str, Trigger] = field(default_factory=FrozenMap)
    privileges: frozenset[Grant] = frozenset()
    view_definition: str | None = None
    security_invoker: bool = False
    security_barrier: bool = False
    partition_key: str | None = None  # pg_get_partkeydef, for partitioned tables
    partition_of: str | None = None  # qualified key of the parent, for partitions
    partition_bound: str | None = None
    storage: frozenset[str] = frozenset()  # WITH (...) storage parameters: "fillfactor=70", "toast.x=y"
    unlogged: bool = False
    replica_identity: Literal["default", "nothing", "full", "index"] = "default"  # tables only
    replica_identity_index: str | None = None  # REPLICA IDENTITY USING INDEX this one
    inherits: tuple[str, ...] = ()  # qualified keys of the INHERITS parents (not partitions), in order
    check_option: Literal["local", "cascaded"] | None = None  # a view's WITH ... CHECK OPTION
    strict: bool = field(default=False, compare=False, kw_only=True)  # spec: extras are findings
    location: Location | None = field(default=None, compare=False, kw_only=True)

    @property
    def key(self) -> str:
        return qualify(self.schema, self.name)


@dataclass(frozen=True)
class Function(Declared):
    """A function or procedure. Keyed by ``schema.name(identity arguments)``."""

    schema: str
    name: str
    arguments: str  # identity arguments as pg_get_function_identity_arguments spells them
    kind: Literal["function", "procedure", "aggregate", "window"] = "function"
    returns: str | None = None  # None for procedures
    language: str = "sql"
    volatility: Volatility = "volatile"
    security_definer: bool = False
    strict: bool = False  # RETURNS NULL ON NULL INPUT (not the spec's strict mode)
    config: frozenset[str] = frozenset()  # proconfig entries such as "search_path=public"
    owner: str | None = None
    body_hash: str | None = None  # sha256 of the body text; None when it could not be read
    comment: str | None = None
    privileges: frozenset[Grant] = frozenset()
    location: Location | None = field(default=None, compare=False, kw_only=True)
    # The body's text, for display (reports show it and a line diff of two bodies); compared
    # through ``body_hash`` only, so a reader that keeps no text compares the same.
    body: str | None = field(default=None, compare=False, repr=False, kw_only=True)

    @property
    def key(self) -> str:
        return f"{qualify(self.schema, self.name)}({self.arguments})"


@dataclass(frozen=True)
class Sequence(Declared):
    schema: str
    name: str
    type: str = "bigint"
    start: int = 1
    increment: int = 1
    min_value: int | None = None
    max_value: int | None = None
    cache: int = 1
    cycle: bool = False
    owned_by: str | None = None  # "schema.table.column" when owned by a column (serial/identity)
    owner: str | None = None
    privileges: frozenset[Grant] = frozenset()
    location: Location | None = field(default=None, compare=False, kw_only=True)

    @property
    def key(self) -> str:
        return qualify(self.schema, self.name)


@dataclass(frozen=True)
class EnumType(Declared):
    schema: str
    name: str
    labels: tuple[str, ...] = ()
    owner: str | None = None
    comment: str | None = None
    location: Location | None = field(default=None, compare=False, kw_only=True)

    @property
    def key(self) -> str:
        return qualify(self.schema, self.name)


@dataclass(frozen=True)
class Domain(Declared):
    schema: str
    name: str
    base_type: str
    nullable: bool = True
    default: str | None = None
    checks: FrozenMap[str, str] = field(default_factory=FrozenMap)  # constraint name -> expression
    owner: str | None = None
    location: Location | None = field(default=None, compare=False, kw_only=True)

    @property
    def key(self) -> str:
        return qualify(self.schema, self.name)


@dataclass(frozen=True)
class Collation(Declared):
    """A collation object (CREATE COLLATION). ``locale`` is the ICU/builtin locale; a libc
    collation has ``lc_collate``/``lc_ctype`` instead."""

    schema: str
    name: str
    provider: Literal["libc", "icu", "builtin"] = "libc"
    locale: str | None = None
    lc_collate: str | None = None
    lc_ctype: str | None = None
    deterministic: bool = True
    owner: str | None = None
    location: Location | None = field(default=None, compare=False, kw_only=True)

    @property
    def key(self) -> str:
        return qualify(self.schema, self.name)


@dataclass(frozen=True)
class Extension(Declared):
    name: str
    version: str | None = None
    schema: str | None = None
    # The version this server installs by default (pg_available_extensions), when read from one:
    # how auditor.compare.versions tells a chosen version from one that follows the server.
    default_version: str | None = field(default=None, compare=False)
    location: Location | None = field(default=None, compare=False, kw_only=True)


@dataclass(frozen=True, order=True)
class DefaultPrivilege:
    """``ALTER DEFAULT PRIVILEGES FOR ROLE role [IN SCHEMA schema] GRANT privilege ON object_type``."""

    role: str
    schema: str | None  # None: in every schema
    object_type: Literal["table", "sequence", "function", "type", "schema"]
    grantee: str
    privilege: str
    grantable: bool = False


@dataclass(frozen=True)
class Role(Declared):
    """Attributes of a role named by a policy, a grant or an owner."""

    name: str
    login: bool = False
    superuser: bool = False
    bypassrls: bool = False
    inherit: bool = True
    createrole: bool = False
    createdb: bool = False
    member_of: frozenset[str] = frozenset()  # roles this role is a direct member of
    location: Location | None = field(default=None, compare=False, kw_only=True)


@dataclass(frozen=True)
class Schema(Declared):
    name: str
    owner: str | None = None
    comment: str | None = None
    privileges: frozenset[Grant] = frozenset()
    relations: FrozenMap[str, Relation] = field(default_factory=FrozenMap)  # by relation name
    functions: FrozenMap[str, Function] = field(default_factory=FrozenMap)  # by name(args)
    sequences: FrozenMap[str, Sequence] = field(default_factory=FrozenMap)
    enums: FrozenMap[str, EnumType] = field(default_factory=FrozenMap)
    domains: FrozenMap[str, Domain] = field(default_factory=FrozenMap)
    collations: FrozenMap[str, Collation] = field(default_factory=FrozenMap)
    strict: bool = field(default=False, compare=False, kw_only=True)
    location: Location | None = field(default=None, compare=False, kw_only=True)


@dataclass(frozen=True)
class Gap:
    """Something a reader could not see or could not model. A catalog with gaps is incomplete:
    later stages must say so, never "clean"."""

    kind: str  # object kind, e.g. "function body", "acl", "statement"
    object: str  # what could not be read
    reason: str
    location: Location | None = None


@dataclass(frozen=True)
class Catalog:
    """A whole database schema as one source sees it."""

    schemas: FrozenMap[str, Schema] = field(default_factory=FrozenMap)
    extensions: FrozenMap[str, Extension] = field(default_factory=FrozenMap)
    roles: FrozenMap[str, Role] = field(default_factory=FrozenMap)
    default_privileges: frozenset[DefaultPrivilege] = frozenset()
    server_version: str | None = None  # e.g. "15.20"; None when not read from a server
    server_version_num: int | None = None  # e.g. 150020
    gaps: tuple[Gap, ...] = field(default=(), compare=False)
    approximate: bool = field(default=False, compare=False)  # built without a server (offline)
    # a spec's top-level strict: extensions and roles it does not list are findings
    strict: bool = field(default=False, compare=False)
    # a spec's top-level complete (what snapshot writes): no default privileges written means none
    exhaustive: bool = field(default=False, compare=False)
    # Tables an extension owns (pgmq's queues...), by extension: not the project's schema, so never
    # compared, but the rules see whether the API reads them (live only; name, kind, owner,
    # rls_enabled and privileges declared)
    extension_relations: FrozenMap[str, tuple[Relation, ...]] = field(
        default_factory=FrozenMap, compare=False
    )

    # --- navigation helpers (read-only views; no state) -------------------------------------
    def relations(self) -> Iterator[Relation]:
        for s in self.schemas.values():
            yield from s.relations.values()

    def tables(self) -> Iterator[Relation]:
        """Plain and partitioned tables."""
        return (r for r in self.relations() if r.kind in ("table", "partitioned table"))

    def functions(self) -> Iterator[Function]:
        for s in self.schemas.values():
            yield from s.functions.values()

    def relation(self, key: str) -> Relation | None:
        """Look a relation up by qualified key (``public.jobs``, as ``Relation.key`` spells it)."""
        return self._relations_by_key.get(key)

    @cached_property
    def _relations_by_key(self) -> dict[str, Relation]:
        # Built once per catalog (the catalog is immutable): rules look up FK targets per table.
        return {r.key: r for r in self.relations()}

    def get_relation(self, schema: str, name: str) -> Relation | None:
        s = self.schemas.get(schema)
        return s.relations.get(name) if s else None

    @property
    def complete(self) -> bool:
        return not self.gaps


def attribute_names(obj: Any) -> tuple[str, ...]:
    """The comparable attributes of a model object (those taking part in equality)."""
    return tuple(f.name for f in fields(obj) if f.compare)


# --- construction ----------------------------------------------------------------------------------
# A frozen dataclass's __init__ sets each field through object.__setattr__, the slow path; catalogs
# of a large schema build hundreds of thousands of these objects (introspection, spec loading,
# rules). The generated __init__ below stores into the instance __dict__ instead: the same
# signature, defaults and default factories, the same object, about three times faster to build.

_FACTORY = object()  # the default of a parameter whose field has a default_factory


def fast_init(cls: type) -> None:
    """Give frozen dataclass ``cls`` the faster generated ``__init__`` (see above)."""
    if any(not f.init for f in fields(cls)) or hasattr(cls, "__post_init__") or hasattr(cls, "__slots__"):
        return  # keep the dataclass's own __init__ where it does more than store the arguments
    names: dict[str, Any] = {"_FACTORY": _FACTORY}
    positional: list[str] = []
    keyword: list[str] = []
    body: list[str] = ["    d = self.__dict__"]
    for f in fields(cls):
        if f.default is not MISSING:
            names[f"_default_{f.name}"] = f.default
            param = f"{f.name}=_default_{f.name}"
            body.append(f"    d[{f.name!r}] = {f.name}")
        elif f.default_factory is not MISSING:
            names[f"_factory_{f.name}"] = f.default_factory
            param = f"{f.name}=_FACTORY"
            body.append(f"    d[{f.name!r}] = _factory_{f.name}() if {f.name} is _FACTORY else {f.name}")
        else:
            param = f.name
            body.append(f"    d[{f.name!r}] = {f.name}")
        (keyword if f.kw_only else positional).append(param)
    params = ", ".join(["self", *positional, *(["*", *keyword] if keyword else [])])
    exec(f"def __init__({params}) -> None:\n" + "\n".join(body), names)
    init = names["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init  # type: ignore[misc]


for _cls in {c for c in globals().values() if isinstance(c, type) and c.__module__ == __name__}:
    if is_dataclass(_cls):
        fast_init(_cls)
