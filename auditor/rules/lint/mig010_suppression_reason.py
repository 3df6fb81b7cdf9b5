"""MIG010: an inline suppression without a reason (or naming no rule)."""

from __future__ import annotations

from collections.abc import Iterable

from auditor.findings import Finding, Level
from auditor.migrations.lint import MigrationSet
from auditor.migrations.parse import migration_path
from auditor.rules.base import REGISTRY, Rule, register


@register
class SuppressionNeedsReason(Rule[MigrationSet]):
    """Inline suppression without a reason, malformed, or naming an unknown rule.

    What it checks:
        Comments ``-- schema-auditor: ignore CODE[, CODE] -- reason`` in migration files: the
        reason after the second ``--`` is required; the codes must name migration rules (or
        ``SRC001``/``SRC002``).

    Why it matters:
        A suppression is an accepted risk; without its reason, the next reader cannot tell
        whether it still holds. A suppression without a reason hides nothing.

    Example:
        ``create index idx_jobs_status on public.jobs (status); -- schema-auditor: ignore MIG001``

    How to fix:
        Say why: ``-- schema-auditor: ignore MIG001 -- jobs has 200 rows, built in 10 ms``.
    """

    code = "MIG010"
    name = "suppression-needs-reason"
    family = "migrations"
    target = "migration"
    level = Level.ERROR
    help = "Write the reason after the codes: -- schema-auditor: ignore CODE -- why it is safe."

    def check(self, subject: MigrationSet) -> Iterable[Finding]:
        known = {r.code for r in REGISTRY.all("migration")} | {"SRC001", "SRC002"}
        for pf in subject.files:
            obj = migration_path(pf.version or pf.filename)
            for s in pf.suppressions:
                if not s.codes:
                    problem = "is malformed: write `schema-auditor: ignore CODE -- reason`"
                elif not s.reason:
                    problem = f"for {', '.join(s.codes)} gives no reason, so it hides nothing"
                elif unknown := [c for c in s.codes if c not in known]:
                    problem = f"names unknown rule {', '.join(unknown)}"
                else:
                    continue
                yield self.finding(
                    obj,
                    f"suppression comment {problem}",
                    location=s.location,
                    fingerprint_extra=(pf.filename, str(s.line)),
                )
