"""The catalog a migrations folder produces: replay into a shadow, then introspect it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import fields, is_dataclass, replace
from pathlib import Path
from typing import Any

from auditor.model import Catalog, FrozenMap, Role, Schema
from auditor.replay_limits import ReplayLimits
from auditor.shadow.platform import PLATFORMS, Platform
from auditor.shadow.platform_objects import HOST_SCHEMAS, host_schema, supabase_ownership
from auditor.shadow.providers import ShadowDatabase, open_shadow
from auditor.shadow.replay import ReplayResult, progress_lines, replay


def shadow_catalog(
    migrations_dir: str | Path,
    provider: str = "embedded",
    *,
    dsn: str | None = None,
    image: str | None = None,
    pg_bin: str | None = None,
    platform: str = "auto",
    progress: Callable[[str], None] | None = None,
    progress_every: int = 50,
    include_schemas: Sequence[str] = (),
    exclude_schemas: Sequence[str] = (),
    include_platform: bool = False,
    limits: ReplayLimits | None = None,
    cache_dir: str | Path | None = None,
) -> Catalog:
    """Replay ``migrations_dir`` into a new shadow database and return its catalog.

    Platform objects (the profile's schemas, roles, extensions and the default privileges it
    grants) are left out unless ``include_platform``. ``progress`` receives a line every
    ``progress_every`` files (``replayed 50/350 migrations (...)``) and one per skipped file.
    ``cache_dir``: where a private server's initdb template is kept (:mod:`auditor.shadow.template`).
    Raises MigrationError (a migration that does not apply) or DatabaseError (no shadow server).
    """
    limits = limits or ReplayLimits()
    notes: list[str] = []
    try:
        with open_shadow(provider, dsn=dsn, image=image, pg_bin=pg_bin, template_dir=cache_dir) as shadow:
            notes = shadow.notes
            report = progress_lines(progress, progress_every) if progress else None
            result = replay(
                migrations_dir,
                shadow,
                platform=platform,
                progress=report,
                extensions=limits.extensions,
                statement_timeout=limits.statement_timeout,
                replay_timeout=limits.replay_timeout,
            )
            if progress:
                for s in result.skipped:  # as the Supabase CLI says it: the file is not part of the history
                    progress(f"skipped {s.name}: {s.reason}")
            return introspect_shadow(
                shadow,
                result,
                include_schemas=include_schemas,
                exclude_schemas=exclude_schemas,
                include_platform=include_platform,
            )
    finally:
        # What the shadow found on its way out (a cluster-wide change on a shared server, a killed
        # run's leftovers removed) is said even when replay failed.
        say = progress or _stderr
        for note in notes:
            say(note)


def _stderr(line: str) -> None:
    import sys

    sys.stderr.write(f"schema-auditor: {line}\n")


def introspect_shadow(
    shadow: ShadowDatabase,
    result: ReplayResult,
    *,
    include_schemas: Sequence[str] = (),
    exclude_schemas: Sequence[str] = (),
    include_platform: bool = False,
) -> Catalog:
    """Introspect a replayed shadow, leaving out what the platform profile put there."""
    from auditor.introspect import introspect

    profile = PLATFORMS[result.platform]
    excluded = list(exclude_schemas)
    if not include_platform:  # read as hosts of the project's objects; the rest is left out below
        excluded += sorted(profile.schemas - HOST_SCHEMAS)
    catalog = introspect(shadow.dsn, include_schemas=include_schemas, exclude_schemas=excluded)
    if shadow.replay_role and shadow.owner_role:
        catalog = as_owner(catalog, shadow.replay_role, shadow.owner_role, _admin_role(shadow))
    return catalog if include_platform else without_platform(catalog, profile)


def _admin_role(shadow: ShadowDatabase) -> Role:
    """The superuser the shadow's ``dsn`` connects as, as the catalog models a role."""
    import psycopg

    with psycopg.connect(shadow.dsn, autocommit=True) as conn:
        row = conn.execute(
            "SELECT rolname, rolcanlogin, rolsuper, rolbypassrls, rolinherit, rolcreaterole, rolcreatedb, "
            "ARRAY(SELECT pg_get_userbyid(m.roleid) FROM pg_auth_members m WHERE m.member = r.oid) "
            "FROM pg_roles r WHERE rolname = current_user"
        ).fetchone()
    assert row is not None
    name, login, superuser, bypassrls, inherit, createrole, createdb, member_of = row
    return Role(
        name=name,
        login=login,
        superuser=superuser,
        bypassrls=bypassrls,
        inherit=inherit,
        createrole=createrole,
        createdb=createdb,
        member_of=frozenset(member_of),
    )


