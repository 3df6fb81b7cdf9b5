"""A project's own objects on the platform's tables (issue 14 item 3): its policies on
storage.objects, its trigger on auth.users, its grants and indexes there are read, compared and
attributed like any other object; the platform's own objects, and changes to them, are not.

Live is built the way a user's database comes to be, not with our replay: the platform first
(roles.sql, bootstrap.sql, the extensions a new project has), then each migration file statement by
statement in one transaction, recorded in supabase_migrations.schema_migrations as the Supabase CLI
records it. Extensions the test server lacks (pg_net, pgjwt...) are installed from their stand-in
scripts, as the platform has them installed.
"""

from __future__ import annotations

import contextlib
import json
import shutil
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pglast
import psycopg
import pytest
from psycopg import sql

from auditor.model import Column, Constraint, FrozenMap, Grant, Index, Policy, Relation, Schema, Trigger
from auditor.shadow.platform import standin_names, standin_script
from auditor.shadow.platform_objects import (
    HOST_SCHEMAS,
    TABLE_ALL,
    carries_project_objects,
    host,
    host_schema,
    supabase_ownership,
)
from tests.commands import schema_auditor
from tests.conftest import ROOT

PROJECTS = ROOT / "tests" / "shadow" / "projects"
NOTES_APP = PROJECTS / "notes_app" / "migrations"
EXAMPLE = ROOT / "migrations"

HISTORY_DDL = """
create schema if not exists supabase_migrations;
create table if not exists supabase_migrations.schema_migrations (
    version text primary key, statements text[], name text
);
"""
# Installed on a new project (as auditor/shadow/platform.py's _PREINSTALLED).
PREINSTALLED = {
    "uuid-ossp": "extensions",
    "pgcrypto": "extensions",
    "pg_graphql": "graphql",
    "supabase_vault": "vault",
    "pgsodium": "pgsodium",
}


def _platform(conn: psycopg.Connection[Any]) -> None:
    """What a new Supabase project's database holds before its first migration (the platform's
    scripts that our shadow runs too: they are its stand-in of the platform)."""
    folder = resources.files("auditor.shadow").joinpath("supabase")
    for name in ("roles.sql", "platform.sql", "bootstrap.sql"):  # as auditor/shadow/platform.py runs them
        if folder.joinpath(name).is_file():
            conn.execute(folder.joinpath(name).read_text(encoding="utf-8").encode())
    dbname = conn.info.dbname
    conn.execute(
        sql.SQL('ALTER DATABASE {} SET search_path = "$user", public, extensions').format(
            sql.Identifier(dbname)
        )
    )
    conn.execute('SET search_path = "$user", public, extensions')
    for ext, schema in PREINSTALLED.items():
        _create_extension(conn, ext, schema)
    conn.execute(HISTORY_DDL.encode())


def _available(conn: psycopg.Connection[Any]) -> set[str]:
    return {str(r[0]) for r in conn.execute("SELECT name FROM pg_available_extensions")}


def _create_extension(conn: psycopg.Connection[Any], name: str, schema: str | None) -> None:
    if name in _available(conn):
        target = sql.SQL(" WITH SCHEMA {}").format(sql.Identifier(schema)) if schema else sql.SQL("")
        conn.execute(sql.SQL("CREATE EXTENSION IF NOT EXISTS {}{}").format(sql.Identifier(name), target))
    elif name in standin_names():
        conn.execute(standin_script(name, schema).encode())


def _no_transaction(statement: str) -> bool:
    node = pglast.parse_sql(statement)[0].stmt
    return bool(getattr(node, "concurrent", False)) or type(node).__name__ in ("VacuumStmt",)


