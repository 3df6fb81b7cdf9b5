"""Splitting migration files into statements with exact lines (no database needed)."""

from __future__ import annotations

import pytest

from auditor.migrations.parse import parse_text
from auditor.shadow.statements import (
    pipeline_incompatible,
    replay_node,
    split_statements,
    transaction_control,
)

# (source, expected [(line, head)], parsed by pglast)
CASES = {
    "comments_and_unicode": (
        "-- café\n/* block\n comment */\ncreate table é (a int);  -- trailing\n\nselect 1;\n",
        [(4, "create table é (a int)"), (6, "select 1")],
        True,
    ),
    "dollar_quotes_and_do": (
        "do $$ begin perform ';'; end $$;\n"
        "create function f() returns int language sql as $x$ select 1; $x$;",
        [
            (1, "do $$ begin perform ';'; end $$"),
            (2, "create function f() returns int language sql as $x$ select 1; $x$"),
        ],
        True,
    ),
    "begin_atomic": (
        "create function g() returns int language sql\n"
        "begin atomic\n  select 1;\n  select 2;\nend;\nselect 3;",
        [(1, "create function g() returns int language sql"), (6, "select 3")],
        True,
    ),
    "syntax_error_falls_back_to_scanner": (
        "create table a (x int);\n\ncreate tabel b (y int);\nselect ';';\n",
        [(1, "create table a (x int)"), (3, "create tabel b (y int)"), (4, "select ';'")],
        False,
    ),
    "scanner_keeps_begin_atomic_whole": (
        "selec 1;\ncreate function g() returns int language sql\n"
        "begin atomic\n select case when true then 1 end;\nend;\nselect 2;",
        [(1, "selec 1"), (2, "create function g() returns int language sql"), (6, "select 2")],
        False,
    ),
    "only_comments": ("-- nothing here\n/* at all */\n", [], True),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_split(case: str) -> None:
    source, expected, parsed = CASES[case]
    statements, was_parsed = split_statements(source)
    assert was_parsed is parsed
    assert [(s.line, s.head) for s in statements] == expected
    for s in statements:
        assert source[s.offset :].startswith(s.text)


@pytest.mark.parametrize(
    ("text", "incompatible", "control"),
    [
        ("create index concurrently i on t (a)", True, False),
        ("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a)", True, False),
        ("-- why\ndrop index concurrently i", True, False),
        ("vacuum (analyze) t", True, False),
        ("create index i on t (a)", False, False),
        ("begin", False, True),
        ("commit", False, True),
        ("rollback to savepoint s", False, False),
        ("rollback", False, True),
        ("alter system set work_mem = '8MB'", True, False),
    ],
)
def test_classification(text: str, incompatible: bool, control: bool) -> None:
    (st,), _ = split_statements(text)
    assert pipeline_incompatible(st) is incompatible
    assert transaction_control(st) is control


@pytest.mark.parametrize("case", sorted(CASES))
def test_one_splitter(case: str) -> None:
    """Replay and the migrations reader split a file alike: the same statements, kinds and places
    (psql meta-commands aside, which replay sends to the server and the reader blanks)."""
    source, _expected, parsed = CASES[case]
    statements, _ = split_statements(source)
    read = parse_text(source).statements
    assert [(s.offset, s.line, s.column, s.text, s.kind) for s in statements] == [
        (s.offset, s.line, s.column, s.text, s.kind) for s in read
    ]
    # replay reads a node only from a file the grammar accepted whole
    assert all((replay_node(s, parsed) is None) is (not parsed or s.ast is None) for s in statements)
    assert all(replay_node(s, False) is None for s in statements)
