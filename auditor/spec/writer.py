"""Write a :class:`~auditor.model.Catalog` as a spec: what ``schema-auditor snapshot`` prints.

The output is deterministic (objects sorted by name, columns in table order), compact (attributes
equal to the model default, or to what the loader derives, are left out) and reads like DDL. It
always round-trips: ``load_spec_text(dump_spec(c)).catalog == c``.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from functools import partial
from operator import attrgetter
from typing import Any

import yaml

from auditor.memory import gc_paused
from auditor.model import (
    PUBLIC,
    Catalog,
    Collation,
    Column,
    Constraint,
    DefaultPrivilege,
    Domain,
    EnumType,
    Extension,
    Function,
    Grant,
    Index,
    Policy,
    Relation,
    Role,
    Schema,
    Sequence,
    Trigger,
    quote_ident,
)
from auditor.pgvocab import index_definition_of
from auditor.spec import names

# Editors resolve the modeline relative to the spec file; the schema ships in the package and
# `schema-auditor schema spec > spec.schema.json` puts it there.
SCHEMA_URL = "spec.schema.json"

_SECTION = {
    "table": "tables",
    "partitioned table": "tables",
    "view": "views",
    "materialized view": "materialized_views",
    "foreign table": "foreign_tables",
}
_PRIVILEGE_ORDER = [
    "SELECT",
    "INSERT",
    "UPDATE",
    "DELETE",
    "TRUNCATE",
    "REFERENCES",
    "TRIGGER",
    "MAINTAIN",
    "USAGE",
    "CREATE",
    "EXECUTE",
    "CONNECT",
    "TEMPORARY",
]
_DEFAULT_PRIVILEGE_ON = {
    "table": "tables",
    "sequence": "sequences",
    "function": "functions",
    "type": "types",
    "schema": "schemas",
}
_FLOW_MAX = 100  # a column's attributes go on one line up to about this many characters


class _Flow(list[Any]):
    """A list written on one line: ``[a, b]``."""


class _FlowMap(dict[str, Any]):
    """A mapping written on one line: ``{type: text, not_null: true}``."""


class _Shared:
    """Values a large schema repeats from table to table (a column's attributes, grant lists,
    policies), built once per dump: the document holds the same object wherever the value repeats,
    and the writer lays out each collection among them once (by identity, see ``_Writer.reuse``)."""

    def __init__(self) -> None:
        self.values: dict[tuple[Any, ...], Any] = {}
        self.ids: set[int] = set()  # of the shared collections; alive as long as self.values

    def get(self, key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
        """The value for ``key`` (which says everything the value depends on), built once."""
        value = self.values.get(key, _MISSING)
        if value is _MISSING:
            value = self.values[key] = build()
            if isinstance(value, dict | list) and value:
                self.ids.add(id(value))
        return value


_MISSING = object()


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # never anchors: a reviewer reads every value where it applies

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # indent list items under their key


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    if value.startswith("'"):
        # SQL literals: "'pending'::text" reads better than '''pending''::text'
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(
    _Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", list(v), flow_style=True)
)
_Dumper.add_representer(
    _FlowMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", list(v.items()), flow_style=True)
)


def dump_spec(catalog: Catalog, *, header: bool = True) -> str:
    """The spec text of ``catalog``: ``strict: true`` (a snapshot lists everything there is).

    With ``header``, comment lines come first: the editor schema modeline and, when the catalog has
    gaps, a warning that the spec is incomplete with what is missing."""
    with gc_paused():
        return _dump_spec(catalog, header=header)


def _dump_spec(catalog: Catalog, *, header: bool) -> str:
    # complete: an object written without grants or a comment has none (a snapshot saw them all)
    doc: dict[str, Any] = {"version": 1, "strict": True, "complete": True}
    if catalog.server_version is not None or catalog.server_version_num is not None:
        server: dict[str, Any] = {}
        if catalog.server_version is not None:
            server["version"] = catalog.server_version
        if catalog.server_version_num is not None:
            server["version_num"] = catalog.server_version_num
        doc["server"] = server
    if catalog.roles:
        doc["roles"] = {r.name: _role(r) for r in _sorted(catalog.roles.values())}
    if catalog.extensions:
        doc["extensions"] = {e.name: _extension(e) for e in _sorted(catalog.extensions.values())}
    if catalog.default_privileges:
        doc["default_privileges"] = _default_privileges(catalog.default_privileges)
    shared = _Shared()
    if catalog.schemas:
        doc["schemas"] = {s.name: _schema(s, shared) for s in _sorted(catalog.schemas.values())}
    try:
        w = _Writer()
        w.shared = shared.ids
        body = w.document(doc)
    except _Fallback:
        body = _yaml_dump(doc)
    if not header:
        return body
    lines = [f"# yaml-language-server: $schema={SCHEMA_URL}"]
    if catalog.gaps:
        lines.append(
            f"# INCOMPLETE: {len(catalog.gaps)} thing(s) could not be read; this spec does not describe them:"
        )
        for g in catalog.gaps:
            lines.append(f"#   {g.kind} {g.object}: {g.reason}".replace("\n", " "))
    lines.append("# (editor completion: schema-auditor schema spec > spec.schema.json)")
    return "\n".join(lines) + "\n" + body


def _yaml_dump(doc: dict[str, Any]) -> str:
    """The document through PyYAML's emitter: what _Writer reproduces, and its fallback."""
    return yaml.dump(
        doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1 << 20, default_flow_style=False
    )