def apply_like_the_cli(dsn: str, folder: Path) -> None:
    """The platform, then each file of ``folder`` statement by statement in one transaction, and its
    row in the history table."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        _platform(conn)
        available = _available(conn)
        for f in sorted(folder.glob("*.sql")):
            text = f.read_text(encoding="utf-8")
            statements = [s for s in pglast.split(text) if s.strip()]
            # one transaction per file, as the CLI runs it; a file with a statement that cannot run
            # in one (CREATE INDEX CONCURRENTLY) statement by statement
            outside = any(_no_transaction(st) for st in statements)
            with contextlib.nullcontext() if outside else conn.transaction():
                conn.execute('SET search_path = "$user", public, extensions')
                for st in statements:
                    node = pglast.parse_sql(st)[0].stmt
                    if type(node).__name__ == "CreateExtensionStmt" and node.extname not in available:
                        schema = next((o.arg.sval for o in node.options or () if o.defname == "schema"), None)
                        _create_extension(conn, node.extname, schema)
                        continue
                    conn.execute(st.encode())
                version, _, name = f.stem.partition("_")
                conn.execute(
                    "insert into supabase_migrations.schema_migrations (version, name, statements) "
                    "values (%s, %s, %s)",
                    (version, name, statements),
                )


@pytest.fixture
def live(server: Any) -> Iterator[str]:
    name = server.create_database("sa_h3_live")
    try:
        yield server.dsn_for(name)
    finally:
        server.drop_database(name)


def audit(server: Any, live_dsn: str, migrations: Path, tmp: Path, *extra: str) -> list[dict[str, Any]]:
    """Audit live against ``migrations`` (and ``extra`` flags); the report's findings."""
    project = tmp / "project"
    if not project.exists():
        shutil.copytree(migrations, project / "migrations")
    out = tmp / "reports"
    args = ["--no-spec"] if "--spec" not in extra else []
    r = schema_auditor(
        "audit",
        "--dsn",
        live_dsn,
        *args,
        *extra,
        "--shadow",
        "dsn",
        "--shadow-dsn",
        server.admin_dsn,
        "--format",
        "json",
        "--out",
        str(out),
        cwd=project,
    )
    assert r.returncode in (0, 1) and (out / "audit.json").is_file(), r.stdout + r.stderr
    findings: list[dict[str, Any]] = json.loads((out / "audit.json").read_text())["findings"]
    return findings


def drift(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for f in findings if f["category"] in ("drift", "source")]


