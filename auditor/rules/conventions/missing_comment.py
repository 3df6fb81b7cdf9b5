"""CON008 missing-comment."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import Catalog
from auditor.rules.base import Rule, register
from auditor.rules.scope import column_path, table_path


@register
class MissingComment(Rule[Catalog]):
    """A table or column has no comment.

    What it checks:
        Tables, views and materialized views in the project's schemas without a ``COMMENT``, and
        (option ``columns``, default true) their columns without one. Off by default: enable it
        in the ``rules:`` config.

    Why it matters:
        Comments are the documentation that travels with the schema: the API's OpenAPI output,
        Supabase Studio and generated client types show them. A schema without them is learnt
        by reading migrations.

    Example:
        ``CREATE TABLE public.prompts (...);`` with no ``COMMENT ON TABLE``.

    How to fix:
        ``COMMENT ON TABLE public.prompts IS 'AI prompts and product copy, shared by all users.';``
    """

    code = "CON008"
    name = "missing-comment"
    family = "conventions"
    level = Level.INFO
    enabled_by_default = False
    options = {"columns": True}
    help = "Add a COMMENT saying what the object holds."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        columns = bool(self.opts["columns"])
        for rel in catalog.relations():
            if not self.own(rel.schema) or rel.partition_of is not None:
                continue
            commentable = rel.kind in ("table", "partitioned table", "view", "materialized view")
            if commentable and rel.is_declared("comment") and not rel.comment:
                yield self.finding(
                    table_path(rel),
                    f"{rel.kind} {rel.key} has no comment",
                    fix_sql=f"COMMENT ON {_on(rel.kind)} {rel.key} IS '...';",
                    location=rel.location,
                )
            if not columns or not rel.is_declared("columns") or rel.kind == "view":
                continue
            for col in rel.columns.values():
                if col.is_declared("comment") and not col.comment:
                    yield self.finding(
                        column_path(rel, col.name),
                        f"column {rel.key}.{col.name} has no comment",
                        location=col.location or rel.location,
                    )


def _on(kind: str) -> str:
    return {"partitioned table": "TABLE", "materialized view": "MATERIALIZED VIEW"}.get(kind, kind.upper())