_NAME = attrgetter("name")


def _sorted(items: Iterable[Any]) -> list[Any]:
    return sorted(items, key=_NAME)


def _sorted_values(mapping: Mapping[str, Any]) -> list[Any]:
    """The values of one of the model's mappings, by name. ``map(mapping.__getitem__, mapping)``
    is ``mapping.values()`` without the generic Mapping view's generator: a third of the time on
    the tens of thousands of small mappings of a large schema."""
    return sorted(map(mapping.__getitem__, mapping), key=_NAME)


def _shared_grants(grants: frozenset[Grant], shared: _Shared) -> dict[str, Any]:
    grouped: dict[str, Any] = shared.get(("grants", grants), lambda: _grants(grants))
    return grouped


def _grants(grants: Iterable[Grant]) -> dict[str, Any]:
    by: dict[str, list[Grant]] = defaultdict(list)
    for g in grants:
        by[g.grantee].append(g)
    out: dict[str, Any] = {}
    for grantee in sorted(by, key=lambda x: (x != PUBLIC, x)):
        gs = sorted(by[grantee], key=lambda g: (_priv_rank(g.privilege), g.privilege, g.grantable))
        out["public" if grantee == PUBLIC else grantee] = _Flow(
            g.privilege.lower() + (" with grant option" if g.grantable else "") for g in gs
        )
    return out


def _priv_rank(p: str) -> int:
    return _PRIVILEGE_ORDER.index(p) if p in _PRIVILEGE_ORDER else len(_PRIVILEGE_ORDER)


def _role_list(roles: Iterable[str]) -> _Flow:
    return _Flow("public" if r == PUBLIC else r for r in sorted(roles, key=lambda x: (x != PUBLIC, x)))


def _role(r: Role) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for attr, default in (
        ("login", False),
        ("superuser", False),
        ("bypassrls", False),
        ("inherit", True),
        ("createrole", False),
        ("createdb", False),
    ):
        if getattr(r, attr) != default:
            out[attr] = getattr(r, attr)
    if r.member_of:
        out["member_of"] = _Flow(sorted(r.member_of))
    return _FlowMap(out)


def _extension(e: Extension) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if e.version is not None:
        out["version"] = e.version
    if e.schema is not None:
        out["schema"] = e.schema
    return _FlowMap(out)


def _default_privileges(entries: Iterable[DefaultPrivilege]) -> list[dict[str, Any]]:
    # One entry per (role, schema, object type, privilege list), listing every grantee with it.
    privs: dict[tuple[str, str | None, str, str], list[str]] = defaultdict(list)
    for d in entries:
        text = d.privilege.lower() + (" with grant option" if d.grantable else "")
        privs[(d.role, d.schema, d.object_type, d.grantee)].append(text)
    grouped: dict[tuple[str, str | None, str, tuple[str, ...]], list[str]] = defaultdict(list)
    for (role, schema, otype, grantee), ps in privs.items():
        ordered = tuple(sorted(ps, key=lambda p: (_priv_rank(p.split(" ")[0].upper()), p)))
        grouped[(role, schema, otype, ordered)].append(grantee)
    out = []
    for (role, schema, otype, plist), grantees in sorted(
        grouped.items(), key=lambda kv: (kv[0][0], kv[0][1] or "", kv[0][2], kv[0][3])
    ):
        entry: dict[str, Any] = {"for_role": role}
        if schema is not None:
            entry["in_schema"] = schema
        entry["on"] = _DEFAULT_PRIVILEGE_ON[otype]
        entry["grant"] = _Flow(plist)
        entry["to"] = _role_list(grantees)
        out.append(entry)
    return out


def _schema(s: Schema, shared: _Shared) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if s.owner is not None:
        out["owner"] = s.owner
    if s.comment is not None:
        out["comment"] = s.comment
    if s.privileges:
        out["grants"] = _grants(s.privileges)
    by_section: dict[str, list[Relation]] = {}
    for r in _sorted_values(s.relations):
        by_section.setdefault(_SECTION[r.kind], []).append(r)
    for section in ("tables", "views", "materialized_views", "foreign_tables"):
        rels = by_section.get(section)
        if rels:
            out[section] = {r.name: _relation(r, shared) for r in rels}
    if s.functions:
        fns = sorted(s.functions.values(), key=lambda f: (f.name, f.arguments))
        out["functions"] = {f"{f.name}({f.arguments})": _function(f) for f in fns}
    if s.sequences:
        out["sequences"] = {q.name: _sequence(q) for q in _sorted(s.sequences.values())}
    if s.enums:
        out["enums"] = {e.name: _enum(e) for e in _sorted(s.enums.values())}
    if s.domains:
        out["domains"] = {d.name: _domain(d) for d in _sorted(s.domains.values())}
    if s.collations:
        out["collations"] = {c.name: _collation(c) for c in _sorted(s.collations.values())}
    return out