_ROLE_FIELDS = frozenset({"owner", "role", "grantee"})
_ROLE_SET_FIELDS = frozenset({"roles", "member_of"})


def as_owner(catalog: Catalog, replay_role: str, owner_role: str, admin: Role) -> Catalog:
    """``catalog`` as if the migrations had run as the shadow's superuser, as they did before the
    shadow was contained: the replay role (a role made for a run on a shared server) is called by
    the name the objects are meant to have (``owner_role``: the server's admin), and that role is
    shown with the superuser's attributes (``admin``): the attributes of the restricted role are the
    shadow's, not the migrations', and must not read as drift against live."""

    def rename(value: Any) -> Any:
        if isinstance(value, str):
            return value
        if isinstance(value, FrozenMap):
            items = [(k, rename(v)) for k, v in value.items()]
            return value if all(v is value[k] for k, v in items) else FrozenMap(items)
        if isinstance(value, (tuple, frozenset)):
            items2 = [rename(v) for v in value]
            if all(a is b for a, b in zip(items2, value, strict=True)):
                return value
            return type(value)(items2)
        if not is_dataclass(value) or isinstance(value, type):
            return value
        changes: dict[str, Any] = {}
        for f in fields(value):
            v = getattr(value, f.name)
            if f.name in _ROLE_FIELDS and v == replay_role:
                changes[f.name] = owner_role
            elif f.name in _ROLE_SET_FIELDS and isinstance(v, (tuple, frozenset)) and replay_role in v:
                changes[f.name] = type(v)(owner_role if x == replay_role else x for x in v)
            elif isinstance(v, (FrozenMap, tuple, frozenset)) or (
                is_dataclass(v) and not isinstance(v, type)
            ):
                new = rename(v)
                if new is not v:
                    changes[f.name] = new
        if changes.get("owner") == owner_role:
            # what the replay role granted postgres is the owner's own once both are postgres: left
            # out, as the reader leaves out every owner's own grants
            privileges = changes.get("privileges", getattr(value, "privileges", None))
            if isinstance(privileges, frozenset) and any(g.grantee == owner_role for g in privileges):
                changes["privileges"] = frozenset(g for g in privileges if g.grantee != owner_role)
        return replace(value, **changes) if changes else value

    renamed: Catalog = catalog if replay_role == owner_role else rename(catalog)
    named = replay_role in catalog.roles or owner_role in catalog.roles
    roles = {k: v for k, v in renamed.roles.items() if k != replay_role}
    if named:
        roles[owner_role] = replace(admin, name=owner_role)
    # ``ALTER DEFAULT PRIVILEGES FOR ROLE postgres ... TO postgres`` (what a dump of a Supabase
    # project writes) is the replay role granting to postgres; once both are called postgres it is a
    # role granting itself, which PostgreSQL does not keep (live shows none).
    defaults = frozenset(d for d in renamed.default_privileges if not (d.role == owner_role == d.grantee))
    return replace(renamed, roles=FrozenMap(sorted(roles.items())), default_privileges=defaults)


def without_platform(catalog: Catalog, profile: Platform, *, hosts: bool = True) -> Catalog:
    """``catalog`` without the profile's schemas, roles, extensions and the default privileges it
    grants (``ALTER DEFAULT PRIVILEGES ... IN SCHEMA public GRANT ALL ... TO`` the API roles, and
    any in its own schemas): the
    project's own objects, whatever source the catalog came from.

    The platform's tables the project attached objects to stay as *hosts* (``hosts``): shells
    that hold only those, its policies, triggers, indexes, comments and grants
    (:mod:`auditor.shadow.platform_objects`); the audit's scope stage then gives every side the
    same hosts (:func:`~auditor.shadow.platform_objects.align_hosts`)."""
    if profile.name == "none":
        return catalog
    api_roles = {"anon", "authenticated", "service_role"}
    schemas: list[tuple[str, Schema]] = []
    for k, v in catalog.schemas.items():
        if k not in profile.schemas:
            schemas.append((k, v))
        elif hosts and profile.name == "supabase" and k in HOST_SCHEMAS:
            shell = host_schema(v, supabase_ownership())
            if shell is not None:
                schemas.append((k, shell))
    return replace(
        catalog,
        schemas=FrozenMap(schemas),
        roles=FrozenMap((k, v) for k, v in catalog.roles.items() if k not in profile.roles),
        extensions=FrozenMap((k, v) for k, v in catalog.extensions.items() if k not in profile.extensions),
        default_privileges=frozenset(
            d
            for d in catalog.default_privileges
            if not (d.schema == "public" and d.grantee in api_roles) and d.schema not in profile.schemas
        ),
    )
