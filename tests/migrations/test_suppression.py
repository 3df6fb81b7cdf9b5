"""Inline suppression: `-- schema-auditor: ignore CODE -- reason` hides a finding; without a reason
it hides nothing and is an error itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.findings import Level
from auditor.migrations.lint import lint_files

CASES = {
    "trailing comment on the statement": (
        "create index idx_a on public.jobs (a); -- schema-auditor: ignore MIG001 -- 200 rows\n",
        1,
    ),
    "comment on the line before": (
        "-- schema-auditor: ignore MIG001 -- 200 rows\ncreate index idx_a on public.jobs (a);\n",
        2,
    ),
    "comment block above, several codes": (
        "-- schema-auditor: ignore MIG008, MIG001 -- 200 rows\n-- built at night\n"
        "create index idx_a on public.jobs (a);\n",
        3,
    ),
    "inside a multi-line statement": (
        "create index idx_a\n  on public.jobs (a) /* schema-auditor: ignore MIG001 -- 200 rows */;\n",
        1,
    ),
    "on the DO block holding the statement": (
        "-- schema-auditor: ignore MIG002 -- table is tiny\n"
        "do $$ begin\n  alter table public.jobs add constraint c check (a > 0);\nend $$;\n",
        3,
    ),
}


def _lint(tmp_path: Path, sql: str) -> list:
    f = tmp_path / "0001_x.sql"
    f.write_text(sql, encoding="utf-8")
    return lint_files([f])


@pytest.mark.parametrize(("sql", "line"), CASES.values(), ids=list(CASES))
def test_suppression_with_reason_hides(tmp_path: Path, sql: str, line: int) -> None:
    findings = _lint(tmp_path, sql)
    code = "MIG002" if "constraint" in sql else "MIG001"
    hit = [f for f in findings if f.code == code]
    assert len(hit) == 1 and hit[0].location is not None and hit[0].location.line == line
    assert hit[0].suppressed is not None and hit[0].suppressed.startswith(("200 rows", "table is tiny"))
    assert not [f for f in findings if f.code == "MIG010"]


def test_suppression_without_reason_is_an_error_and_hides_nothing(tmp_path: Path) -> None:
    findings = _lint(tmp_path, "create index idx_a on public.jobs (a); -- schema-auditor: ignore MIG001\n")
    mig001 = [f for f in findings if f.code == "MIG001"]
    assert len(mig001) == 1 and mig001[0].suppressed is None
    mig010 = [f for f in findings if f.code == "MIG010"]
    assert len(mig010) == 1 and mig010[0].level is Level.ERROR and mig010[0].location.line == 1


def test_suppression_of_another_code_or_a_distant_statement_does_not_hide(tmp_path: Path) -> None:
    sql = (
        "-- schema-auditor: ignore MIG001 -- 200 rows\n"
        "create index idx_a on public.jobs (a);\n"
        "\n"
        "create index idx_b on public.jobs (b); -- schema-auditor: ignore MIG006 -- wrong code\n"
    )
    findings = [f for f in _lint(tmp_path, sql) if f.code == "MIG001"]
    assert [(f.location.line, f.suppressed is None) for f in findings] == [(2, False), (4, True)]


def test_words_in_a_string_are_not_a_suppression(tmp_path: Path) -> None:
    sql = "create index idx_a on public.jobs (a) where b <> '-- schema-auditor: ignore MIG001 -- x';\n"
    findings = [f for f in _lint(tmp_path, sql) if f.code == "MIG001"]
    assert len(findings) == 1 and findings[0].suppressed is None