def _relation(r: Relation, shared: _Shared) -> dict[str, Any]:
    out: dict[str, Any] = {}
    partitioned = r.kind == "partitioned table"
    if r.owner is not None:
        out["owner"] = r.owner
    if r.comment is not None:
        out["comment"] = r.comment
    if r.rls_forced:
        out["rls"] = _FlowMap(enabled=r.rls_enabled, forced=True)
    elif r.rls_enabled:
        out["rls"] = True
    if partitioned:
        out["partition_by"] = r.partition_key
    if r.partition_of is not None:
        out["partition_of"] = names.relative(r.partition_of, r.schema)
    if r.partition_bound is not None:
        out["partition_bound"] = r.partition_bound
    if r.view_definition is not None:
        out["definition"] = r.view_definition
    if r.security_invoker:
        out["security_invoker"] = True
    if r.security_barrier:
        out["security_barrier"] = True
    if r.check_option is not None:
        out["check_option"] = r.check_option
    if r.unlogged:
        out["unlogged"] = True
    if r.inherits:
        out["inherits"] = _Flow(names.relative(x, r.schema) for x in r.inherits)
    if r.storage:
        out["storage"] = _storage(r.storage)
    if r.replica_identity != "default":
        out["replica_identity"] = (
            f"using index {r.replica_identity_index}" if r.replica_identity == "index" else r.replica_identity
        )
    if r.columns:
        out["columns"] = _columns(map(r.columns.__getitem__, r.columns), shared)
    implied = _constraints(r, out, shared)
    indexes = [ix for ix in _sorted_values(r.indexes) if ix.name not in implied]
    if indexes:
        out["indexes"] = {ix.name: _index(r, partitioned, ix, shared) for ix in indexes}
    if r.policies:
        policies = out["policies"] = {}
        for p in _sorted_values(r.policies):
            key = ("policy", p.command, p.permissive, p.roles, p.using, p.with_check)
            policy = shared.values.get(key)  # most policies: one met before
            policies[p.name] = policy if policy is not None else shared.get(key, partial(_policy, p))
    if r.triggers:
        out["triggers"] = {t.name: _trigger(r, t) for t in _sorted(r.triggers.values())}
    if r.privileges:
        out["grants"] = _shared_grants(r.privileges, shared)
    return out


def _columns(columns: Iterable[Column], shared: _Shared) -> dict[str, Any]:
    """The columns' entries by name, in table order. Tables whose columns are alike (a schema
    generated table by table) share the mapping, and columns alike share their entry."""
    ordered = sorted(columns, key=_position)
    facts: list[tuple[Any, ...]] = []  # (name, then everything the entry is made of)
    previous = 0
    for c in ordered:
        position = c.position if c.position != previous + 1 else None  # written when not the next
        previous = c.position
        facts.append(
            (
                c.name,
                c.type,
                c.nullable,
                c.default,
                c.identity,
                c.generated,
                c.generated_kind,
                c.collation,
                c.comment,
                position,
                c.privileges,
            )
        )

    def build() -> dict[str, Any]:
        return {
            f[0]: shared.get(("column", *f[1:]), partial(_column, c, f[9], shared))
            for c, f in zip(ordered, facts, strict=True)
        }

    built: dict[str, Any] = shared.get(("columns", *facts), build)
    return built


def _position(c: Column) -> int:
    return c.position


def _column(c: Column, position: int | None, shared: _Shared) -> Any:
    """A column's entry: its type alone, or its attributes (``position`` when not the next one)."""
    attrs: dict[str, Any] = {"type": c.type}
    if not c.nullable:
        attrs["not_null"] = True
    if c.default is not None:
        attrs["default"] = c.default
    if c.identity is not None:
        attrs["identity"] = c.identity
    if c.generated is not None:
        attrs["generated"] = c.generated
        if c.generated_kind is not None:
            attrs["generated_kind"] = c.generated_kind
    if c.collation is not None:
        attrs["collation"] = c.collation
    if c.comment is not None:
        attrs["comment"] = c.comment
    if position is not None:
        attrs["position"] = position
    if c.privileges:
        attrs["grants"] = _shared_grants(c.privileges, shared)
    return c.type if list(attrs) == ["type"] else _maybe_flow(attrs)


