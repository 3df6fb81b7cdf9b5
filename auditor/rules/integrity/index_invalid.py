"""INT004 index-invalid."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import Catalog, object_path, qualify
from auditor.rules.base import Rule, register
from auditor.rules.scope import relation_parts


@register
class IndexInvalid(Rule[Catalog]):
    """An index is invalid (a ``CREATE INDEX CONCURRENTLY`` that failed).

    What it checks:
        Indexes marked invalid (``pg_index.indisvalid`` false).

    Why it matters:
        A concurrent index build that fails (a deadlock, a uniqueness violation, a cancelled
        deploy) leaves an invalid index behind. The planner never uses it, yet every write still
        maintains it; an invalid ``UNIQUE`` index enforces nothing. ``IF NOT EXISTS`` in a re-run
        migration then skips it, so the migration reports success with the index still missing.

    Example:
        ``CREATE UNIQUE INDEX CONCURRENTLY jobs_slug_key ON public.jobs (slug);`` interrupted by a
        duplicate slug.

    How to fix:
        ``REINDEX INDEX CONCURRENTLY public.jobs_slug_key;`` (after fixing the cause), or
        ``DROP INDEX CONCURRENTLY public.jobs_slug_key;`` and create it again.
    """

    code = "INT004"
    name = "index-invalid"
    family = "integrity"
    level = Level.ERROR
    help = "Rebuild it (REINDEX INDEX CONCURRENTLY) after fixing what made the build fail, or drop it."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        for rel, _key, _columns, _constraints, indexes, _policies in relation_parts(catalog):
            if not indexes or not self.own(rel.schema) or not rel.is_declared("indexes"):
                continue
            for ix in indexes:
                if not ix.is_declared("valid") or ix.valid:
                    continue
                yield self.finding(
                    object_path("index", rel.schema, rel.name, ix.name),
                    f"index {ix.name} on {rel.key} is invalid: never used by queries, still maintained "
                    "on every write" + ("; its uniqueness is not enforced" if ix.unique else ""),
                    expected="valid",
                    actual="invalid",
                    fix_sql=f"REINDEX INDEX CONCURRENTLY {qualify(rel.schema, ix.name)};",
                    location=ix.location or rel.location,
                )
