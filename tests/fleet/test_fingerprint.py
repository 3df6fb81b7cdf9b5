"""A shape must never hide a difference: members of one shape get one audit, so every attribute the
audit compares must change the fingerprint. Each case below is one hand-made change (as a user makes
it, with psql) to its own copy of the tenant schema; one fingerprint query reads them all, on every
server."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from auditor.fleet.fingerprint import fingerprint
from tests.compare.test_cases import CLUSTER_ROLES
from tests.servers import Server

# one worker for the whole module: its fixture makes a cluster role and drops it at the end, which a
# second worker's copy of the fixture would still need; and the database-wide print hashes the roles
pytestmark = CLUSTER_ROLES

INIT_SQL = (Path(__file__).parent / "project" / "migrations" / "20240101000000_init.sql").read_text()

# One change per case, X standing for the schema.
CHANGES = {
    "column_type": "ALTER TABLE X.notes ALTER COLUMN body TYPE varchar(100)",
    "nullability": "ALTER TABLE X.accounts ALTER COLUMN created_at DROP NOT NULL",
    "default": "ALTER TABLE X.notes ALTER COLUMN body SET DEFAULT 'x'",
    "column_comment": "COMMENT ON COLUMN X.notes.body IS 'b'",
    "column_grant": "GRANT SELECT (body) ON X.notes TO PUBLIC",
    "table_grant": "GRANT SELECT ON X.notes TO PUBLIC",
    "added_column": "ALTER TABLE X.notes ADD COLUMN extra integer",
    "dropped_column": "ALTER TABLE X.notes DROP COLUMN body",
    "check_not_valid": "ALTER TABLE X.notes ADD CONSTRAINT positive CHECK (id > 0) NOT VALID",
    "fk_action": "ALTER TABLE X.notes DROP CONSTRAINT notes_account_id_fkey, "
    "ADD CONSTRAINT notes_account_id_fkey FOREIGN KEY (account_id) "
    "REFERENCES X.accounts (id) ON DELETE RESTRICT",
    "index": "CREATE INDEX notes_body_idx ON X.notes (body)",
    "partial_index": "DROP INDEX X.notes_account_id_idx; CREATE INDEX notes_account_id_idx ON X.notes "
    "(account_id) WHERE kind = 'todo'",
    "index_renamed": "ALTER INDEX X.notes_account_id_idx RENAME TO notes_by_account",
    "rls": "ALTER TABLE X.notes ENABLE ROW LEVEL SECURITY",
    "rls_forced": "ALTER TABLE X.notes FORCE ROW LEVEL SECURITY",
    "policy": "CREATE POLICY everyone ON X.notes USING (true)",
    "trigger": "CREATE FUNCTION X.touch() RETURNS trigger LANGUAGE plpgsql AS 'begin return new; end'; "
    "CREATE TRIGGER touch BEFORE UPDATE ON X.notes FOR EACH ROW EXECUTE FUNCTION X.touch()",
    "storage": "ALTER TABLE X.notes SET (fillfactor = 70)",
    "toast_storage": "ALTER TABLE X.notes SET (toast.autovacuum_enabled = false)",
    "replica_identity": "ALTER TABLE X.notes REPLICA IDENTITY FULL",
    "replica_identity_index": "ALTER TABLE X.accounts REPLICA IDENTITY USING INDEX accounts_email_key",
    "unlogged": "ALTER TABLE X.notes SET UNLOGGED",
    "table_comment": "COMMENT ON TABLE X.notes IS 'changed'",
    "owner": "ALTER TABLE X.notes OWNER TO sa_fleet_fp_owner",
    "enum_label": "ALTER TYPE X.note_kind ADD VALUE 'done'",
    "sequence": "ALTER SEQUENCE X.notes_id_seq INCREMENT BY 2",
    "identity": "ALTER TABLE X.accounts ALTER COLUMN id SET INCREMENT BY 5",
    "function": "CREATE FUNCTION X.f() RETURNS integer LANGUAGE sql AS 'select 1'",
    "sql_body": "CREATE OR REPLACE FUNCTION X.std() RETURNS integer LANGUAGE sql BEGIN ATOMIC SELECT 2; END",
    "domain": "CREATE DOMAIN X.d AS text CHECK (VALUE <> '')",
    "view": "CREATE VIEW X.v AS SELECT 1 AS one",
    "collation": 'CREATE COLLATION X.c FROM "C"',
    "schema_comment": "COMMENT ON SCHEMA X IS 's'",
    "schema_grant": "GRANT USAGE ON SCHEMA X TO PUBLIC",
}


# Every tenant also has a function over its own type (its identity arguments name the schema, as
# search_path is pg_catalog: strip must leave it out of the name as well as the text) and a function
# with a SQL-standard body (PG 14: an empty prosrc, the body in prosqlbody).
FUNCTIONS = (
    "CREATE FUNCTION X.label(k X.note_kind) RETURNS text LANGUAGE sql AS 'select k::text'",
    "CREATE FUNCTION X.std() RETURNS integer LANGUAGE sql BEGIN ATOMIC SELECT 1; END",
)


@pytest.fixture(scope="module")
def tenants(dsn: str) -> Iterator[str]:
    """``base``, ``same`` and one ``c_<change>`` schema per change, in the module's database. The
    owner role is this fixture's own (a role is the cluster's: a shared name let one copy of the
    fixture drop the role another had just made)."""
    role = f"sa_fleet_fp_owner_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute(f"CREATE ROLE {role}".encode())
        for schema in ("base", "same", *(f"c_{n}" for n in CHANGES)):
            c.execute(
                INIT_SQL.replace("app.", f"{schema}.").replace("SCHEMA app", f"SCHEMA {schema}").encode()
            )
            for f in FUNCTIONS:
                c.execute(f.replace("X.", f"{schema}.").encode())
        for name, change in CHANGES.items():
            schema = f"c_{name}"
            change = change.replace("sa_fleet_fp_owner", role)
            c.execute(change.replace("X.", f"{schema}.").replace(" X ", f" {schema} ").encode())
    try:
        yield dsn
    finally:  # the role is the cluster's: leave nothing behind
        with psycopg.connect(dsn, autocommit=True) as c:
            c.execute(f"DROP SCHEMA c_owner CASCADE; DROP ROLE {role}".encode())


def test_every_change_changes_the_shape(tenants: str) -> None:
    prints = fingerprint(tenants, strip=True)
    base = prints.tenant_shape("base")
    assert prints.tenant_shape("same") == base  # one shape for identical tenants, names aside
    same_as_base = [name for name in CHANGES if prints.tenant_shape(f"c_{name}") == base]
    assert same_as_base == []
    # without strip (database mode), a schema's own name is part of its texts
    assert dict(fingerprint(tenants).schemas)["base"] != dict(fingerprint(tenants).schemas)["same"]


def test_object_prints_name_what_differs(tenants: str) -> None:
    """With detail, each schema's object prints: equal for identical tenants, and for every change
    the objects that differ from the base's are the ones the change touched."""
    plain = fingerprint(tenants, strip=True)
    assert plain.objects == {}  # detail is asked for, never paid for by default
    prints = fingerprint(tenants, strip=True, detail=True)
    assert prints.schemas == plain.schemas  # detail changes no schema print
    base = {(k, n): m for k, n, m in prints.objects["base"]}
    assert ("function", "label(k note_kind)") in base  # the function's own schema left out of its name
    assert {(k, n) for k, n, _ in prints.objects["base"]} >= {
        ("relation", "accounts"),
        ("relation", "notes"),
        ("sequence", "notes_id_seq"),
        ("type", "note_kind"),
        ("schema", ""),
    }
    assert prints.objects["same"] == prints.objects["base"]
    touched = {
        "column_type": {("relation", "notes")},
        "nullability": {("relation", "accounts")},
        "enum_label": {("type", "note_kind")},
        "sequence": {("sequence", "notes_id_seq")},
        "function": {("function", "f()")},
        "sql_body": {("function", "std()")},
        "view": {("relation", "v")},
        "collation": {("collation", "c")},
        "schema_comment": {("schema", "")},
        "trigger": {("function", "touch()"), ("relation", "notes")},
        "owner": {("relation", "notes"), ("sequence", "notes_id_seq")},  # an owned sequence follows
    }
    for name in CHANGES:
        mine = {(k, n): m for k, n, m in prints.objects[f"c_{name}"]}
        differs = {key for key in base.keys() | mine.keys() if base.get(key) != mine.get(key)}
        assert differs, name
        if name in touched:
            assert differs == touched[name], name


