"""The catalog a migrations folder produces: replay into a shadow, then introspect it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from auditor.model import Catalog, FrozenMap
from auditor.shadow.platform import PLATFORMS, Platform
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
) -> Catalog:
    """Replay ``migrations_dir`` into a new shadow database and return its catalog.

    Platform objects (the profile's schemas, roles, extensions and the default privileges it
    grants) are left out unless ``include_platform``. ``progress`` receives a line every
    ``progress_every`` files (``replayed 50/350 migrations (...)``) and one per skipped file.
    Raises MigrationError (a
    migration that does not apply) or DatabaseError (no shadow server).
    """
    with open_shadow(provider, dsn=dsn, image=image, pg_bin=pg_bin) as shadow:
        report = progress_lines(progress, progress_every) if progress else None
        result = replay(migrations_dir, shadow, platform=platform, progress=report)
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
    if not include_platform:
        excluded += sorted(profile.schemas)
    catalog = introspect(shadow.dsn, include_schemas=include_schemas, exclude_schemas=excluded)
    return catalog if include_platform else without_platform(catalog, profile)


def without_platform(catalog: Catalog, profile: Platform) -> Catalog:
    """``catalog`` without the profile's schemas, roles, extensions and the default privileges it
    grants (``ALTER DEFAULT PRIVILEGES ... IN SCHEMA public GRANT ALL ... TO`` the API roles): the
    project's own objects, whatever source the catalog came from."""
    if profile.name == "none":
        return catalog
    api_roles = {"anon", "authenticated", "service_role"}
    return replace(
        catalog,
        schemas=FrozenMap((k, v) for k, v in catalog.schemas.items() if k not in profile.schemas),
        roles=FrozenMap((k, v) for k, v in catalog.roles.items() if k not in profile.roles),
        extensions=FrozenMap((k, v) for k, v in catalog.extensions.items() if k not in profile.extensions),
        default_privileges=frozenset(
            d for d in catalog.default_privileges if not (d.schema == "public" and d.grantee in api_roles)
        ),
    )
