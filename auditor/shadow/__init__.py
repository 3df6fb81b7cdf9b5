"""READ migrations: replay a migrations folder into a shadow database and introspect it.

``open_shadow`` gives a throwaway database (providers: embedded, local, dsn, docker), ``replay``
applies the folder the way the Supabase CLI does (with a platform profile such as ``supabase``
prepared first), ``shadow_catalog`` does both and returns the resulting :class:`~auditor.model.Catalog`.
"""

from auditor.shadow.catalog import shadow_catalog
from auditor.shadow.platform import (
    PLATFORMS,
    SUPABASE_EXTENSIONS,
    SUPABASE_ROLES,
    SUPABASE_SCHEMAS,
    Platform,
    detect_platform,
)
from auditor.shadow.providers import PROVIDERS, ShadowDatabase, open_shadow
from auditor.shadow.replay import (
    Progress,
    ReplayResult,
    SkippedFile,
    list_migrations,
    progress_printer,
    replay,
)

__all__ = [
    "PLATFORMS",
    "PROVIDERS",
    "SUPABASE_EXTENSIONS",
    "SUPABASE_ROLES",
    "SUPABASE_SCHEMAS",
    "Platform",
    "Progress",
    "ReplayResult",
    "ShadowDatabase",
    "SkippedFile",
    "detect_platform",
    "list_migrations",
    "open_shadow",
    "progress_printer",
    "replay",
    "shadow_catalog",
]
