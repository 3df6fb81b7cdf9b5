"""Parser locations are exact: line and column (in characters) of each statement's first token."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.errors import InputError
from auditor.findings import Category
from auditor.migrations.parse import do_block_statements, parse_file, parse_text

# (SQL, where each statement starts as (line, column), columns counted in characters)
LOCATION_CASES = {
    "multi-byte characters before a statement": (
        "-- café, naïve, 日本語, emoji 🎉\n"
        "create table \"é\" (a text default 'ü🎉');\n"
        "select '🎉'; select 'ö';\n",
        [(2, 1), (3, 1), (3, 13)],
    ),
    "dollar-quoted body with semicolons": (
        "create function f() returns int language plpgsql as $body$\n"
        "begin\n  perform 1; -- ; not the end\n  return 'a;b';\nend $body$;\n"
        "  do $$ begin raise notice ';'; end $$;\n",
        [(1, 1), (6, 3)],
    ),
    "comments between and inside statements": (
        "/* header ; with a semicolon */\n"
        "    alter table t /* ; */ add column b int; -- trailing ;\n"
        "/* c */ create index i on t (b);\n",
        [(2, 5), (3, 9)],
    ),
    "begin atomic body": (
        "create function g() returns int language sql begin atomic select 1; select 2; end;\nselect 3;\n",
        [(1, 1), (2, 1)],
    ),
    "syntax error in the middle keeps the others": (
        "select 'é';\n\tselec 2;\nselect 'é';\n",
        [(1, 1), (2, 2), (3, 1)],
    ),
}


@pytest.mark.parametrize(("sql", "want"), LOCATION_CASES.values(), ids=list(LOCATION_CASES))
def test_statement_locations(sql: str, want: list[tuple[int, int]]) -> None:
    pf = parse_text(sql, "m.sql")
    assert [(s.line, s.column) for s in pf.statements] == want
    # The text starts where the location says.
    lines = sql.split("\n")
    for s in pf.statements:
        assert lines[s.line - 1][s.column - 1 :].startswith(s.text.split("\n")[0])


def test_syntax_error_is_reported_with_its_location() -> None:
    pf = parse_text("select 1;\n  selec 2;\nselect 3;\n", "m.sql")
    assert [s.error is None for s in pf.statements] == [True, False, True]
    findings = pf.findings()
    assert [(f.code, f.category, f.location.line, f.location.column) for f in findings] == [
        ("SRC001", Category.SOURCE, 2, 3)
    ]
    assert "selec" in findings[0].message


def test_statement_text_and_end_line() -> None:
    pf = parse_text("alter table t\n  add column b int;\n", "m.sql")
    (s,) = pf.statements
    assert s.text == "alter table t\n  add column b int" and (s.line, s.end_line) == (1, 2)
    assert s.kind == "ALTER TABLE" and type(s.ast).__name__ == "AlterTableStmt"


def test_psql_meta_commands_are_reported_not_parsed() -> None:
    sql = (
        "\\set ON_ERROR_STOP on\nselect 1;\n  \\i other.sql\n"
        "create function f() returns text as $$\n\\x\n$$ language sql;\n"
    )
    pf = parse_text(sql, "m.sql")
    assert [(m.line, m.column, m.text) for m in pf.meta_commands] == [
        (1, 1, "\\set ON_ERROR_STOP on"),
        (3, 3, "\\i other.sql"),
    ]
    assert [s.error for s in pf.statements] == [None, None]  # the backslash in the body is SQL
    assert [(f.code, f.location.line) for f in pf.findings()] == [("SRC002", 1), ("SRC002", 3)]


def test_sqlglot_expression_is_offered_where_it_reads_the_statement() -> None:
    pf = parse_text("create table t (a int);\ncreate policy p on t using (true);\n", "m.sql")
    assert pf.statements[0].expression is not None
    assert pf.statements[1].expression is None  # sqlglot keeps CREATE POLICY as an opaque command
    assert pf.statements[1].ast is not None  # PostgreSQL's grammar reads it


def test_do_block_inner_statements_have_file_lines() -> None:
    sql = (
        "select 1;\ndo $$\nbegin\n  if not exists (select 1) then\n    alter table t add column c int;\n"
        "  end if;\n  execute 'drop table x';\nend $$;\n"
    )
    pf = parse_text(sql, "m.sql")
    inner = do_block_statements(pf.statements[1])
    assert [(i.line, i.guarded, i.problem is None) for i in inner] == [(5, True, True), (7, False, False)]


def test_bad_files_are_input_errors_with_location(tmp_path: Path) -> None:
    bad = tmp_path / "0001_bad.sql"
    bad.write_bytes(b"select 1;\nselect '\xff';\n")
    with pytest.raises(InputError) as e:
        parse_file(bad)
    assert str(e.value).startswith(f"{bad}:2:9:")
    with pytest.raises(InputError):
        parse_file(tmp_path / "missing.sql")


def test_bom_keeps_columns() -> None:
    pf = parse_text("\ufeffselect 1;\n select 2;\n", "m.sql")
    assert [(s.line, s.column) for s in pf.statements] == [(1, 2), (2, 2)]


@pytest.mark.parametrize("sql", [c[0] for c in LOCATION_CASES.values()][:4], ids=list(LOCATION_CASES)[:4])
def test_byte_offsets_become_the_same_character_offsets_as_the_scanner_split(sql: str) -> None:
    """PostgreSQL's JSON output counts UTF-8 bytes; the fallback split counts characters: both
    must give the same statements."""
    from auditor.migrations.parse import _chunks, _parse_piecewise

    fast = [(start, length, node_type) for start, length, node_type, *_ in _chunks(sql)]
    slow = [(start, length, node_type) for start, length, node_type, *_ in _parse_piecewise(sql)]
    assert [t for _, _, t in fast] == [t for _, _, t in slow]
    assert [sql[s : s + n].strip() for s, n, _ in fast] == [sql[s : s + n].strip() for s, n, _ in slow]
