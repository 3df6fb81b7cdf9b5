"""PERF006 redundant-index."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import Catalog, object_path, qualify
from auditor.rules.base import Rule, register
from auditor.rules.scope import relation_parts


@register
class RedundantIndex(Rule[Catalog]):
    """An index's keys are the leading keys of another index.

    What it checks:
        Valid, non-unique, non-partial btree indexes that back no constraint and whose keys are a
        strict prefix of another valid, non-partial btree index's keys on the same table (e.g.
        ``(run_id)`` next to ``(run_id, created_at)``).

    Why it matters:
        The longer index serves every query the shorter one serves (a btree can be searched on its
        leading columns alone), so the shorter one only costs writes, vacuum and memory. Reported
        as info: the shorter index is smaller and sometimes deliberately kept for hot queries.

    Example:
        ``CREATE INDEX ON public.job_events (run_id);`` and
        ``CREATE INDEX ON public.job_events (run_id, created_at);``

    How to fix:
        ``DROP INDEX CONCURRENTLY public.job_events_run_id_idx;`` after checking
        ``pg_stat_user_indexes`` for its use.
    """

    code = "PERF006"
    name = "redundant-index"
    family = "performance"
    level = Level.INFO
    help = "Drop the shorter index if the longer one serves its queries (check pg_stat_user_indexes)."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        for rel, _key, _columns, _constraints, indexes, _policies in relation_parts(catalog):
            if len(indexes) < 2 or not self.own(rel.schema) or not rel.is_declared("indexes"):
                continue  # a redundant index takes two
            btrees = [ix for ix in indexes if ix.method == "btree" and ix.valid and ix.predicate is None]
            for ix in btrees:
                if ix.unique or ix.constraint is not None or ix.include:
                    continue
                longer = next(
                    (
                        o
                        for o in sorted(btrees, key=lambda o: o.name)
                        if o is not ix and len(o.keys) > len(ix.keys) and o.keys[: len(ix.keys)] == ix.keys
                    ),
                    None,
                )
                if longer is None:
                    continue
                yield self.finding(
                    object_path("index", rel.schema, rel.name, ix.name),
                    f"index {ix.name} ({', '.join(ix.keys)}) on {rel.key} is a prefix of {longer.name} "
                    f"({', '.join(longer.keys)}), which serves the same queries",
                    actual=f"prefix of {longer.name}",
                    fix_sql=f"DROP INDEX CONCURRENTLY {qualify(rel.schema, ix.name)};",
                    location=ix.location or rel.location,
                )
