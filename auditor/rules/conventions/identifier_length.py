"""CON007 identifier-length."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import Catalog
from auditor.pgvocab import NAMEDATALEN
from auditor.rules.base import Rule, register
from auditor.rules.conventions._names import project_names

MAX_BYTES = NAMEDATALEN - 1  # PostgreSQL truncates longer identifiers to this (63 bytes)


@register
class IdentifierLength(Rule[Catalog]):
    """A name is 63 bytes or longer, so PostgreSQL truncates it (or already did).

    What it checks:
        Names of every object in the project's schemas, policies included, whose UTF-8 length
        reaches 63 bytes. Names must stay under 63 bytes to be sure they were not cut.

    Why it matters:
        PostgreSQL silently truncates identifiers to 63 bytes. Two long names that share their
        first 63 bytes become the same name (the second ``CREATE`` fails, or an ``IF NOT
        EXISTS`` skips it), and the name in the database differs from the one in the migration,
        so later ``ALTER`` and ``DROP`` statements written with the full name miss it.

    Example:
        ``CREATE INDEX idx_job_events_run_id_bot_name_event_type_created_at_including_payload ...``

    How to fix:
        Choose a shorter name: ``ALTER INDEX ... RENAME TO idx_job_events_lookup;``
    """

    code = "CON007"
    name = "identifier-length"
    family = "conventions"
    level = Level.WARNING
    help = "Use a name shorter than 63 bytes."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        for named in project_names(self, catalog, _too_long, policies=True):
            size = len(named.name.encode())
            cut = "is" if size > MAX_BYTES else "may have been"
            yield self.finding(
                named.path,
                f"{named.kind} name {named.name!r} is {size} bytes: PostgreSQL keeps only the first "
                f"{MAX_BYTES}, so it {cut} truncated",
                expected=f"fewer than {MAX_BYTES} bytes",
                actual=f"{size} bytes",
                location=named.location,
            )


def _too_long(name: str) -> bool:
    return len(name.encode()) >= MAX_BYTES
