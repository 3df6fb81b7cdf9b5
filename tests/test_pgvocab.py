"""auditor.pgvocab against the servers themselves, on every configured version (15 and 18 in CI):
quote_ident over every keyword and odd names, format_type over a generated list of type spellings
(through both the spec's text normalizer and the offline reader's parse-tree speller), and the names
CREATE TABLE / CREATE INDEX give unnamed constraints and indexes. (pg_get_indexdef is checked against
model.index_definition for every index of tests/introspect/cases.)
"""

from __future__ import annotations

import itertools

import psycopg
import pytest
from pglast import parse_sql

from auditor import pgvocab
from auditor.migrations.names import type_name
from auditor.normalize import canonical_type
from tests.servers import Server

ODD_NAMES = [
    "plain", "Mixed", "UPPER", "with space", 'quo"te', "1starts_with_digit", "_under", "dollar$",
    "ends_", "é_accent", "日本", "a-b", "a.b", "", "x" * 63, "select", "user", "json_table",
    "system_user", "merge_action", "between", "current_role", "Select",
]  # fmt: skip


def test_quote_ident_matches_the_server(server: Server) -> None:
    words = sorted(pgvocab.ALL_KEYWORDS) + ODD_NAMES
    with psycopg.connect(server.admin_dsn) as conn:
        rows = conn.execute("SELECT w, quote_ident(w) FROM unnest(%s::text[]) AS w", (words,)).fetchall()
        server_quoted = {
            r[0] for r in conn.execute("SELECT word FROM pg_get_keywords() WHERE catcode <> 'U'")
        }
    # no keyword the server quotes is left unquoted here
    assert server_quoted <= pgvocab.QUOTED_KEYWORDS, sorted(server_quoted - pgvocab.QUOTED_KEYWORDS)
    wrong = []
    for word, theirs in rows:
        ours = pgvocab.quote_ident(word)
        # quoting a word that is a keyword only on a newer server is harmless; anything else must match
        newer_keyword = word in pgvocab.QUOTED_KEYWORDS and word not in server_quoted
        if ours != theirs and not (newer_keyword and ours == f'"{word}"' and theirs == word):
            wrong.append((word, ours, theirs))
    assert not wrong, wrong
    if server.major >= 18:
        assert server_quoted == pgvocab.QUOTED_KEYWORDS  # pglast's list is the newest server's


_BASES = [
    "int", "int4", "integer", "smallint", "int2", "bigint", "int8", "real", "float4", "float",
    "float(10)", "float(30)", "double precision", "float8", "numeric", "numeric(10)", "numeric(10,2)",
    "decimal(5, 1)", "bool", "boolean", "text", "varchar", "varchar(10)", "character varying(3)",
    "char", "char(5)", "character", "character(2)", "bpchar", "bit", "bit(3)", "varbit",
    "bit varying(4)", "timestamp", "timestamp(3)", "timestamptz", "timestamp with time zone",
    "timestamp(2) with time zone", "timestamp without time zone", "time", "time(1)", "timetz",
    "time with time zone", "time(4) with time zone", "interval", "interval(2)", "date", "uuid",
    "json", "jsonb", "bytea", "inet", "cidr", "macaddr", "money", "xml", "tsvector", "point", "oid",
    "regclass", '"char"', "name",
]  # fmt: skip
_INTERVAL_FIELDS = [
    "year", "month", "day", "hour", "minute", "second", "year to month", "day to hour",
    "day to minute", "day to second", "hour to minute", "hour to second", "minute to second",
]  # fmt: skip
_INTERVALS = [f"interval {f}" for f in _INTERVAL_FIELDS] + [
    f"interval {f}({p})" for f in _INTERVAL_FIELDS if f.endswith("second") for p in (0, 3)
]
SPELLINGS = [
    base + suffix for base, suffix in itertools.product(_BASES + _INTERVALS, ("", "[]", "[][]", "[3]"))
]


