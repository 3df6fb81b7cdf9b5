"""With strip (tenant schemas), the fingerprint hashes check and not-null constraints and btree
indexes *raw* (their catalog rows, node trees without :location) and deparses them only where a raw
text may hold an OID that differs between members. These cases pin both sides: every change below
changes the print of the table it touches (also where the raw text alone would not have changed: a
constant of a user type, a regclass, a user function), tenants built from the same SQL at other
offsets share a shape, and a copy of a database (same OIDs) whose objects swapped names is told
apart."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from auditor.fleet.fingerprint import DatabasePrint, fingerprint
from tests.servers import Server

# X stands for the schema
BASE = """
CREATE SCHEMA X;
CREATE TYPE X.state AS ENUM ('new', 'active');
CREATE SEQUENCE X.s1;
CREATE SEQUENCE X.s2;
CREATE FUNCTION X.f1(integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'select $1 > 0';
CREATE FUNCTION X.f2(integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'select $1 > 0';
CREATE TABLE X.a (id integer PRIMARY KEY);
CREATE TABLE X.c1 ();
CREATE TABLE X.c2 ();
CREATE TABLE X.b (id integer PRIMARY KEY);
CREATE TABLE X.t (
    id integer PRIMARY KEY DEFAULT nextval('X.s1'),
    state X.state NOT NULL DEFAULT 'new',
    amount numeric(12,2) CHECK (amount > 0),
    n integer CHECK (X.f1(n)),
    ref integer REFERENCES X.a (id),
    note text CONSTRAINT t_note_check CHECK (length(note) < 200),
    doc tsvector,
    CONSTRAINT t_class_check CHECK (n::oid <> 'X.c1'::regclass)
);
CREATE UNIQUE INDEX t_uniq ON X.t (note);
CREATE INDEX t_doc ON X.t USING gist (doc tsvector_ops (siglen = 100));
CREATE INDEX t_expr ON X.t (lower(note)) WHERE n > 0;
CREATE INDEX t_fn ON X.t (id) WHERE X.f1(n);
CREATE POLICY p ON X.t USING (X.f1(n));
CREATE TABLE X.u (a integer, b integer, CONSTRAINT u_check CHECK (b > 0));
CREATE INDEX u_idx ON X.u (b);
"""

# One change per case; each must change the print of ("relation", the table named second).
CHANGES = {
    "enum_default": ("ALTER TABLE X.t ALTER state SET DEFAULT 'active'", "t"),
    "nextval_default": ("ALTER TABLE X.t ALTER id SET DEFAULT nextval('X.s2')", "t"),
    "check_function": (
        "ALTER TABLE X.t DROP CONSTRAINT t_n_check, ADD CONSTRAINT t_n_check CHECK (X.f2(n))",
        "t",
    ),
    "check_constant": (
        "ALTER TABLE X.t DROP CONSTRAINT t_note_check, "
        "ADD CONSTRAINT t_note_check CHECK (length(note) < 300)",
        "t",
    ),
    "check_no_inherit": (
        "ALTER TABLE X.t DROP CONSTRAINT t_note_check, "
        "ADD CONSTRAINT t_note_check CHECK (length(note) < 200) NO INHERIT",
        "t",
    ),
    "check_not_valid": (
        "ALTER TABLE X.t DROP CONSTRAINT t_note_check, "
        "ADD CONSTRAINT t_note_check CHECK (length(note) < 200) NOT VALID",
        "t",
    ),
    "numeric_check": (
        "ALTER TABLE X.t DROP CONSTRAINT t_amount_check, ADD CONSTRAINT t_amount_check CHECK (amount > 1)",
        "t",
    ),
    "numeric_typmod": ("ALTER TABLE X.t ALTER amount TYPE numeric(12,3)", "t"),
    "fk_target": (
        "ALTER TABLE X.t DROP CONSTRAINT t_ref_fkey, "
        "ADD CONSTRAINT t_ref_fkey FOREIGN KEY (ref) REFERENCES X.b (id)",
        "t",
    ),
    "expr_index": ("DROP INDEX X.t_expr; CREATE INDEX t_expr ON X.t (upper(note)) WHERE n > 0", "t"),
    "index_predicate": ("DROP INDEX X.t_expr; CREATE INDEX t_expr ON X.t (lower(note)) WHERE n > 1", "t"),
    "index_desc": ("DROP INDEX X.t_expr; CREATE INDEX t_expr ON X.t (lower(note) DESC) WHERE n > 0", "t"),
    "index_collation": (
        'DROP INDEX X.t_expr; CREATE INDEX t_expr ON X.t (lower(note) COLLATE "C") WHERE n > 0',
        "t",
    ),
    "index_function": ("DROP INDEX X.t_fn; CREATE INDEX t_fn ON X.t (id) WHERE X.f2(n)", "t"),
    "index_options": ("ALTER INDEX X.t_fn SET (fillfactor = 50)", "t"),
    # a unique index and one of another access method are deparsed: what they may hold apart
    # (NULLS NOT DISTINCT, PG 15; an operator class's options) is not in every major's pg_index
    "unique_nulls_not_distinct": (
        "DROP INDEX X.t_uniq; CREATE UNIQUE INDEX t_uniq ON X.t (note) NULLS NOT DISTINCT",
        "t",
    ),
    "opclass_options": (
        "DROP INDEX X.t_doc; CREATE INDEX t_doc ON X.t USING gist (doc tsvector_ops (siglen = 200))",
        "t",
    ),
    "policy_function": ("ALTER POLICY p ON X.t USING (X.f2(n))", "t"),
    # the same attnums, other columns: u's columns a, b at attnums 2, 3 (1 dropped), its check and
    # index on attnum 2 (a), where the base's are on attnum 2 (b)
    "same_attnums": (
        "DROP TABLE X.u; CREATE TABLE X.u (z integer, a integer, b integer); ALTER TABLE X.u DROP COLUMN z; "
        "ALTER TABLE X.u ADD CONSTRAINT u_check CHECK (a > 0); CREATE INDEX u_idx ON X.u (a)",
        "u",
    ),
}


def _sql(schema: str, text: str) -> bytes:
    return text.replace("X.", f"{schema}.").replace("SCHEMA X", f"SCHEMA {schema}").encode()


def _relation(prints: DatabasePrint, schema: str, name: str) -> str:
    return next(m for k, n, m in prints.objects[schema] if (k, n) == ("relation", name))


@pytest.fixture(scope="module")
def tenants(dsn: str) -> Iterator[str]:
    """``base``, ``same`` (its DDL at other text offsets, a schema name of another length) and one
    ``c_<change>`` schema per change."""
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute(_sql("base", BASE))
        # every node's :location differs from the base's: a longer name, a comment ahead
        c.execute(_sql("same_but_a_much_longer_name", "/* shifted */   " + BASE.replace("\n", "\n  ")))
        for name, (change, _) in CHANGES.items():
            c.execute(_sql(f"c_{name}", BASE))
            if name != "unique_nulls_not_distinct" or c.info.server_version >= 150000:
                c.execute(_sql(f"c_{name}", change))
    yield dsn


def test_every_raw_change_changes_the_table_print(tenants: str) -> None:
    prints = fingerprint(tenants, strip=True, detail=True)
    base = prints.tenant_shape("base")
    assert prints.tenant_shape("same_but_a_much_longer_name") == base
    assert prints.objects["same_but_a_much_longer_name"] == prints.objects["base"]
    with psycopg.connect(tenants) as c:
        skipped = set() if c.info.server_version >= 150000 else {"unique_nulls_not_distinct"}
    same_shape = [n for n in CHANGES if prints.tenant_shape(f"c_{n}") == base and n not in skipped]
    assert same_shape == []
    same_table = [
        n
        for n, (_, table) in CHANGES.items()
        if _relation(prints, f"c_{n}", table) == _relation(prints, "base", table) and n not in skipped
    ]
    assert same_table == []


# In a copy of a database (CREATE DATABASE ... TEMPLATE) every OID is the original's: swapping two
# objects' names makes each OID name the other object. What refers to them by OID (a default's
# regclass or enum constant, a check's regclass constant or function, an index predicate's or a
# policy's function, a foreign
# key's table) must print apart, though the objects swapped are alike (read as tenants: raw).
SWAPS = {
    "sequences": "ALTER SEQUENCE app.s1 RENAME TO tmp; ALTER SEQUENCE app.s2 RENAME TO s1; "
    "ALTER SEQUENCE app.tmp RENAME TO s2",
    "functions": "ALTER FUNCTION app.f1(integer) RENAME TO tmp; ALTER FUNCTION app.f2(integer) RENAME TO f1; "
    "ALTER FUNCTION app.tmp(integer) RENAME TO f2",
    "classes": "ALTER TABLE app.c1 RENAME TO tmp; ALTER TABLE app.c2 RENAME TO c1; "
    "ALTER TABLE app.tmp RENAME TO c2",
    "tables": "ALTER TABLE app.a RENAME TO tmp; ALTER TABLE app.b RENAME TO a; "
    "ALTER TABLE app.tmp RENAME TO b",
    "enum_labels": "ALTER TYPE app.state RENAME VALUE 'new' TO 'tmp'; "
    "ALTER TYPE app.state RENAME VALUE 'active' TO 'new'; "
    "ALTER TYPE app.state RENAME VALUE 'tmp' TO 'active'",
}


def test_a_copy_whose_objects_swapped_names_prints_apart(server: Server) -> None:
    from psycopg import sql

    original = server.create_database("fp_raw_orig")
    made = [original]
    try:
        with psycopg.connect(server.dsn_for(original), autocommit=True) as c:
            c.execute(_sql("app", BASE))
        first = fingerprint(server.dsn_for(original), strip=True, detail=True)
        copies = {}
        for name in [*SWAPS, "none"]:
            copy = f"{original}_{name}"[:63]
            with psycopg.connect(server.admin_dsn, autocommit=True) as c:
                c.execute(
                    sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                        sql.Identifier(copy), sql.Identifier(original)
                    )
                )
            made.append(copy)
            if name in SWAPS:
                with psycopg.connect(server.dsn_for(copy), autocommit=True) as c:
                    c.execute(SWAPS[name].encode())
            copies[name] = fingerprint(server.dsn_for(copy), strip=True, detail=True)
    finally:
        for name in made:
            server.drop_database(name)
    assert copies["none"].objects == first.objects  # a copy as such prints alike
    alike = [n for n in SWAPS if _relation(copies[n], "app", "t") == _relation(first, "app", "t")]
    assert alike == []
