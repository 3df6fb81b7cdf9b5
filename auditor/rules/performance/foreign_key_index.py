"""PERF001 foreign-key-index."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import Catalog, quote_ident
from auditor.rules.base import Rule, register
from auditor.rules.scope import child_path, covered, index_name, table_parts


@register
class ForeignKeyIndex(Rule[Catalog]):
    """A foreign key has no index on its referencing columns.

    What it checks:
        For every foreign key, the referencing table has a valid btree index whose leading
        columns are exactly the key's columns (in any order). A partial index counts only when
        its predicate is ``col IS NOT NULL`` on key columns: a foreign key lookup is an equality,
        which never matches NULL, so PostgreSQL uses that index for it (splinter reports it).

    Why it matters:
        PostgreSQL indexes the referenced side (it must be unique) but not the referencing side.
        Without an index, every ``DELETE`` or key ``UPDATE`` on the parent scans the whole child
        table (with ``ON DELETE CASCADE`` too, under lock), and the usual "children of X" query
        is a sequential scan.

    Example:
        ``CREATE TABLE public.job_events (run_id text REFERENCES public.jobs (run_id), ...);`` with
        no index on ``run_id``.

    How to fix:
        ``CREATE INDEX CONCURRENTLY job_events_run_id_idx ON public.job_events (run_id);``
    """

    code = "PERF001"
    name = "foreign-key-index"
    family = "performance"
    level = Level.WARNING
    help = "Create an index whose leading columns are the foreign key's columns."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        for rel, key, _columns, constraints, indexes, _policies in table_parts(catalog):
            if not constraints or not self.own(rel.schema):
                continue
            if not (rel.is_declared("constraints") and rel.is_declared("indexes")):
                continue
            for con in constraints:
                if con.kind != "foreign key" or not con.columns or not con.is_declared("columns"):
                    continue
                if covered(indexes, con.columns):
                    continue
                cols = ", ".join(quote_ident(c) for c in con.columns)
                name = quote_ident(index_name(catalog, rel, con.columns))
                target = con.references.table if con.references else "its parent"
                yield self.finding(
                    child_path("constraint", key, con.name),
                    f"foreign key {con.name} on {key} ({cols}) has no covering index: deleting or "
                    f"re-keying a row of {target} scans {key}",
                    expected=f"an index on ({cols})",
                    actual="none",
                    fix_sql=f"CREATE INDEX CONCURRENTLY {name} ON {key} ({cols});",
                    location=con.location or rel.location,
                )