def _storage(params: frozenset[str]) -> _FlowMap:
    """Storage parameters as ``{fillfactor: '70'}``: values are text, as reloptions hold them."""
    return _FlowMap(sorted(p.partition("=")[::2] for p in params))


def _maybe_flow(attrs: dict[str, Any]) -> dict[str, Any]:
    simple = all(
        isinstance(v, str | bool | int) and not (isinstance(v, str) and "\n" in v) for v in attrs.values()
    )
    if simple and sum(len(str(k)) + len(str(v)) + 4 for k, v in attrs.items()) <= _FLOW_MAX:
        return _FlowMap(attrs)
    return attrs


_KIND_ORDER = {"primary key": 0, "unique": 1, "check": 2, "foreign key": 3, "exclusion": 4}


def _constraint_order(c: Constraint) -> tuple[int, str]:
    return _KIND_ORDER[c.kind], c.name


_CONSTRAINT_SECTION = {
    "primary key": "primary_key",
    "unique": "unique",
    "check": "checks",
    "foreign key": "foreign_keys",
}


def _constraints(r: Relation, out: dict[str, Any], shared: _Shared) -> set[str]:
    """Write the constraints of ``r`` into ``out``; return the names of indexes they imply."""
    ordered = sorted(map(r.constraints.__getitem__, r.constraints), key=_constraint_order)
    pks = [c for c in ordered if c.kind == "primary key"]
    if len(pks) > 1:
        ordered = [c for c in ordered if c.kind != "primary key" or c is pks[0]]  # one primary key at most
    # Write a name only where the loader would not choose the same one (see names.assign_constraint_names).
    # A second identical unique constraint keeps its name: left unnamed, the loader would merge it.
    explicit: set[str] = set()
    seen: set[tuple[object, ...]] = set()
    for c in ordered:
        sig = names.unique_signature(c)
        if sig is not None:
            if sig in seen:
                explicit.add(c.name)
            seen.add(sig)
    while True:
        chosen = names.assign_constraint_names(
            r.name, [(c, c.name if c.name in explicit else None) for c in ordered]
        )
        wrong = {c.name for c, n in zip(ordered, chosen, strict=True) if n != c.name}
        if not wrong:
            break
        explicit |= wrong
    implied: set[str] = set()
    sections: dict[str, list[Any]] = defaultdict(list)
    partitioned = r.kind == "partitioned table"
    for c in ordered:
        kind = c.kind
        attrs: dict[str, Any] = {}
        if c.name in explicit:
            attrs["name"] = c.name
        # Attributes in this order: name, columns, expression, (a check's columns), references,
        # nulls_not_distinct, no_inherit, deferrable, initially_deferred, valid, index, definition.
        if kind == "check":
            expression = c.expression or ""
            attrs["expression"] = expression
            if c.columns != (names.check_columns(expression) or ()):
                attrs["columns"] = _Flow(c.columns)
            if c.no_inherit:
                attrs["no_inherit"] = True
            if not c.validated:
                attrs["valid"] = False
        else:
            if kind != "exclusion" or c.columns:
                attrs["columns"] = _Flow(c.columns)
            if kind == "exclusion":
                attrs["expression"] = c.expression or ""
            elif kind == "foreign key" and c.references is not None:
                ref_cols = ", ".join(quote_ident(x) for x in c.references.columns)
                attrs["references"] = f"{names.relative(c.references.table, r.schema)}({ref_cols})"
                if c.on_delete != "no action":
                    attrs["on_delete"] = c.on_delete
                if c.on_update != "no action":
                    attrs["on_update"] = c.on_update
                if c.match_full:
                    attrs["match"] = "full"
            elif kind == "unique" and c.nulls_not_distinct:
                attrs["nulls_not_distinct"] = True
            if c.include:
                attrs["include"] = _Flow(c.include)
            if c.deferrable:
                attrs["deferrable"] = True
            if c.initially_deferred:
                attrs["initially_deferred"] = True
            if not c.validated and kind == "foreign key":
                attrs["valid"] = False
            if kind == "primary key" or kind == "unique":
                actual = r.indexes.get(c.name)
                if actual is None:
                    attrs["index"] = False
                elif actual == names.backing_index(r.schema, r.name, partitioned, c):
                    implied.add(c.name)
        if c.definition != names.constraint_definition(c):
            attrs["definition"] = c.definition
        if len(attrs) == 1 and (
            (kind == "check" and "expression" in attrs)
            or ((kind == "primary key" or kind == "unique") and "columns" in attrs)
        ):
            entry: Any = attrs["expression"] if kind == "check" else attrs["columns"]
        else:
            entry = _maybe_flow_constraint(attrs)
        sections[_CONSTRAINT_SECTION.get(kind, "exclusions")].append(entry)
    for key in ("primary_key", "unique", "checks", "foreign_keys", "exclusions"):
        if key in sections:
            entries = sections[key]
            if key == "primary_key":
                out[key] = entries[0]
            elif key == "checks" and all(type(e) is str for e in entries):
                out[key] = shared.get(("checks", *entries), entries.copy)
            else:
                out[key] = entries
    return implied


