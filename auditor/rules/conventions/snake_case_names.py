"""CON005 snake-case-names."""

from __future__ import annotations

import re
from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import Catalog
from auditor.rules.base import Rule, register
from auditor.rules.conventions._names import project_names

_SNAKE = re.compile(r"^[a-z_][a-z0-9_]*$")


@register
class SnakeCaseNames(Rule[Catalog]):
    """A name is not lower ``snake_case``.

    What it checks:
        Names of schemas, tables, views, columns, constraints, indexes, functions, sequences,
        enums and domains in the project's schemas: lower-case letters, digits and underscores,
        not starting with a digit. Policy names (free text in most projects) are left out.

    Why it matters:
        PostgreSQL folds unquoted names to lower case. A name with capitals, spaces or dashes
        must be double-quoted in every query, forever (``"userId"``); forgetting the quotes gives
        "column userid does not exist". The API and generated client types expose the names as
        they are.

    Example:
        ``CREATE TABLE public."JobEvents" ("runId" text);``

    How to fix:
        ``ALTER TABLE public."JobEvents" RENAME TO job_events;`` and ``ALTER TABLE
        public.job_events RENAME COLUMN "runId" TO run_id;`` (update the code that uses them).
    """

    code = "CON005"
    name = "snake-case-names"
    family = "conventions"
    level = Level.WARNING
    help = "Rename to lower snake_case so the name never needs quoting."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        for named in project_names(self, catalog, _not_snake_case):
            yield self.finding(
                named.path,
                f"{named.kind} name {named.name!r} is not snake_case: it must be double-quoted in "
                "every query",
                expected=_suggest(named.name),
                actual=named.name,
                location=named.location,
            )


def _not_snake_case(name: str) -> bool:
    return _SNAKE.match(name) is None


def _suggest(name: str) -> str:
    """``job_events`` for ``JobEvents``, ``run_id`` for ``runId`` or ``run-id``."""
    out = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name)
    out = re.sub(r"[^A-Za-z0-9_]+", "_", out).strip("_").lower()
    return ("_" + out) if out[:1].isdigit() else (out or "_")
