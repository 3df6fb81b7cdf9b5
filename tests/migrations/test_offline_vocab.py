"""What the offline reader takes from auditor.pgvocab, against the servers: pg_catalog's operator
classes (an index key's operator class is printed unqualified only when it is one of them), and an
index key with an extension's operator class read offline as the server prints it."""

from __future__ import annotations

import psycopg

from auditor.migrations.offline import offline_catalog
from auditor.migrations.parse import parse_text
from auditor.pgvocab import BUILTIN_OPCLASSES, DEFAULT_OPCLASSES
from tests.servers import Server

_SQL = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE docs (id int, body text, during tstzrange);
CREATE INDEX docs_trgm ON docs USING gin (body gin_trgm_ops);
CREATE INDEX docs_pattern ON docs (body text_pattern_ops);
CREATE INDEX docs_during ON docs USING gist (during range_ops);
CREATE INDEX docs_body ON docs (body text_ops, id int4_ops DESC);
CREATE TABLE tags (t varchar(20)[], v varchar(10));
CREATE INDEX tags_t ON tags USING gin (t array_ops);
CREATE INDEX tags_v ON tags (v text_ops);
CREATE INDEX tags_v_pattern ON tags (v varchar_pattern_ops);
"""


def test_builtin_operator_classes_are_the_servers(server: Server) -> None:
    with psycopg.connect(server.admin_dsn) as conn:
        rows = conn.execute(
            "SELECT opcname FROM pg_opclass WHERE opcnamespace = 'pg_catalog'::regnamespace"
        ).fetchall()
    theirs = {r[0] for r in rows}
    assert theirs <= BUILTIN_OPCLASSES, sorted(theirs - BUILTIN_OPCLASSES)
    with psycopg.connect(server.admin_dsn) as conn:
        defaults = conn.execute(
            "SELECT am.amname, format_type(c.opcintype, NULL), c.opcname FROM pg_opclass c"
            " JOIN pg_am am ON am.oid = c.opcmethod"
            " WHERE c.opcdefault AND c.opcnamespace = 'pg_catalog'::regnamespace"
        ).fetchall()
    assert set(map(tuple, defaults)) <= DEFAULT_OPCLASSES, sorted(
        set(map(tuple, defaults)) - DEFAULT_OPCLASSES
    )


def test_index_keys_offline_as_the_server_prints_them(server: Server) -> None:
    from auditor.introspect import introspect

    with server.fresh_database("opclass") as dsn:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(_SQL)
        live = introspect(dsn).schemas["public"].relations
    offline = offline_catalog([parse_text(_SQL, "20240101000000_x.sql")]).schemas["public"].relations
    for table in ("docs", "tags"):
        got = {name: ix.keys for name, ix in offline[table].indexes.items()}
        assert got == {name: ix.keys for name, ix in live[table].indexes.items()}, table
    # an extension's operator class with its schema; a column type's default left out
    assert offline["docs"].indexes["docs_trgm"].keys == ("body public.gin_trgm_ops",)
    assert offline["docs"].indexes["docs_body"].keys == ("body", "id DESC")
