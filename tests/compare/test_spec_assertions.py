"""What a spec asserts about what it does not write, against a real database built with SQL.

* ``complete: true`` (what ``snapshot`` writes): an object without ``grants:`` has no grants, one
  without ``comment:`` no comment, no ``default_privileges:`` means none; a hand-written spec without
  it asserts nothing there.
* top-level ``strict: true``: extensions the spec does not list are findings (plpgsql, in every
  database, excepted); roles too once the spec lists roles (or is complete), except the roles it
  names elsewhere and PostgreSQL's predefined ``pg_*`` roles.
"""

from __future__ import annotations

import psycopg

from auditor.compare import diff
from auditor.introspect import introspect
from auditor.model import Catalog
from auditor.spec.loader import load_spec_text
from tests.servers import Server

SQL = """
DO $$ BEGIN CREATE ROLE sa_assert_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE sa_assert_hand NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE SCHEMA app;
CREATE TABLE app.t (id integer NOT NULL);
GRANT SELECT ON app.t TO sa_assert_reader;
GRANT SELECT ON app.t TO sa_assert_hand;
COMMENT ON TABLE app.t IS 'made by hand';
ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO sa_assert_reader;
CREATE EXTENSION tsm_system_rows;
"""


def _spec(head: str, tail: str = "") -> Catalog:
    text = f"""version: 1
{head}
schemas:
  app:
    tables:
      t:
        columns:
          id: {{type: integer, not_null: true}}
{tail}"""
    return load_spec_text(text).catalog


def _found(spec: Catalog, live: Catalog) -> set[tuple[str, str, tuple[str, ...]]]:
    return {(d.kind, d.path, d.changes) for d in diff(spec, live)}


def _live(server: Server) -> Catalog:
    with server.fresh_database("spec_assert") as dsn:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(SQL.encode())
        return introspect(dsn, include_schemas=["app"])


def test_complete_spec_asserts_no_grants_comments_or_default_privileges(server: Server) -> None:
    live = _live(server)
    loose = _found(_spec("strict: true"), live)
    assert not {x for x in loose if x[0] == "changed"}, loose  # grants, comment: not asserted
    assert not {x for x in loose if x[1].startswith("default_privilege:")}, loose

    complete = _found(_spec("strict: true\ncomplete: true"), live)
    assert ("changed", "table:app.t", ("comment", "privileges")) in complete, complete
    assert any(k == "unexpected" and p.startswith("default_privilege:") for k, p, _ in complete), complete


def _owner(live: Catalog) -> str:
    owner = live.schemas["app"].owner
    assert owner is not None
    return owner


def test_strict_spec_lists_extensions_and_roles(server: Server) -> None:
    live = _live(server)
    owner = _owner(live)
    not_strict = _found(_spec(""), live)
    assert not any(p.startswith(("extension:", "role:")) for _, p, _ in not_strict), not_strict

    strict = _found(_spec("strict: true"), live)
    extensions = {p for _, p, _ in strict if p.startswith("extension:")}
    assert extensions == {"extension:tsm_system_rows"}, strict  # plpgsql is in every database
    assert not any(p.startswith("role:") for _, p, _ in strict), strict  # no roles: written

    with_roles = _found(
        _spec(
            f"strict: true\nroles:\n  sa_assert_reader: {{}}\n  {owner}: {{}}",
            "        grants: {sa_assert_reader: [select]}\n",
        ),
        live,
    )
    roles = {(k, p) for k, p, _ in with_roles if p.startswith("role:")}
    # sa_assert_hand is named by nothing in the spec: a role made and granted by hand
    assert ("unexpected", "role:sa_assert_hand") in roles, with_roles
    assert all(p == "role:sa_assert_hand" or k == "changed" for k, p in roles), with_roles
