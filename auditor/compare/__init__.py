"""COMPARE: keyed diff of two catalogs into typed differences; findings with three-way attribution;
the ignore list; fix SQL. See docs/drift.md for the finding codes."""

from auditor.compare.attribution import three_way
from auditor.compare.diff import Difference, diff
from auditor.compare.findings import all_codes, code_for, level_for, to_findings
from auditor.compare.fixsql import fix_sql
from auditor.compare.ignore import IgnoreEntry, apply_ignores

__all__ = [
    "Difference",
    "IgnoreEntry",
    "all_codes",
    "apply_ignores",
    "code_for",
    "diff",
    "fix_sql",
    "level_for",
    "three_way",
    "to_findings",
]