def _maybe_flow_constraint(attrs: dict[str, Any]) -> dict[str, Any]:
    """On one line when every value is a one-line string, a bool or a flow list, and they fit."""
    size = 0
    for k, v in attrs.items():
        if not (isinstance(v, bool | _Flow) or (isinstance(v, str) and "\n" not in v)):
            return attrs
        size += len(k) + len(str(v)) + 4
        if size > _FLOW_MAX:
            return attrs
    return _FlowMap(attrs)


def _index(r: Relation, partitioned: bool, ix: Index, shared: _Shared) -> dict[str, Any]:
    """An index's entry. Without its definition (when PostgreSQL's is the derived one) the entry
    names nothing of its table, and indexes alike share it."""
    if ix.definition != index_definition_of(r.schema, r.name, ix, partitioned=partitioned):
        return _index_entry(ix, True)
    key = (
        "index",
        ix.keys,
        ix.unique,
        ix.primary,
        ix.method,
        ix.include,
        ix.predicate,
        ix.nulls_not_distinct,
        ix.valid,
        ix.constraint,
        ix.storage,
    )
    entry: dict[str, Any] | None = shared.values.get(key)  # most indexes: one met before
    if entry is None:
        entry = shared.get(key, partial(_index_entry, ix, False))
    return entry


def _index_entry(ix: Index, with_definition: bool) -> dict[str, Any]:
    """An index's entry; its definition is written only ``with_definition``."""
    out: dict[str, Any] = {"columns": _Flow(ix.keys)}
    if ix.unique:
        out["unique"] = True
    if ix.primary:
        out["primary"] = True
    if ix.method != "btree":
        out["method"] = ix.method
    if ix.include:
        out["include"] = _Flow(ix.include)
    if ix.predicate is not None:
        out["where"] = ix.predicate
    if ix.nulls_not_distinct:
        out["nulls_not_distinct"] = True
    if not ix.valid:
        out["valid"] = False
    if ix.constraint is not None:
        out["constraint"] = ix.constraint
    if ix.storage:
        out["storage"] = _storage(ix.storage)
    if with_definition:
        out["definition"] = ix.definition
    return _maybe_flow_constraint(out)


def _policy(p: Policy) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if p.command != "ALL":
        out["for"] = p.command.lower()
    if not p.permissive:
        out["as"] = "restrictive"
    if p.roles != frozenset({PUBLIC}):
        out["to"] = _role_list(p.roles)
    if p.using is not None:
        out["using"] = p.using
    if p.with_check is not None:
        out["with_check"] = p.with_check
    return out


def _trigger(r: Relation, t: Trigger) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if t.timing != "after":
        out["timing"] = t.timing
    out["events"] = _Flow(sorted(t.events, key=lambda e: (_EVENTS.index(e) if e in _EVENTS else 9, e)))
    if t.update_columns:
        out["of"] = _Flow(t.update_columns)
    if t.level != "statement":
        out["for_each"] = t.level
    if t.when is not None:
        out["when"] = t.when
    out["function"] = names.relative(t.function, r.schema)
    if t.arguments:
        out["arguments"] = _Flow(t.arguments)
    if t.constraint:
        out["constraint"] = True
    if t.deferrable:
        out["deferrable"] = True
    if t.initially_deferred:
        out["initially_deferred"] = True
    if t.enabled != "origin":
        out["enabled"] = t.enabled
    if t.definition != names.trigger_definition(r.schema, r.name, t):
        out["definition"] = t.definition
    return out


_EVENTS = ("insert", "update", "delete", "truncate")


def _function(f: Function) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if f.kind != "function":
        out["kind"] = f.kind
    if f.returns is not None:
        out["returns"] = f.returns
    if f.language != "sql":
        out["language"] = f.language
    if f.volatility != "volatile":
        out["volatility"] = f.volatility
    if f.security_definer:
        out["security_definer"] = True
    if f.strict:
        out["returns_null_on_null_input"] = True
    if f.config:
        # proconfig entries are "name=value"; the name never holds "=".
        out["set"] = dict(sorted((e.partition("=")[0], e.partition("=")[2]) for e in f.config))
    if f.owner is not None:
        out["owner"] = f.owner
    if f.body_hash is not None:
        out["body_hash"] = f.body_hash
    if f.comment is not None:
        out["comment"] = f.comment
    if f.privileges:
        out["grants"] = _grants(f.privileges)
    return out


def _sequence(s: Sequence) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for attr, default in (
        ("type", "bigint"),
        ("start", 1),
        ("increment", 1),
        ("min_value", None),
        ("max_value", None),
        ("cache", 1),
        ("cycle", False),
        ("owned_by", None),
        ("owner", None),
    ):
        if getattr(s, attr) != default:
            out[attr] = getattr(s, attr)
    if s.privileges:
        out["grants"] = _grants(s.privileges)
    return out


