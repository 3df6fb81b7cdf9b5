"""Replay of migration folders into real shadow databases (embedded PostgreSQL 18 and every
SCHEMA_AUDITOR_TEST_DSN server through the dsn provider)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import psycopg
import pytest

from auditor.errors import MigrationError
from auditor.shadow import open_shadow, replay
from auditor.shadow.catalog import introspect_shadow
from tests.shadow.providers import shadow_params

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
MIGRATIONS = ROOT / "migrations"
PROJECTS = sorted(p.name for p in (HERE / "projects").iterdir() if (p / "migrations").is_dir())
FAILING = sorted(p.name for p in (HERE / "failing").iterdir() if (p / "expected.json").is_file())

SEED_FILES = [
    "20241201000001_initial_schema.sql",
    "20241201000004_complete_rls_setup.sql",
    "20241201000005_add_job_status_safe.sql",
    "20241201000006_add_artifact_metadata_safe.sql",
    "20241201000007_verify_setup.sql",
]


@pytest.fixture(scope="module", params=shadow_params())
def provider(request: pytest.FixtureRequest) -> tuple[str, dict[str, Any]]:
    return request.param  # type: ignore[no-any-return]


def _one(dsn: str, query: str) -> Any:
    with psycopg.connect(dsn, autocommit=True) as c:
        row = c.execute(query).fetchone()  # type: ignore[arg-type]
        return row[0] if row else None


def test_seed_migrations_replay_to_the_seed_schema(provider: tuple[str, dict[str, Any]]) -> None:
    name, kw = provider
    with open_shadow(name, **kw) as shadow:
        result = replay(MIGRATIONS, shadow)
        assert list(result.applied) == SEED_FILES
        assert result.platform == "supabase"  # detected from auth.uid() and the API roles
        cat = introspect_shadow(shadow, result)
    public = cat.schemas["public"]
    assert sorted(public.relations) == ["artifacts", "job_events", "jobs", "prompts"]
    assert all(r.rls_enabled for r in public.relations.values())
    jobs = public.relations["jobs"]
    assert jobs.columns["status"].default is not None and "pending" in jobs.columns["status"].default
    assert "jobs_status_check" in jobs.constraints
    assert set(jobs.policies) == {f"jobs_owner_{c}" for c in ("select", "insert", "update", "delete")}
    for table in ("job_events", "artifacts"):
        fks = [c for c in public.relations[table].constraints.values() if c.kind == "foreign key"]
        assert [(f.columns, f.references.table if f.references else None, f.on_delete) for f in fks] == [
            (("run_id",), "public.jobs", "cascade")
        ]
    assert set(public.relations["artifacts"].columns) >= {"meta", "file_size", "content_type", "checksum"}
    assert set(public.relations["prompts"].policies) == {"prompts_authenticated_select"}
    # platform objects are left out
    assert set(cat.schemas) == {"public"}
    assert "anon" not in cat.roles


def test_safe_migrations_twice_change_nothing(provider: tuple[str, dict[str, Any]], tmp_path: Path) -> None:
    name, kw = provider
    again = tmp_path / "again"
    again.mkdir()
    for f in SEED_FILES[2:4]:
        shutil.copy(MIGRATIONS / f, again / f)
    with open_shadow(name, **kw) as shadow:
        first = replay(MIGRATIONS, shadow)
        before = introspect_shadow(shadow, first)
        second = replay(again, shadow, platform="supabase")
        assert list(second.applied) == SEED_FILES[2:4]
        after = introspect_shadow(shadow, second)
    assert before == after


def test_verify_setup_names_a_dropped_policy(provider: tuple[str, dict[str, Any]], tmp_path: Path) -> None:
    name, kw = provider
    verify = tmp_path / "verify"
    verify.mkdir()
    shutil.copy(MIGRATIONS / SEED_FILES[-1], verify / SEED_FILES[-1])
    with open_shadow(name, **kw) as shadow:
        replay(MIGRATIONS, shadow)
        replay(verify, shadow, platform="supabase")  # passes on the complete setup
        with psycopg.connect(shadow.dsn, autocommit=True) as c:
            c.execute("DROP POLICY jobs_owner_update ON public.jobs")
            c.execute("DROP INDEX public.idx_jobs_status")
        with pytest.raises(MigrationError) as err:
            replay(verify, shadow, platform="supabase")
    text = str(err.value)
    assert SEED_FILES[-1] in text
    assert "policy jobs_owner_update on public.jobs" in text
    assert "index idx_jobs_status on public.jobs" in text
    assert err.value.location is not None and err.value.location.line == 9  # the DO block


@pytest.mark.parametrize("project", PROJECTS)
def test_sample_supabase_projects_apply(provider: tuple[str, dict[str, Any]], project: str) -> None:
    name, kw = provider
    folder = HERE / "projects" / project / "migrations"
    with open_shadow(name, **kw) as shadow:
        result = replay(folder, shadow)
        cat = introspect_shadow(shadow, result)
    assert result.platform == "supabase"
    assert list(result.applied) == sorted(p.name for p in folder.glob("*.sql"))
    assert "public" in cat.schemas and cat.schemas["public"].relations
    assert not set(cat.schemas) & {"extensions", "net", "cron", "vault"}
    # auth's and storage's tables are there only as hosts of the project's objects (issue 14 item 3)
    for name in set(cat.schemas) & {"auth", "storage", "realtime"}:
        for rel in cat.schemas[name].relations.values():
            assert not rel.columns and (rel.policies or rel.triggers or rel.indexes or rel.privileges), rel
    if project == "notes_app":
        assert len(cat.schemas["storage"].relations["objects"].policies) == 4
        assert set(cat.schemas["auth"].relations["users"].triggers) == {"on_auth_user_created"}


@pytest.mark.parametrize("case", FAILING)
def test_failing_migration_names_file_and_line(provider: tuple[str, dict[str, Any]], case: str) -> None:
    name, kw = provider
    folder = HERE / "failing" / case
    expected = json.loads((folder / "expected.json").read_text())
    with open_shadow(name, **kw) as shadow:
        with pytest.raises(MigrationError) as err:
            replay(folder, shadow, platform=expected.get("platform", "none"))
        # the failing file ran in one transaction: nothing of it is left
        for rel in expected.get("absent", []):
            assert _one(shadow.dsn, f"SELECT to_regclass('{rel}')::text") is None
    loc = err.value.location
    assert loc is not None
    assert Path(loc.file).name == expected["file"]
    assert loc.line == expected["line"]
    for part in expected["message"]:
        assert part in str(err.value)


def test_profile_features_on_each_server(provider: tuple[str, dict[str, Any]], tmp_path: Path) -> None:
    """What Supabase migrations take for granted, one file each, applied in order."""
    name, kw = provider
    files = {
        "1_policy_auth_uid.sql": """
            create table public.items (id bigint primary key, owner uuid default auth.uid());
            alter table public.items enable row level security;
            create policy own on public.items for select to authenticated using (owner = (select auth.uid()));
        """,
        "2_fk_auth_users.sql": "alter table public.items add foreign key (owner) references auth.users (id);",
        "3_storage_policy.sql": """
            create policy folder on storage.objects for select to authenticated
            using ((storage.foldername(name))[1] = auth.uid()::text);
        """,
        "4_uuid_ossp.sql": "alter table items add column x uuid default extensions.uuid_generate_v4();",
        "5_pg_net.sql": "create extension pg_net;\nselect net.http_get('https://example.com');",
        # Supabase's database is always "postgres": aimed at the shadow, never at another database
        "6_database.sql": "alter database postgres set \"app.site_url\" = 'https://x.test';\n"
        "comment on database postgres is 'the app';",
        # an auth hook in plv8 (not on stock servers): the language exists, the body is kept
        "7_plv8.sql": "create extension plv8;\n"
        "create function public.hook(event jsonb) returns jsonb language plv8 as $$ return event; $$;\n"
        "grant execute on function public.hook to supabase_auth_admin;",
    }
    for fname, body in files.items():
        (tmp_path / fname).write_text(body)
    with open_shadow(name, **kw) as shadow:
        result = replay(tmp_path, shadow)
        assert result.platform == "supabase"
        assert _one(shadow.dsn, "SELECT extensions.uuid_generate_v4() IS NOT NULL") is True
        assert _one(shadow.dsn, "SELECT current_setting('app.site_url', true)") == "https://x.test"
        assert (
            _one(
                shadow.dsn,
                "SELECT l.lanname FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang "
                "WHERE p.proname = 'hook'",
            )
            == "plv8"
        )
        assert (
            _one(
                shadow.dsn,
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                "WHERE datname = current_database()",
            )
            == "the app"
        )
        # the claim functions read what PostgREST sets
        with psycopg.connect(shadow.dsn, autocommit=True) as c:
            claims = (
                '{"sub": "00000000-0000-0000-0000-000000000001", "role": "authenticated", "email": "a@b.c"}'
            )
            c.execute("SELECT set_config('request.jwt.claims', %s, false)", (claims,))
            row = c.execute(
                "SELECT auth.uid()::text, auth.role(), auth.email(), auth.jwt() ->> 'sub'"
            ).fetchone()
        assert row == (
            "00000000-0000-0000-0000-000000000001",
            "authenticated",
            "a@b.c",
            "00000000-0000-0000-0000-000000000001",
        )


def test_concurrently_and_authored_transactions(provider: tuple[str, dict[str, Any]], tmp_path: Path) -> None:
    name, kw = provider
    (tmp_path / "1_t.sql").write_text("create table t (a int, b int);\ninsert into t values (1, 2);\n")
    (tmp_path / "2_idx.sql").write_text(
        "-- on its own, outside the file's transaction\ncreate index concurrently t_a on t (a);\n"
        "create unique index concurrently if not exists t_b on t (b);\nanalyze t;\n"
    )
    (tmp_path / "3_tx.sql").write_text("begin;\ncreate table u (a int);\ncommit;\nvacuum t;\n")
    (tmp_path / "4_set.sql").write_text("set search_path = nowhere;\n")
    (tmp_path / "5_after.sql").write_text(
        "create table v (a int) -- search_path was reset between files\n;\ncreate table w (a int);\n"
    )
    (tmp_path / "notes.txt").write_text("not a migration")
    with open_shadow(name, **kw) as shadow:
        result = replay(tmp_path, shadow, platform="none")
        assert (
            _one(
                shadow.dsn,
                "SELECT count(*) FROM pg_index WHERE indrelid = 'public.t'::regclass AND indisvalid",
            )
            == 2
        )
        # shadow.dsn is a superuser session pinned to search_path = pg_catalog: names come qualified
        assert _one(shadow.dsn, "SELECT to_regclass('public.v')::text") == "public.v"
        assert _one(shadow.dsn, "SELECT to_regclass('public.w')::text") == "public.w"
    assert [s.name for s in result.skipped] == ["notes.txt"]
    assert result.statements == 12


def test_seed_catalog_equals_expected_schema(provider: tuple[str, dict[str, Any]]) -> None:
    from auditor.compare import diff
    from auditor.spec import load_spec, load_spec_text

    name, kw = provider
    spec_path = ROOT / "expected_schema.yaml"
    spec = load_spec(spec_path)
    assert spec.strict and spec.platform == "supabase"
    with open_shadow(name, **kw) as shadow:
        result = replay(MIGRATIONS, shadow, platform=spec.platform)
        actual = introspect_shadow(shadow, result)
    assert diff(spec.catalog, actual) == []
    # and the comparison does see a difference when there is one
    wrong = spec_path.read_text().replace("idx_jobs_status:", "idx_jobs_state:")
    assert diff(load_spec_text(wrong, "wrong.yaml").catalog, actual) != []