@pytest.fixture(scope="module")
def server_types(server: Server) -> dict[str, str]:
    """format_type of every spelling, from a table with one column per spelling."""
    columns = ", ".join(f"c{i} {t}" for i, t in enumerate(SPELLINGS))
    with server.fresh_database("pgvocab_types") as dsn, psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"CREATE TABLE t ({columns})".encode())
        rows = conn.execute(
            "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
            "WHERE attrelid = 't'::regclass AND attnum > 0"
        ).fetchall()
    return {SPELLINGS[int(name[1:])]: spelled for name, spelled in rows}


def test_format_type_of_spec_text_matches_the_server(server_types: dict[str, str]) -> None:
    wrong = [(t, canonical_type(t), s) for t, s in server_types.items() if canonical_type(t) != s]
    assert not wrong, wrong


def test_format_type_of_parsed_ddl_matches_the_server(server_types: dict[str, str]) -> None:
    wrong = []
    for spelling, theirs in server_types.items():
        tn = parse_sql(f"CREATE TABLE x (c {spelling})")[0].stmt.tableElts[0].typeName
        ours = type_name(tn).removeprefix("pg_catalog.")
        if ours != theirs:
            wrong.append((spelling, ours, theirs))
    assert not wrong, wrong


_LONG = "t" * 40 + "_" + "long_table_name_x" * 2  # 75 characters: every default name is cut
_MULTI = "é" * 31 + "ü" * 20  # 102 bytes of two-byte characters: cut at a character boundary
NAME_CASES = [
    # (table, columns, the DDL after CREATE TABLE's column list, the kind)
    ("jobs", ["id", "owner_id"], "PRIMARY KEY (id)", "pkey"),
    ("jobs", ["id", "owner_id"], "UNIQUE (owner_id, id)", "key"),
    ("jobs", ["id", "owner_id"], "UNIQUE (id) INCLUDE (owner_id)", "key"),
    ("jobs", ["id", "owner_id"], "CHECK (id > 0)", "check"),
    ("jobs", ["id", "owner_id"], "CHECK (id > owner_id)", "check"),
    ("jobs", ["id", "owner_id"], "FOREIGN KEY (owner_id) REFERENCES ref (k)", "fkey"),
    (_LONG, ["a_rather_long_column_name_here_and_more", "b"], "PRIMARY KEY (b)", "pkey"),
    (_LONG, ["a_long_column_name_here_and_more", "b"], "UNIQUE (a_long_column_name_here_and_more, b)", "key"),
    (_LONG, ["c" * 63, "b"], "FOREIGN KEY (" + "c" * 63 + ") REFERENCES ref (k)", "fkey"),
    (_MULTI, ["ö" * 25, "b"], "UNIQUE (" + "ö" * 25 + ", b)", "key"),
    (_MULTI, ["ö" * 25, "b"], "CHECK (" + "ö" * 25 + " > 0)", "check"),
]  # fmt: skip


@pytest.mark.parametrize("table, columns, ddl, label", NAME_CASES)
def test_default_constraint_names_match_the_server(
    server: Server, dsn: str, table: str, columns: list[str], ddl: str, label: str
) -> None:
    qt = pgvocab.quote_ident(table)
    cols = ", ".join(f"{pgvocab.quote_ident(c)} integer" for c in columns)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS vocab CASCADE; CREATE SCHEMA vocab; SET search_path = vocab")
        conn.execute("CREATE TABLE ref (k integer PRIMARY KEY)")
        conn.execute(f"CREATE TABLE {qt} ({cols}, {ddl})".encode())
        got = [
            r[0]
            for r in conn.execute(
                "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype <> 'n'",
                (f"vocab.{qt}",),
            )
        ]
    from auditor.spec.names import check_column

    if label == "pkey":
        addition = None
    elif label == "check":
        addition = check_column(ddl[len("CHECK (") : -1])
    else:
        inside = ddl[ddl.index("(") + 1 : ddl.index(")")]
        include = ddl[ddl.index("INCLUDE (") + 9 : -1].split(", ") if "INCLUDE" in ddl else []
        addition = pgvocab.column_list_name([*inside.split(", "), *include])
    assert got == [pgvocab.choose_name(table, addition, label, set())], (got, ddl)


