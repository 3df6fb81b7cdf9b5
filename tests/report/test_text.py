"""Terminal summary, GitHub annotations, Markdown, and object-path grouping."""

from __future__ import annotations

from dataclasses import replace

import pytest

from auditor.findings import Attribution, Category, Finding, Level
from auditor.model import object_path
from auditor.report import github_annotations, terminal_summary
from auditor.report.markdown import md_escape, render_markdown
from auditor.report.objects import group_of, split_path, table_of
from auditor.report.text import TERMINAL_FINDINGS
from tests.report.conftest import (
    XSS,
    all_findings,
    changed_default,
    gap_source,
    make_report,
    missing_policy,
    rls_disabled,
)


def test_terminal_quiet_is_only_the_verdict_line() -> None:
    out = terminal_summary(make_report(all_findings()), quiet=True, color=False)
    assert out.count("\n") == 1
    assert out.startswith("schema-auditor: FAIL: 3 at the gate")


def test_terminal_lists_counts_sources_and_most_severe_first() -> None:
    out = terminal_summary(make_report(all_findings()), color=False)
    lines = out.splitlines()
    assert "3 error, 3 warning, 1 info; 3 at the gate, 4 below it; 7 cause(s); 1 suppressed" in lines[1]
    assert any("source live: app on db.example.com:5432, PostgreSQL 16.4: complete" in ln for ln in lines)
    # The finding line of check and lint-migrations: where: level CODE message [object] [attribution]
    finding_lines = [ln for ln in lines if ": error " in ln or ": warning " in ln]
    assert ": error " in finding_lines[0]
    assert any(
        ln.startswith("  expected_schema.yaml:42:7: ") and ln.endswith("[changed outside migrations]")
        for ln in finding_lines
    )
    assert "supabase/migrations/20240312090000_complete_rls_setup.sql:12" in out
    assert "PERF001" not in out  # suppressed findings are not listed


def test_terminal_caps_the_list() -> None:
    many = [replace(rls_disabled(), object=object_path("table", "public", f"t{i}")) for i in range(25)]
    out = terminal_summary(make_report(many), color=False)
    assert out.count("SEC001") == TERMINAL_FINDINGS
    assert f"and {25 - TERMINAL_FINDINGS} more" in out


def test_terminal_color_and_control_characters() -> None:
    f = replace(missing_policy(), message="evil \x1b[2J\x1b[31mclear\nnext line")
    out = terminal_summary(make_report([f]), color=True)
    assert "\x1b[31m" in out  # our own colour
    assert "\x1b[2J" not in out and "\\x1b[2J" in out  # theirs, shown escaped
    assert "evil \\x1b[2J\\x1b[31mclear\\nnext line" in out


def test_terminal_verdict_for_gaps_and_failures() -> None:
    assert "INCOMPLETE" in terminal_summary(make_report([], sources=(gap_source(),)), color=False)
    out = terminal_summary(make_report([], errors=("shadow: migration 3 failed",)), color=False)
    assert out.startswith("schema-auditor: ERROR: the audit did not finish")
    assert "stage failed: shadow: migration 3 failed" in out


def test_no_color_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in terminal_summary(make_report(all_findings()))


def test_github_annotations() -> None:
    out = github_annotations(make_report([missing_policy(), rls_disabled(), changed_default()]))
    lines = out.splitlines()
    assert lines[0].startswith(
        "::error file=expected_schema.yaml,line=42,col=7,"
        "title=DRIFT_MISSING policy%3Apublic.jobs.jobs_owner_select::"
    )
    assert "(changed outside migrations)" in lines[0]
    assert lines[1].startswith(
        "::error file=supabase/migrations/20240312090000_complete_rls_setup.sql,line=12,"
        "title=SEC001 table%3Apublic.jobs::"
    )
    assert "%0AEnable RLS" in lines[1]  # help on a new line, encoded
    assert lines[2].startswith("::warning ")


def test_github_annotation_cannot_be_forged_by_a_newline() -> None:
    f = replace(missing_policy(), message="x\n::error::forged", object="table:public.a,b:c")
    (line,) = github_annotations(make_report([f])).splitlines()
    assert "%0A::error::forged" in line
    assert "title=DRIFT_MISSING table%3Apublic.a%2Cb%3Ac::" in line


def test_markdown_summary_escapes_everything() -> None:
    md = render_markdown(make_report(all_findings()))
    assert md.startswith("## ❌ schema-auditor: fail")
    assert "<script>" not in md and "<img" not in md and "<svg" not in md
    assert "&lt;script&gt;" in md
    assert "| 3 | 3 | 1 | 1 | 3 |" in md
    assert "`audit.html`" in md
    table_rows = [ln for ln in md.splitlines() if ln.startswith("| error") or ln.startswith("| warning")]
    assert all(ln.count(" | ") == 5 for ln in table_rows)  # no cell broke out of its column


def test_md_escape() -> None:
    assert md_escape("a|b*c_[x](y)\n<b> `~`") == "a\\|b\\*c\\_\\[x\\](y) &lt;b&gt; \\`\\~\\`"


@pytest.mark.parametrize(
    ("path", "kind", "parts", "table"),
    [
        ("table:public.jobs", "table", ["public", "jobs"], "public.jobs"),
        ("column:public.jobs.status", "column", ["public", "jobs", "status"], "public.jobs"),
        (
            'policy:public."my.table"."a""b"',
            "policy",
            ["public", '"my.table"', '"a""b"'],
            'public."my.table"',
        ),
        ("function:public.f(integer, public.t)", "function", ["public", "f(integer, public.t)"], None),
        ("role:anon", "role", ["anon"], None),
        ("schema:public", "schema", ["public"], None),
        ("column:a..b", "column", ["a", "", "b"], "a."),
        ("index:s.t)x.y", "index", ["s", "t)x", "y"], "s.t)x"),
        ('column:s.t."c.d"', "column", ["s", "t", '"c.d"'], "s.t"),
        ("no-kind.x", "", ["no-kind", "x"], None),
    ],
)
def test_split_path_and_table_of(path: str, kind: str, parts: list[str], table: str | None) -> None:
    assert split_path(path) == (kind, parts)
    assert table_of(path) == table


def test_group_of_round_trips_object_path() -> None:
    name = XSS
    assert group_of(object_path("column", "public", name, "c")) == object_path("table", "public", name)
    assert group_of("function:public.f(integer)") == "function:public.f(integer)"


def test_attribution_counts_appear_in_markdown() -> None:
    f = Finding(
        "X1", Level.ERROR, "table:public.t", "m", Category.DRIFT, attribution=Attribution.SPEC_OUT_OF_DATE
    )
    assert "spec out of date: 1" in render_markdown(make_report([f]))
