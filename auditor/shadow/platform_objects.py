"""The project's own objects on the platform's tables: which are the platform's, which the project's.

A Supabase project writes policies on ``storage.objects`` (who may read which bucket), triggers on
``auth.users`` (a profile on sign-up), indexes on ``storage.*``, comments and grants on platform
tables. The platform's tables themselves are not the project's: they are read as *hosts* only.
A host keeps what is attached to it and belongs to the project; its columns, constraints, owner
and the platform's own attachments are dropped, on every side alike (live, shadow, spec), so that
a platform of another version (more columns, more indexes) never reads as the project's drift.

What the platform owns is decided by a pinned manifest of what it ships
(``supabase/platform_objects.json``: per table, the names of its policies, triggers and indexes,
its comments, its row level security and its grants to the API roles) plus what our own stand-in
of the platform creates (``supabase/platform.sql`` and ``bootstrap.sql``, read from the files
themselves, so the two never drift apart).
Grants to the platform's admin roles are always the platform's.

A host's row level security is the database's, except where it is what our bootstrap sets and the
pinned platform sets otherwise: then the pinned value stands for it (our stand-in of the platform
is not the platform). Revoking a privilege the platform grants is not seen (only grants the
platform does not make are the project's): said in docs/drift.md.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any

from auditor.model import Catalog, FrozenMap, Grant, Relation, Schema

# The platform schemas whose tables a project attaches objects to (policies on storage.objects and
# realtime.messages, triggers on auth.users); the other platform schemas are not read at all.
HOST_SCHEMAS = frozenset({"auth", "storage", "realtime"})
# Where a project's objects attach: plain and partitioned tables of those schemas.
HOST_KINDS = ("table", "partitioned table")
# The privileges ALL means on a table (MAINTAIN from PostgreSQL 17 on).
TABLE_ALL = frozenset(
    {"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER", "MAINTAIN"}
)


@dataclass(frozen=True)
class TableOwnership:
    """What the platform ships on one of its tables."""

    indexes: frozenset[str] = frozenset()
    triggers: frozenset[str] = frozenset()
    policies: frozenset[str] = frozenset()
    comments: frozenset[str] = frozenset()
    grants: frozenset[tuple[str, str]] = frozenset()  # (grantee, privilege)
    rls: bool | None = None  # the pinned platform's setting, when known


@dataclass(frozen=True)
class Ownership:
    """The platform's objects on its tables: the manifest and our bootstrap together."""

    tables: Mapping[tuple[str, str], TableOwnership] = field(default_factory=dict)
    schema_grants: Mapping[str, frozenset[tuple[str, str]]] = field(default_factory=dict)
    admin_roles: frozenset[str] = frozenset()
    bootstrap_rls: frozenset[tuple[str, str]] = frozenset()  # tables our bootstrap enables RLS on

    def table(self, schema: str, name: str) -> TableOwnership:
        return self.tables.get((schema, name), _NOTHING)

    def platform_grant(self, schema: str, name: str, grant: Grant) -> bool:
        pair = (grant.grantee, grant.privilege)
        return (
            grant.grantee in self.admin_roles
            or pair in self.table(schema, name).grants
            or pair in self.schema_grants.get(schema, frozenset())
        )


_NOTHING = TableOwnership()


def _privileges(names: Iterable[str]) -> frozenset[str]:
    out: set[str] = set()
    for n in names:
        out |= TABLE_ALL if n.upper() in ("ALL", "ALL PRIVILEGES") else {n.upper()}
    return frozenset(out)


def _grant_pairs(by_role: Mapping[str, Iterable[str]]) -> frozenset[tuple[str, str]]:
    return frozenset((role, p) for role, privs in by_role.items() for p in _privileges(privs))


# The files auditor.shadow.platform runs to make the platform in the shadow.
_SHADOW_PLATFORM_FILES = ("platform.sql", "bootstrap.sql")