def test_default_index_names_and_collisions_match_the_server(dsn: str) -> None:
    table, col = _LONG, "a_rather_long_column_name_here_and_more"
    qt, qc = pgvocab.quote_ident(table), pgvocab.quote_ident(col)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS vocab CASCADE; CREATE SCHEMA vocab; SET search_path = vocab")
        conn.execute(f"CREATE TABLE {qt} ({qc} integer, b integer)".encode())
        for _ in range(3):  # the second and third are numbered: _idx1, _idx2
            conn.execute(f"CREATE INDEX ON {qt} ({qc}, b)".encode())
        conn.execute(f"CREATE INDEX ON {qt} ((b + 1))".encode())  # an expression: named after "expr"
        got = sorted(
            r[0]
            for r in conn.execute(
                "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "WHERE i.indrelid = %s::regclass",
                (f"vocab.{qt}",),
            )
        )
    taken: set[str] = {table}
    want = []
    for addition in [pgvocab.column_list_name([col, "b"])] * 3 + ["expr"]:
        name = pgvocab.choose_name(table, addition, "idx", taken)
        taken.add(name)
        want.append(name)
    assert got == sorted(want)


DEFINITIONS_SQL = """
CREATE TABLE ref (k integer PRIMARY KEY, j integer UNIQUE);
CREATE TABLE "Odd Table" ("Key" integer NOT NULL, "select" text, n integer, m integer,
    CONSTRAINT odd_pk PRIMARY KEY ("Key") INCLUDE ("select"),
    CONSTRAINT odd_u UNIQUE (n, m) DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT odd_c CHECK (n > 0) NO INHERIT,
    CONSTRAINT odd_fk FOREIGN KEY (n) REFERENCES ref (k) MATCH FULL
        ON UPDATE CASCADE ON DELETE SET NULL DEFERRABLE,
    CONSTRAINT odd_fk2 FOREIGN KEY (m) REFERENCES ref (j) NOT VALID);
CREATE INDEX odd_i1 ON "Odd Table" (n) INCLUDE (m) WITH (fillfactor = 50, deduplicate_items = off)
    WHERE n > 1;
CREATE UNIQUE INDEX odd_i2 ON "Odd Table" USING btree (m DESC, "select");
CREATE INDEX odd_i3 ON "Odd Table" USING hash (n) WITH (fillfactor = 60);
"""


def test_definition_texts_match_the_server(server: Server, dsn: str) -> None:
    """pgvocab.constraint_definition and index_definition print what pg_get_constraintdef and
    pg_get_indexdef print, for the parts the introspector reads back from the server."""
    from auditor.introspect import introspect

    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(
            "DROP SCHEMA IF EXISTS vocabdef CASCADE; CREATE SCHEMA vocabdef; SET search_path = vocabdef"
        )
        conn.execute(DEFINITIONS_SQL.encode())
        options = {
            r[0]: r[1]
            for r in conn.execute(
                "SELECT relname, reloptions FROM pg_class WHERE relnamespace = 'vocabdef'::regnamespace"
            )
        }
    rel = introspect(dsn, include_schemas=["vocabdef"]).schemas["vocabdef"].relations["Odd Table"]
    assert len(rel.constraints) == 5
    for c in rel.constraints.values():
        assert pgvocab.constraint_definition(c) == c.definition, c.name
    for name in ("odd_i1", "odd_i2", "odd_i3"):
        ix = rel.indexes[name]
        ours = pgvocab.index_definition(
            ix.name,
            "vocabdef",
            rel.name,
            unique=ix.unique,
            partitioned=False,
            method=ix.method,
            keys=[k if "DESC" in k else pgvocab.quote_ident(k) for k in ix.keys],
            include=ix.include,
            nulls_not_distinct=ix.nulls_not_distinct,
            predicate=ix.predicate,
            storage=options[name] or (),  # in the order the server keeps them
        )
        assert ours == ix.definition, name