def execute(dsn: str, *statements: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        for st in statements:
            conn.execute(st.encode())


PROJECT_FOLDERS = [
    EXAMPLE,
    *sorted(p / "migrations" for p in PROJECTS.iterdir() if (p / "migrations").is_dir()),
]


@pytest.mark.parametrize(
    "folder", PROJECT_FOLDERS, ids=lambda p: p.parent.name if p != EXAMPLE else "example"
)
def test_projects_audit_clean_against_a_live_built_like_the_cli(
    server: Any, live: str, folder: Path, tmp_path: Path
) -> None:
    apply_like_the_cli(live, folder)
    found = audit(server, live, folder, tmp_path)
    assert drift(found) == [], json.dumps(drift(found), indent=1)[:3000]
    # auth.users is a host, and still keyed by id for the rules (no SEC018 on references to it)
    assert not [f for f in found if f["code"] == "SEC018"], [
        f["message"] for f in found if f["code"] == "SEC018"
    ]


def test_dropped_storage_policy_and_auth_trigger_are_found_and_attributed(
    server: Any, live: str, tmp_path: Path
) -> None:
    apply_like_the_cli(live, NOTES_APP)
    execute(
        live,
        'drop policy "Users read their own attachments" on storage.objects',
        "drop trigger on_auth_user_created on auth.users",
        # a hand-made policy that lets anyone write: drift, and the rules see it like any policy
        "create policy open_uploads on storage.objects for insert to authenticated with check (true)",
        "create index objects_owner_idx on storage.objects (owner)",
        "grant select on auth.users to authenticated",
    )
    found = audit(server, live, NOTES_APP, tmp_path)
    by_object = {(f["object"], f["kind"]): f for f in drift(found)}
    expected = {
        ('policy:storage.objects."Users read their own attachments"', "missing"),
        ("trigger:auth.users.on_auth_user_created", "missing"),
        ("policy:storage.objects.open_uploads", "unexpected"),
        ("index:storage.objects.objects_owner_idx", "unexpected"),
        ("table:auth.users", "changed"),  # the grant
    }
    assert set(by_object) == expected, json.dumps(drift(found), indent=1)[:3000]
    for key in expected:
        assert by_object[key]["attribution"] == "changed outside migrations", by_object[key]
    assert "privileges" in by_object[("table:auth.users", "changed")]["changes"]
    rule_objects = {f["object"] for f in found if f["category"] == "rule"}
    assert "policy:storage.objects.open_uploads" in rule_objects  # a policy on storage.objects is a policy
    # each finding's fix SQL brings live back to the migrations: nothing is left
    execute(live, *(f["fix_sql"] for f in drift(found)))
    again = audit(server, live, NOTES_APP, tmp_path / "again")
    assert drift(again) == [], json.dumps(drift(again), indent=1)[:3000]


def test_platform_owned_objects_changed_in_live_are_not_the_projects_drift(
    server: Any, live: str, tmp_path: Path
) -> None:
    apply_like_the_cli(live, NOTES_APP)
    execute(
        live,
        # another platform version: more columns and tables, indexes and triggers of its own (names
        # the pinned manifest knows), its comments and grants
        "alter table auth.users add column is_platform_new boolean",
        "create table auth.platform_next (id uuid primary key, user_id uuid references auth.users)",
        "create index if not exists objects_bucket_id_level_idx on storage.objects (bucket_id)",
        "create or replace function storage.sa_h3_touch() returns trigger language plpgsql as "
        "$$ begin new.updated_at = now(); return new; end $$",
        "create trigger objects_insert_create_prefix before insert on storage.objects "
        "for each row execute function storage.sa_h3_touch()",
        "comment on table auth.users is null",
        "grant all on auth.users to dashboard_user",
        "revoke all on auth.users from postgres",
        # the platform's own function and index changed
        "create or replace function auth.uid() returns uuid language sql stable as "
        "$$ select nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $$",
        "drop index storage.bucketid_objname",
    )
    found = audit(server, live, NOTES_APP, tmp_path)
    assert drift(found) == [], json.dumps(drift(found), indent=1)[:3000]


def test_spec_declares_policies_on_storage_objects(server: Any, live: str, tmp_path: Path) -> None:
    """A spec may declare the project's objects on platform tables; one it leaves out of a strict
    spec is a finding against the spec."""
    apply_like_the_cli(live, NOTES_APP)
    spec = tmp_path / "expected_schema.yaml"
    spec.write_text(
        "version: 1\nplatform: supabase\nschemas:\n  storage:\n    tables:\n      objects:\n"
        "        policies:\n"
        '          "Avatar images are publicly accessible.":\n'
        "            for: select\n            using: bucket_id = 'avatars'\n"
        '          "Anyone can upload an avatar.":\n'
        "            for: insert\n            with_check: bucket_id = 'avatars'\n"
        '          "Someone else\'s policy":\n'
        "            for: select\n            using: 'false'\n"
    )
    found = audit(server, live, NOTES_APP, tmp_path, "--spec", str(spec))
    objects = {(f["object"], f["attribution"]) for f in drift(found)}
    assert objects == {('policy:storage.objects."Someone else\'s policy"', "spec out of date")}, objects


def test_snapshot_spec_and_schema_filter(server: Any, live: str, tmp_path: Path) -> None:
    """A spec snapshotted from the live database (auth.users with its columns, the platform's
    indexes and triggers) holds the same hosts as the other sides once scoped: a policy dropped in
    live since is live's change; --include-schema public leaves the platform's tables out."""
    apply_like_the_cli(live, NOTES_APP)
    spec = tmp_path / "expected_schema.yaml"
    r = schema_auditor("snapshot", "--dsn", live, "-o", str(spec))
    assert r.returncode == 0, r.stderr
    execute(live, 'drop policy "Anyone can upload an avatar." on storage.objects')
    found = audit(server, live, NOTES_APP, tmp_path, "--spec", str(spec))
    objects = {(f["object"], f["kind"], f["attribution"]) for f in drift(found)}
    assert objects == {
        ('policy:storage.objects."Anyone can upload an avatar."', "missing", "changed outside migrations")
    }, objects
    found = audit(server, live, NOTES_APP, tmp_path / "filtered", "--include-schema", "public")
    assert drift(found) == [], json.dumps(drift(found), indent=1)[:3000]


def test_strict_spec_that_omits_a_storage_policy_is_out_of_date(
    server: Any, live: str, tmp_path: Path
) -> None:
    """The repo's example (a strict spec) with one more migration, a policy on storage.objects the
    spec does not list: that policy is the finding ('spec out of date'), not the storage schema."""
    folder = tmp_path / "migrations"
    shutil.copytree(EXAMPLE, folder)
    (folder / "20250101000000_avatars.sql").write_text(
        "create policy avatars_read on storage.objects for select to authenticated "
        "using (bucket_id = 'avatars');\n"
    )
    apply_like_the_cli(live, folder)
    found = audit(server, live, folder, tmp_path, "--spec", str(ROOT / "expected_schema.yaml"))
    objects = {(f["object"], f["attribution"]) for f in drift(found)}
    assert objects == {("policy:storage.objects.avatars_read", "spec out of date")}, objects


def test_manifest_is_pinned_with_the_shadows_platform() -> None:
    """The manifest names the platform version platform.sql is generated from, and every entry
    is one the loader reads (schema.table keys, known kinds, table privileges)."""
    folder = resources.files("auditor.shadow").joinpath("supabase")
    manifest = json.loads(folder.joinpath("platform_objects.json").read_text(encoding="utf-8"))
    header = folder.joinpath("platform.sql").read_text(encoding="utf-8")[:2000]
    for repo, commit in manifest["pinned"].items():
        assert len(commit) == 40 and (f"{repo}@" not in header or f"{repo}@{commit}" in header), repo
    assert all(f"{repo}@" in header for repo in ("supabase/auth", "supabase/storage")), header
    privileges = TABLE_ALL | {"ALL"}
    for key, entry in manifest["tables"].items():
        schema, _, table = key.partition(".")
        assert schema in HOST_SCHEMAS and table, key
        assert set(entry) <= {"indexes", "triggers", "policies", "comments", "grants", "rls"}, key
        assert all(set(p) <= privileges for p in entry.get("grants", {}).values()), key


def test_a_host_keeps_only_the_projects_objects() -> None:
    own = supabase_ownership()
    users = Relation(
        schema="auth",
        name="users",
        owner="supabase_auth_admin",
        comment="Auth: Stores user login data within a secure schema.",
        columns=FrozenMap({"id": Column(name="id", type="uuid")}),
        constraints=FrozenMap(
            {"users_pkey": Constraint(name="users_pkey", kind="primary key", columns=("id",))}
        ),
        indexes=FrozenMap(
            {
                "users_pkey": Index(name="users_pkey", keys=("id",), constraint="users_pkey"),
                "users_instance_id_idx": Index(name="users_instance_id_idx", keys=("instance_id",)),
                "users_by_phone": Index(name="users_by_phone", keys=("phone",)),
            }
        ),
        triggers=FrozenMap({"on_auth_user_created": Trigger(name="on_auth_user_created")}),
        privileges=frozenset(
            {
                Grant("dashboard_user", "SELECT"),
                Grant("postgres", "UPDATE", grantable=True),
                Grant("authenticated", "SELECT"),
            }
        ),
        rls_enabled=True,
    )
    h = host(users, own)
    assert (h.owner, h.comment, dict(h.columns), list(h.constraints)) == (None, None, {}, ["users_pkey"])
    assert set(h.indexes) == {"users_by_phone"} and set(h.triggers) == {"on_auth_user_created"}
    assert h.privileges == {Grant("authenticated", "SELECT")} and h.rls_enabled
    objects = Relation(schema="storage", name="objects", privileges=frozenset({Grant("anon", "SELECT")}))
    assert not carries_project_objects(host(objects, own))  # storage's tables are the API roles' already


def test_a_partitioned_platform_table_hosts_as_a_table_and_its_partitions_do_not() -> None:
    """realtime.messages is partitioned by day in some platform versions, a plain table in others:
    the project's policy on it compares the same, and the daily partitions are no hosts."""
    policy = Policy(name="members_read", command="SELECT", roles=frozenset({"authenticated"}), using="true")
    realtime = Schema(
        name="realtime",
        relations=FrozenMap(
            {
                "messages": Relation(
                    schema="realtime",
                    name="messages",
                    kind="partitioned table",
                    partition_key="RANGE (inserted_at)",
                    policies=FrozenMap({"members_read": policy}),
                ),
                "messages_2025_01_01": Relation(
                    schema="realtime",
                    name="messages_2025_01_01",
                    partition_of="realtime.messages",
                    privileges=frozenset({Grant("sa_h3_reporting", "SELECT")}),
                ),
            }
        ),
    )
    shell = host_schema(realtime, supabase_ownership())
    assert shell is not None and list(shell.relations) == ["messages"]
    plain = Relation(schema="realtime", name="messages", policies=FrozenMap({"members_read": policy}))
    assert shell.relations["messages"] == host(plain, supabase_ownership())