@cache
def supabase_ownership() -> Ownership:
    """The Supabase platform's objects on its tables (manifest + platform.sql + bootstrap.sql), read once."""
    folder = resources.files("auditor.shadow").joinpath("supabase")
    manifest = json.loads(folder.joinpath("platform_objects.json").read_text(encoding="utf-8"))
    tables: dict[tuple[str, str], dict[str, Any]] = {}
    for key, entry in manifest["tables"].items():
        schema, _, name = key.partition(".")
        tables[(schema, name)] = {
            "indexes": set(entry.get("indexes", ())),
            "triggers": set(entry.get("triggers", ())),
            "policies": set(entry.get("policies", ())),
            "comments": set(entry.get("comments", ())),
            "grants": set(_grant_pairs(entry.get("grants", {}))),
            "rls": entry.get("rls"),
        }
    schema_grants = {s: set(_grant_pairs(g)) for s, g in manifest.get("schema_grants", {}).items()}
    boot: dict[tuple[str, str, str], set[Any]] = {}
    for name in _SHADOW_PLATFORM_FILES:  # what the shadow's platform is made of, where present
        if folder.joinpath(name).is_file():
            for k, v in _bootstrap_objects(folder.joinpath(name).read_text(encoding="utf-8")).items():
                boot.setdefault(k, set()).update(v)
    for (schema, name, kind), values in boot.items():
        if kind == "schema_grants":
            schema_grants.setdefault(schema, set()).update(values)
            continue
        t = tables.setdefault(
            (schema, name),
            {
                "indexes": set(),
                "triggers": set(),
                "policies": set(),
                "comments": set(),
                "grants": set(),
                "rls": None,
            },
        )
        if kind != "rls":
            t[kind].update(values)
    return Ownership(
        tables={
            k: TableOwnership(
                frozenset(v["indexes"]),
                frozenset(v["triggers"]),
                frozenset(v["policies"]),
                frozenset(v["comments"]),
                frozenset(v["grants"]),
                v["rls"],
            )
            for k, v in tables.items()
        },
        schema_grants={s: frozenset(g) for s, g in schema_grants.items()},
        admin_roles=frozenset(manifest.get("admin_roles", ())),
        bootstrap_rls=frozenset((s, n) for (s, n, kind) in boot if kind == "rls"),
    )


def _bootstrap_objects(text: str) -> dict[tuple[str, str, str], set[Any]]:
    """What a platform script (platform.sql, bootstrap.sql) creates on tables:
    {(schema, table, kind): values}, kind one of indexes, triggers, policies, comments, grants,
    rls; and (schema, "", "schema_grants") for ``GRANT ... ON ALL TABLES IN SCHEMA``."""
    from pglast import parse_sql

    out: dict[tuple[str, str, str], set[Any]] = {}

    def add(rv: Any, kind: str, value: Any) -> None:
        if rv is not None and rv.schemaname:
            out.setdefault((rv.schemaname, rv.relname, kind), set()).add(value)

    for raw in parse_sql(text):
        st: Any = raw.stmt
        kind = type(st).__name__
        if kind == "IndexStmt" and st.idxname:
            add(st.relation, "indexes", st.idxname)
        elif kind == "CreateTrigStmt":
            add(st.relation, "triggers", st.trigname)
        elif kind == "CreatePolicyStmt":
            add(st.table, "policies", st.policy_name)
        elif kind == "CommentStmt" and _enum(st.objtype) == "OBJECT_TABLE" and st.comment:
            parts = [p.sval for p in st.object]
            if len(parts) == 2:
                out.setdefault((parts[0], parts[1], "comments"), set()).add(st.comment)
        elif kind == "AlterTableStmt":
            for cmd in st.cmds or ():
                if _enum(cmd.subtype) == "AT_EnableRowSecurity":
                    add(st.relation, "rls", True)
        elif kind == "GrantStmt" and st.is_grant and _enum(st.objtype) == "OBJECT_TABLE":
            privs = _privileges(p.priv_name for p in st.privileges) if st.privileges else TABLE_ALL
            roles = [r.rolename for r in st.grantees or () if getattr(r, "rolename", None)]
            pairs = {(r, p) for r in roles for p in privs}
            if _enum(st.targtype) == "ACL_TARGET_ALL_IN_SCHEMA":
                for s in st.objects:
                    out.setdefault((s.sval, "", "schema_grants"), set()).update(pairs)
            else:
                for rv in st.objects:
                    for pair in pairs:
                        add(rv, "grants", pair)
    return out


def _enum(value: Any) -> str:
    """A pglast enum member's name (``OBJECT_TABLE``)."""
    return str(getattr(value, "name", value))


