"""INT003 constraint-not-valid."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import Catalog, object_path, quote_ident
from auditor.rules.base import Rule, register
from auditor.rules.scope import table_parts


@register
class ConstraintNotValid(Rule[Catalog]):
    """A constraint was added ``NOT VALID`` and never validated.

    What it checks:
        ``CHECK`` and ``FOREIGN KEY`` constraints that are not validated.

    Why it matters:
        ``NOT VALID`` is the safe way to add a constraint to a large table: new rows are checked
        at once, and a later ``VALIDATE CONSTRAINT`` checks the old ones without blocking writes.
        When the second step is forgotten, old rows may break the rule, and the planner cannot
        use the constraint (e.g. for partition pruning or join removal).

    Example:
        ``ALTER TABLE public.job_events ADD CONSTRAINT job_events_run_fk FOREIGN KEY (run_id)
        REFERENCES public.jobs (run_id) NOT VALID;`` and nothing after.

    How to fix:
        ``ALTER TABLE public.job_events VALIDATE CONSTRAINT job_events_run_fk;`` (takes a SHARE
        UPDATE EXCLUSIVE lock: reads and writes continue).
    """

    code = "INT003"
    name = "constraint-not-valid"
    family = "integrity"
    level = Level.WARNING
    help = "Validate the constraint (ALTER TABLE ... VALIDATE CONSTRAINT ...); it does not block writes."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        for rel, _key, _columns, constraints, _indexes, _policies in table_parts(catalog):
            if not constraints or not self.own(rel.schema) or not rel.is_declared("constraints"):
                continue
            for con in constraints:
                if not con.is_declared("validated") or con.validated:
                    continue
                yield self.finding(
                    object_path("constraint", rel.schema, rel.name, con.name),
                    f"{con.kind} constraint {con.name} on {rel.key} is NOT VALID: rows written before it "
                    "was added have never been checked",
                    expected="validated",
                    actual="NOT VALID",
                    fix_sql=f"ALTER TABLE {rel.key} VALIDATE CONSTRAINT {quote_ident(con.name)};",
                    location=con.location or rel.location,
                )
