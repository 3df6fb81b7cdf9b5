"""Every finding code, in one table with a status (as ruff's ``codes.rs``): drift, rule, lint,
history, source and baseline codes.

A code means one thing for good. A code that is no longer emitted stays here as ``RETIRED``, so it is
never given to something else; the rules registry refuses a rule whose code is not an active row of
this table, and ``tests/test_codes.py`` checks that every code the package emits is here, that
the table agrees with the rules registry and the drift code builder, and that ``docs/codes.md`` is
:func:`markdown` of this table. ``auditor.gate.known_codes`` (what ``--fail-on`` and ``ignore:``
entries may name) is the active codes of this table.

This module imports nothing of the package: every layer may read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Status(Enum):
    ACTIVE = "active"
    RETIRED = "retired"  # never emitted again, never reused for another meaning


@dataclass(frozen=True)
class Code:
    code: str
    family: str  # drift | rule | lint | history | source | baseline
    meaning: str  # the rule's name for rules and lint; a short phrase otherwise
    status: Status = Status.ACTIVE
    note: str = ""  # history of the code: what it meant before, why it was retired


# Codes emitted outside the rules registry, named where they are emitted.
UNPARSED_STATEMENT = "SRC001"  # auditor.migrations.parse
META_COMMAND = "SRC002"  # auditor.migrations.parse
SOURCE_GAP = "SRC003"  # auditor.audit.gap_findings
BASELINE_GONE = "BASE001"  # auditor.baseline
IGNORE_EXPIRED = "DRIFT-IGNORE-EXPIRED"  # auditor.compare.ignore

# Drift codes are DRIFT-<OBJECT>-<KIND> (auditor.compare.findings.code_for).
DRIFT_OBJECTS = (
    "schema",
    "table",
    "column",
    "constraint",
    "index",
    "policy",
    "trigger",
    "function",
    "sequence",
    "enum",
    "domain",
    "extension",
    "role",
    "default_privilege",
    "collation",
)
DRIFT_KINDS = {
    "missing": "missing on one side",
    "unexpected": "on one side only, not expected",
    "changed": "differs between the sides",
    "cosmetic": "differs in form or cost only, equal in result",
}


def drift_code(object_type: str, kind: str) -> str:
    return f"DRIFT-{object_type.upper().replace('_', '-')}-{kind.upper()}"


CODES: tuple[Code, ...] = (
    *(
        Code(drift_code(o, k), "drift", f"{o.replace('_', ' ')} {what}")
        for o in DRIFT_OBJECTS
        for k, what in DRIFT_KINDS.items()
    ),
    Code(IGNORE_EXPIRED, "drift", "an ignore entry is past its expiry date and hides nothing"),
    Code("CON001", "rule", "prefer-timestamptz"),
    Code("CON002", "rule", "prefer-text"),
    Code("CON003", "rule", "prefer-jsonb"),
    Code("CON004", "rule", "prefer-identity"),
    Code("CON005", "rule", "snake-case-names"),
    Code("CON006", "rule", "reserved-word-names"),
    Code("CON007", "rule", "identifier-length"),
    Code("CON008", "rule", "missing-comment"),
    Code("INT001", "rule", "primary-key"),
    Code("INT002", "rule", "foreign-key-type"),
    Code("INT003", "rule", "constraint-not-valid"),
    Code("INT004", "rule", "index-invalid"),
    Code("INT005", "rule", "reg-type-column"),
    Code("INT006", "rule", "owner-column"),
    Code("INT007", "rule", "missing-foreign-key"),
    Code("MIG001", "lint", "require-concurrent-index"),
    Code("MIG002", "lint", "constraint-requires-not-valid"),
    Code("MIG003", "lint", "set-not-null"),
    Code("MIG004", "lint", "volatile-default"),
    Code("MIG005", "lint", "column-type-rewrite"),
    Code("MIG006", "lint", "drop-column-or-table"),
    Code("MIG007", "lint", "rename-column-or-table"),
    Code("MIG008", "lint", "lock-timeout-required"),
    Code("MIG009", "lint", "concurrently-in-transaction"),
    Code("MIG010", "lint", "suppression-needs-reason"),
    Code("MIG011", "lint", "unique-constraint-builds-index"),
    Code("MIG012", "lint", "add-required-column"),
    Code("MIG013", "lint", "require-concurrent-index-drop"),
    Code("MIG014", "lint", "validate-in-same-transaction"),
    Code("MIG015", "lint", "transaction-in-wrapped-file"),
    Code("MIG016", "lint", "statement-timeout-required"),
    Code("MIG017", "lint", "destructive-statement"),
    Code("MIG018", "lint", "drop-not-null"),
    Code("PERF001", "rule", "foreign-key-index"),
    Code("PERF002", "rule", "owner-column-index"),
    Code("PERF003", "rule", "policy-per-row-call"),
    Code("PERF004", "rule", "multiple-permissive-policies"),
    Code("PERF005", "rule", "duplicate-index"),
    Code("PERF006", "rule", "redundant-index"),
    Code("SEC001", "rule", "rls-enabled"),
    Code("SEC002", "rule", "rls-forced"),
    Code("SEC003", "rule", "policy-without-rls"),
    Code("SEC004", "rule", "rls-without-policy"),
    Code("SEC005", "rule", "permissive-write-always-true"),
    Code("SEC006", "rule", "public-policy-on-owner-table"),
    Code("SEC007", "rule", "owner-policy"),
    Code("SEC008", "rule", "jwt-user-metadata"),
    Code("SEC009", "rule", "definer-search-path"),
    Code("SEC010", "rule", "definer-function-exposed"),
    Code("SEC011", "rule", "view-security-invoker"),
    Code("SEC012", "rule", "unprotected-relation-exposed"),
    Code("SEC013", "rule", "api-role-attributes"),
    Code("SEC014", "rule", "service-role-bypass"),
    Code("SEC015", "rule", "extension-in-public"),
    Code("SEC016", "rule", "schema-create-public"),
    Code("SEC017", "rule", "auth-users-exposed"),
    Code("SEC018", "rule", "foreign-key-to-auth-unique"),
    Code("SEC019", "rule", "sensitive-columns-exposed"),
    Code("SEC020", "rule", "graphql-table-exposed"),
    Code("SEC021", "rule", "invoker-search-path"),
    Code("SEC022", "rule", "extension-table-exposed"),
    Code("HIS001", "history", "pending: in the repository, not applied"),
    Code("HIS002", "history", "unknown: applied, but no file in the repository has its version"),
    Code("HIS003", "history", "modified: the applied content differs from the file"),
    Code("HIS004", "history", "out of order: pending, but older than the newest applied migration"),
    Code("HIS005", "history", "no history table: which migrations are applied cannot be verified"),
    Code("HIS006", "history", "failed: the history records the migration as failed"),
    Code("HIS007", "history", "not comparable: the history stores neither statements nor a checksum"),
    Code(
        UNPARSED_STATEMENT,
        "source",
        "a migration statement PostgreSQL's grammar rejects",
        note="in 0.1.0 also the code of a gap (now SRC003)",
    ),
    Code(META_COMMAND, "source", "a psql meta-command in a migration: not SQL, not run by migration tools"),
    Code(
        SOURCE_GAP,
        "source",
        "a source could not read something (a gap): the audit of it is incomplete",
        note="SRC001 in 0.1.0, which also meant an unparsable statement",
    ),
    Code(BASELINE_GONE, "baseline", "a finding recorded in the baseline is gone"),
)

BY_CODE: dict[str, Code] = {c.code: c for c in CODES}


def active() -> frozenset[str]:
    """Every code that may be emitted (and named by --fail-on, ignore entries, allow-lists)."""
    return frozenset(c.code for c in CODES if c.status is Status.ACTIVE)


def markdown() -> str:
    """docs/codes.md: the table, generated (a test checks the file is this)."""
    lines = [
        "# Finding codes",
        "",
        "Generated from `auditor/codes.py` by `python -m auditor.codes > docs/codes.md`; a test checks it.",
        "A code means one thing for good: a retired code is never reused. Rules and lint codes are",
        "documented in [rules.md](rules.md), drift in [drift.md](drift.md),",
        "history in [lint.md](lint.md).",
        "",
        "| code | family | meaning | status | note |",
        "| --- | --- | --- | --- | --- |",
    ]
    for c in CODES:
        lines.append(f"| {c.code} | {c.family} | {c.meaning} | {c.status.value} | {c.note} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