def host(rel: Relation, ownership: Ownership) -> Relation:
    """``rel``, a table of the platform, reduced to what the project attached to it: its policies,
    triggers and indexes the platform does not ship, its grants the platform does not make, its
    comment unless it is the platform's, its row level security and its primary key (what
    foreign keys to it are checked against). Columns, other constraints (and the indexes behind
    them) and the owner are the platform's and left out."""
    own = ownership.table(rel.schema, rel.name)
    rls = rel.rls_enabled
    if own.rls is not None and ((rel.schema, rel.name) in ownership.bootstrap_rls) == rls:
        rls = own.rls  # what our stand-in sets, where the pinned platform sets otherwise
    return replace(
        rel,
        kind="table",  # the platform partitions some (realtime.messages) in some versions only
        owner=None,
        comment=None if rel.comment in own.comments else rel.comment,
        columns=FrozenMap(),
        # the platform's key stays: rules ask what a foreign key to auth.users references (SEC018)
        constraints=FrozenMap((k, c) for k, c in rel.constraints.items() if c.kind == "primary key"),
        indexes=FrozenMap(
            (k, ix) for k, ix in rel.indexes.items() if ix.constraint is None and k not in own.indexes
        ),
        policies=FrozenMap((k, p) for k, p in rel.policies.items() if k not in own.policies),
        triggers=FrozenMap((k, t) for k, t in rel.triggers.items() if k not in own.triggers),
        privileges=frozenset(
            g for g in rel.privileges if not ownership.platform_grant(rel.schema, rel.name, g)
        ),
        rls_enabled=rls,
        partition_of=None,
        partition_key=None,
        partition_bound=None,
        inherits=(),
        storage=frozenset(),
        replica_identity="default",
        replica_identity_index=None,
    )


def carries_project_objects(rel: Relation) -> bool:
    """Whether a host holds anything of the project's."""
    return bool(rel.policies or rel.triggers or rel.indexes or rel.privileges or rel.comment)


def host_schema(schema: Schema, ownership: Ownership) -> Schema | None:
    """A platform schema as a shell holding the tables the project attached objects to, as hosts
    (None when there are none). The schema's own attributes and its functions, views, sequences
    and types are the platform's."""
    hosts = FrozenMap(
        (k, h)
        for k, h in (
            (k, host(r, ownership))
            for k, r in schema.relations.items()
            if r.kind in HOST_KINDS and r.partition_of is None  # the project attaches to the parent
        )
        if carries_project_objects(h)
    )
    if not hosts:
        return None
    return Schema(name=schema.name, relations=hosts, declared=schema.declared, strict=schema.strict)


def bare(rel: Relation) -> Relation:
    """A host with nothing of the project's on it."""
    return replace(
        rel,
        comment=None,
        indexes=FrozenMap(),
        policies=FrozenMap(),
        triggers=FrozenMap(),
        privileges=frozenset(),
    )


def align_hosts(catalogs: Mapping[str, Catalog], platform_schemas: Iterable[str]) -> dict[str, Catalog]:
    """A platform table that holds a project object on one side is a host on every side read from
    a database (live, the shadow), empty where it holds none there: a policy dropped in live is
    then missing from storage.objects, a trigger added by hand unexpected on auth.users. The empty
    host is the other side's with the project's objects taken off (its table is the platform's,
    there on both). A spec is left as it is (a strict one: :func:`with_strict_hosts`)."""
    schemas = frozenset(platform_schemas) & HOST_SCHEMAS
    found: dict[tuple[str, str], Relation] = {}
    for cat in sorted(catalogs.values(), key=lambda c: c.server_version is None):  # databases first
        for name in schemas & set(cat.schemas):
            for rel in cat.schemas[name].relations.values():
                found.setdefault((name, rel.name), rel)
    out: dict[str, Catalog] = {}
    for key, cat in catalogs.items():
        missing = [k for k in found if k[0] not in cat.schemas or k[1] not in cat.schemas[k[0]].relations]
        if cat.server_version is None or not missing:
            out[key] = cat
            continue
        shells = dict(cat.schemas)
        for s, t in sorted(missing):
            shell = shells.get(s) or Schema(name=s)
            shells[s] = replace(
                shell, relations=FrozenMap([*shell.relations.items(), (t, bare(found[(s, t)]))])
            )
        out[key] = replace(cat, schemas=FrozenMap(shells))
    return out


def with_strict_hosts(spec: Catalog, others: Iterable[Catalog]) -> Catalog:
    """A strict spec that does not list a platform table another side holds project objects on
    asserts that it holds none: that side's host with the project's objects taken off, so that
    they are findings (as any object a strict spec does not list), not an unexpected platform
    schema."""
    found: dict[tuple[str, str], Relation] = {}
    for cat in others:
        if cat is spec:
            continue
        for name in HOST_SCHEMAS & set(cat.schemas):
            for rel in cat.schemas[name].relations.values():
                found.setdefault((name, rel.name), rel)
    schemas = dict(spec.schemas)
    for (name, table), rel in sorted(found.items()):
        shell = schemas.get(name) or Schema(name=name, declared=frozenset(), strict=True)
        if table not in shell.relations:
            rels = FrozenMap([*shell.relations.items(), (table, replace(bare(rel), strict=True))])
            schemas[name] = replace(shell, relations=rels)
    return replace(spec, schemas=FrozenMap(schemas)) if found else spec