def _enum(e: EnumType) -> Any:
    if e.owner is None and e.comment is None:
        return _Flow(e.labels)
    out: dict[str, Any] = {"labels": _Flow(e.labels)}
    if e.owner is not None:
        out["owner"] = e.owner
    if e.comment is not None:
        out["comment"] = e.comment
    return out


def _collation(c: Collation) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if c.provider != "libc":
        out["provider"] = c.provider
    for attr in ("locale", "lc_collate", "lc_ctype"):
        if getattr(c, attr) is not None:
            out[attr] = getattr(c, attr)
    if not c.deterministic:
        out["deterministic"] = False
    if c.owner is not None:
        out["owner"] = c.owner
    return _FlowMap(out)


def _domain(d: Domain) -> dict[str, Any]:
    out: dict[str, Any] = {"type": d.base_type}
    if not d.nullable:
        out["not_null"] = True
    if d.default is not None:
        out["default"] = d.default
    if d.checks:
        if list(d.checks) == names.domain_check_names(d.name, len(d.checks)):
            out["checks"] = list(d.checks.values())
        else:
            out["checks"] = dict(d.checks)
    if d.owner is not None:
        out["owner"] = d.owner
    return out


# --- the text, written directly ----------------------------------------------------------------------
#
# yaml.dump runs every value through PyYAML's pure-Python representer, serializer and emitter (about
# 9 s for a 1,000-table snapshot). The document built above only ever holds block mappings, block
# sequences, one-line flow collections and scalars, laid out the same way each time, so _Writer lays
# it out directly, exactly as the emitter would, and asks PyYAML's own emitter for each scalar's text
# (quoting, escapes, block-scalar headers), cached per distinct value and context. Anything outside
# that regular shape raises _Fallback and the whole document goes through yaml.dump instead; the
# tests compare both paths. _Writer._render sets the emitter's internal state (event, flow_level,
# indent, ...) and calls its process_* steps: no public API writes one scalar in a given context, so
# pyproject.toml pins pyyaml below 7 and a new major is adopted only with these tests passing.


class _Fallback(Exception):
    """The document has something _Writer does not lay out: use yaml.dump."""


_INDENT = 2
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_FLOW_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_().]*")
_BLOCK_PLAIN = re.compile(r"[A-Za-z_](?:[ -~]*[!-9;-~])?")
_BREAKS = ("\n", "\r", "\x85", "\u2028", "\u2029")  # what the emitter counts as line breaks


_STR_TAG = "tag:yaml.org,2002:str"
_IMPLICIT: dict[Any, list[tuple[str, re.Pattern[str]]]] = _Dumper.yaml_implicit_resolvers


def _resolves_to_str(d: _Dumper, value: str) -> bool:
    """``d.resolve(ScalarNode, value, (True, False)) == _STR_TAG``, without the call: the safe
    resolvers are looked up by first character (and none by path, nor for every character)."""
    if None in _IMPLICIT or d.yaml_path_resolvers:
        resolve: Any = d.resolve
        return bool(resolve(yaml.ScalarNode, value, (True, False)) == _STR_TAG)
    for tag, regexp in _IMPLICIT.get(value[0] if value else "", ()):
        if regexp.match(value):
            return tag == _STR_TAG
    return True


def _plain(value: str, *, flow: bool, key: bool) -> bool:
    """Whether the emitter writes ``value`` plain in this context, unless the resolver reads it back
    as something else (true, null, ...): see :func:`_resolves_to_str`."""
    return bool(
        # Most scalars are names: the emitter writes a word plain in any context.
        (len(value) < 100 and _IDENTIFIER.fullmatch(value))
        # Printable ASCII starting with a letter, with no ': ' or ' #' and not ending in a space
        # or ':': plain as a block value (definitions, expressions).
        or (
            not flow
            and not key
            and len(value) < 10_000
            and _BLOCK_PLAIN.fullmatch(value)
            and ": " not in value
            and " #" not in value
        )
        # A name with parentheses or dots (a reference: t_00000(id)) holds nothing the emitter
        # quotes in a flow collection (no indicator, space or break).
        or (flow and not key and len(value) < 1000 and _FLOW_PLAIN.fullmatch(value))
    )