@pytest.mark.parametrize("strip", [False, True])
def test_unreachable_database_is_an_error_not_a_shape(strip: bool) -> None:
    from auditor.connect import Timeouts
    from auditor.errors import DatabaseError

    with pytest.raises(DatabaseError):
        fingerprint("postgresql://postgres@127.0.0.1:1/none", timeouts=Timeouts(connect_s=2), strip=strip)


def test_databases_built_apart_share_a_shape(server: Server) -> None:
    """Tenants built by running the same SQL in each database (as migrations do, not by TEMPLATE) have
    different OIDs: the print must not see them. A database that went through other DDL first (so
    every OID is shifted) still has the shape of one that did not; a changed one has another."""
    extra = "; ".join(f.replace("X.", "app.") for f in FUNCTIONS)
    extra += (
        "; CREATE TABLE app.archived (LIKE app.notes) INHERITS (app.accounts)"
        "; CREATE POLICY own ON app.notes USING (account_id > 0)"
        "; CREATE VIEW app.recent AS SELECT id, body FROM app.notes WHERE id > 10"
    )
    made = []
    try:
        for before, after in (("", ""), ("CREATE TABLE junk (a int); DROP TABLE junk; ", ""), ("", "x")):
            name = server.create_database("fp_apart")
            made.append(name)
            with psycopg.connect(server.dsn_for(name), autocommit=True) as c:
                c.execute(f"{before}{INIT_SQL}; {extra}".encode())
                if after:
                    c.execute(b"COMMENT ON VIEW app.recent IS 'x'")
        prints = server.while_roles_hold(lambda: [fingerprint(server.dsn_for(n), detail=True) for n in made])
    finally:
        for name in made:
            server.drop_database(name)
    first, shifted, changed = prints
    assert first.shape(["app"]) == shifted.shape(["app"])
    assert first.objects["app"] == shifted.objects["app"]
    assert first.shape(["app"]) != changed.shape(["app"])
    assert {o for o in changed.objects["app"]} - set(first.objects["app"]) == {
        o for o in changed.objects["app"] if o[:2] == ("relation", "recent")
    }
