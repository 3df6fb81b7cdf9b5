"""--fail-on selectors, as data: (policy, finding, fails?)."""

import pytest

from auditor.errors import UsageError
from auditor.findings import Attribution, Category, Finding, Level
from auditor.gate import FailPolicy


def f(
    code="D1", level=Level.ERROR, category=Category.DRIFT, kind="changed", attribution=None, suppressed=None
):
    return Finding(
        code,
        level,
        "table:public.t",
        "m",
        category=category,
        kind=kind,
        attribution=attribution,
        suppressed=suppressed,
    )


CASES = [
    ("error", f(level=Level.ERROR), True),
    ("error", f(level=Level.WARNING), False),
    ("warning", f(level=Level.WARNING), True),
    ("warning", f(level=Level.INFO), False),
    ("info", f(level=Level.INFO), True),
    ("error", f(level=Level.ERROR, suppressed="accepted"), False),
    ("migration-not-applied", f(level=Level.WARNING, attribution=Attribution.MIGRATION_NOT_APPLIED), True),
    ("migration-not-applied", f(level=Level.ERROR, attribution=Attribution.OUTSIDE_MIGRATIONS), False),
    (
        "changed-outside-migrations:error",
        f(level=Level.WARNING, attribution=Attribution.OUTSIDE_MIGRATIONS),
        False,
    ),
    (
        "changed-outside-migrations:error",
        f(level=Level.ERROR, attribution=Attribution.OUTSIDE_MIGRATIONS),
        True,
    ),
    ("security:error", f(code="SEC001", category=Category.RULE, kind="security"), True),
    ("security:error", f(code="SEC001", category=Category.RULE, kind="security", level=Level.WARNING), False),
    ("security", f(code="PERF001", category=Category.RULE, kind="performance"), False),
    ("SEC*", f(code="SEC004", level=Level.INFO), True),
    ("sec004", f(code="SEC004", level=Level.INFO), True),
    ("HIS001", f(code="HIS002"), False),
    ("history", f(code="HIS002", category=Category.HISTORY, level=Level.INFO), True),
    ("migration-not-applied,security:error", f(code="SEC001", category=Category.RULE, kind="security"), True),
]


@pytest.mark.parametrize(("policy", "finding", "fails"), CASES)
def test_fail_on(policy, finding, fails):
    assert bool(FailPolicy.parse(policy).failing([finding])) is fails


@pytest.mark.parametrize("bad", ["", "error:warning", "security:loud", "no such thing!"])
def test_bad_selectors_are_usage_errors(bad):
    with pytest.raises(UsageError):
        FailPolicy.parse(bad)