class _Writer:
    def __init__(self) -> None:
        self.dumper = _Dumper(
            io.StringIO(),
            allow_unicode=True,
            width=1 << 20,
            default_flow_style=False,
            sort_keys=False,
        )
        self.dumper.tag_prefixes = dict(self.dumper.DEFAULT_TAG_PREFIXES)  # as at a document start
        self.cache: dict[tuple[Any, ...], str] = {}
        self.str_texts: dict[tuple[bool, bool, int], dict[str, str]] = {}
        self.shared: AbstractSet[int] = frozenset()
        self.shared_texts: dict[tuple[int, int], str] = {}
        self.key_heads: dict[int, dict[str, str]] = {}
        self.out: list[str] = []

    # scalars
    def scalar(self, value: Any, *, flow: bool, key: bool, indent: int) -> str:
        """The text of one scalar, as the emitter writes it with the given context."""
        ck = (type(value), value, flow, key, indent)
        text = self.cache.get(ck)
        if text is None:
            text = self.cache[ck] = self._render(value, flow=flow, key=key, indent=indent)
        return text

    def _render(self, value: Any, *, flow: bool, key: bool, indent: int) -> str:
        if not isinstance(value, str | bool | int | float) and value is not None:
            raise _Fallback(type(value).__name__)
        d = self.dumper
        if type(value) is str and _plain(value, flow=flow, key=key) and _resolves_to_str(d, value):
            return value
        node = d.represent_data(value)
        d.represented_objects = {}
        d.object_keeper = []
        d.alias_key = None
        if not isinstance(node, yaml.ScalarNode):
            raise _Fallback("not a scalar")
        resolve: Any = d.resolve
        implicit = (
            node.tag == resolve(yaml.ScalarNode, node.value, (True, False)),
            node.tag == resolve(yaml.ScalarNode, node.value, (False, True)),
        )
        d.event = yaml.ScalarEvent(None, node.tag, implicit, node.value, style=node.style)
        d.flow_level = 1 if flow else 0
        d.simple_key_context = key
        d.indent = indent
        d.indention = False
        d.whitespace = True
        d.column = indent
        d.analysis = None
        d.style = None
        d.prepared_tag = None
        if key:
            analysis = d.analyze_scalar(node.value)
            d.analysis = analysis
            length = len(d.prepare_tag(node.tag)) + len(node.value)
            if length >= 128 or analysis.empty or analysis.multiline:
                raise _Fallback("a key the emitter writes as '? key'")
        stream = io.StringIO()
        d.stream = stream
        d.process_tag()
        d.process_scalar()
        text = stream.getvalue()
        if not text or ((flow or key) and any(b in text for b in _BREAKS)):
            raise _Fallback("a scalar across lines where the layout cannot tell")
        return text

    # collections
    def document(self, doc: dict[str, Any]) -> str:
        """The text of ``doc``. The collections whose ids are in ``self.shared`` (ones the document
        holds in many places, alive as long as it) are laid out once per indentation, their text
        reused."""
        self.block_mapping(doc, 0, False)
        return "".join(self.out)

    def texts(self, flow: bool, key: bool, indent: int) -> dict[str, str]:
        """The texts of the ``str`` scalars met so far in one context, by value: the common case
        of :meth:`scalar` without building its key (which holds the type, as ``True == 1``)."""
        ck = (flow, key, indent)
        texts = self.str_texts.get(ck)
        if texts is None:
            texts = self.str_texts[ck] = {}
        return texts

    def reused(self, v: Any, indent: int, write: Callable[..., None], *args: Any) -> str:
        """The text of the shared collection ``v`` at this indentation: laid out by ``write(v,
        *args)`` the first time, then reused."""
        ck = (id(v), indent)
        text = self.shared_texts.get(ck)
        if text is None:
            start = len(self.out)
            write(v, *args)
            text = self.shared_texts[ck] = "".join(self.out[start:])
            del self.out[start:]
        return text

    def block_mapping(self, mapping: dict[str, Any], indent: int, first_inline: bool) -> None:
        """Keys at column ``indent``; with ``first_inline`` the first key continues the current line
        (a mapping that is a sequence item)."""
        out = self.out
        append = out.append
        inner = indent + _INDENT
        keys = self.texts(False, True, indent)
        heads = self.heads(indent)
        values = self.texts(False, False, inner)
        shared = self.shared
        first = first_inline
        for k, v in mapping.items():
            # The key's line up to its ':' ("head"): its indentation and text, cached by key.
            if first:
                first = False
                if type(k) is str:
                    head = keys.get(k)
                    if head is None:
                        head = keys[k] = self.scalar(k, flow=False, key=True, indent=indent)
                else:
                    head = self.scalar(k, flow=False, key=True, indent=indent)
            elif type(k) is str:
                head = heads.get(k)
                if head is None:
                    text = keys.get(k)
                    if text is None:
                        if len(k) < 100 and _IDENTIFIER.fullmatch(k) and _resolves_to_str(self.dumper, k):
                            text = keys[k] = k  # a name (most keys met once): plain, as _render says
                        else:
                            text = keys[k] = self.scalar(k, flow=False, key=True, indent=indent)
                    head = heads[k] = " " * indent + text
            else:
                head = " " * indent + self.scalar(k, flow=False, key=True, indent=indent)
            # The value, from just after the key: as block_value() lays it out, the common kinds inline.
            tv = type(v)
            if tv is str:  # most values: a name, a type, an expression
                text = values.get(v)
                if text is None:
                    text = values[v] = self.scalar(v, flow=False, key=False, indent=inner)
                append(f"{head}: {text}" if text[-1] == "\n" else f"{head}: {text}\n")
            elif tv is _FlowMap or tv is _Flow:
                if id(v) in shared:
                    append(f"{head}: {self.reused(v, 0, self.flow)}\n")
                else:
                    append(head)
                    append(": ")
                    self.flow(v)
                    append("\n")
            elif tv is dict and v:
                if id(v) in shared:
                    append(f"{head}:\n{self.reused(v, indent, self.block_mapping, inner, False)}")
                else:
                    append(head)
                    append(":\n")
                    self.block_mapping(v, inner, False)
            elif tv is bool:
                text = self.scalar(v, flow=False, key=False, indent=inner)
                append(f"{head}: {text}" if text[-1] == "\n" else f"{head}: {text}\n")
            elif tv is list and v:
                if id(v) in shared:
                    append(f"{head}:\n{self.reused(v, indent, self.block_sequence, inner)}")
                else:
                    append(head)
                    append(":\n")
                    self.block_sequence(v, inner)
            else:
                append(head)
                append(":")
                self.block_value(v, indent)

    def heads(self, indent: int) -> dict[str, str]:
        """The texts of the block mapping keys met so far at column ``indent``, each after its
        indentation, by key."""
        heads = self.key_heads.get(indent)
        if heads is None:
            heads = self.key_heads[indent] = {}
        return heads

    def block_value(self, v: Any, indent: int) -> None:
        """The value of a block mapping key at column ``indent``, from just after its ':'."""
        out = self.out
        if isinstance(v, _Flow | _FlowMap) or (isinstance(v, dict | list) and not v):
            out.append(" ")
            if id(v) in self.shared:
                out.append(self.reused(v, 0, self.flow))
            else:
                self.flow(v)
            out.append("\n")
        elif isinstance(v, dict):
            out.append("\n")
            if id(v) in self.shared:
                out.append(self.reused(v, indent, self.block_mapping, indent + _INDENT, False))
            else:
                self.block_mapping(v, indent + _INDENT, False)
        elif isinstance(v, list):
            out.append("\n")
            if id(v) in self.shared:
                out.append(self.reused(v, indent, self.block_sequence, indent + _INDENT))
            else:
                self.block_sequence(v, indent + _INDENT)
        else:
            text = self.scalar(v, flow=False, key=False, indent=indent + _INDENT)
            out.append(" ")
            out.append(text)
            if not text.endswith("\n"):
                out.append("\n")

    def block_sequence(self, items: list[Any], indent: int) -> None:
        out = self.out
        append = out.append
        pad = " " * indent + "- "
        inner = indent + _INDENT
        values = self.texts(False, False, inner)
        for item in items:
            append(pad)
            if type(item) is str:
                text = values.get(item)
                if text is None:
                    text = values[item] = self.scalar(item, flow=False, key=False, indent=inner)
                append(text)
                if text[-1] != "\n":
                    append("\n")
            elif isinstance(item, _Flow | _FlowMap) or (isinstance(item, dict | list) and not item):
                if id(item) in self.shared:
                    append(self.reused(item, 0, self.flow))
                else:
                    self.flow(item)
                append("\n")
            elif isinstance(item, dict):
                self.block_mapping(item, inner, True)
            elif isinstance(item, list):
                raise _Fallback("a block sequence in a block sequence")
            else:
                text = self.scalar(item, flow=False, key=False, indent=inner)
                append(text)
                if not text.endswith("\n"):
                    append("\n")

    def flow(self, v: Any) -> None:
        out = self.out
        append = out.append
        values = self.texts(True, False, 0)
        if isinstance(v, dict):
            keys = self.texts(True, True, 0)
            append("{")
            sep = ""
            for k, x in v.items():
                append(sep)
                sep = ", "
                if type(k) is str:
                    text = keys.get(k)
                    if text is None:
                        text = keys[k] = self.scalar(k, flow=True, key=True, indent=0)
                else:
                    text = self.scalar(k, flow=True, key=True, indent=0)
                append(text)
                append(": ")
                self.flow_item(x, values)
            append("}")
        else:
            append("[")
            sep = ""
            for x in v:
                append(sep)
                sep = ", "
                self.flow_item(x, values)
            append("]")

    def flow_item(self, x: Any, values: dict[str, str]) -> None:
        """One value of a flow collection; strings through ``values``, the texts already laid out."""
        if type(x) is str:
            text = values.get(x)
            if text is None:
                text = values[x] = self.scalar(x, flow=True, key=False, indent=0)
            self.out.append(text)
        elif isinstance(x, dict | list):
            self.flow(x)
        else:
            self.out.append(self.scalar(x, flow=True, key=False, indent=0))
