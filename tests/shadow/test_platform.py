"""Platform detection and the stand-in extensions (no database needed; replay tests cover the rest)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import psycopg
import pytest

from auditor.errors import MigrationError, UsageError
from auditor.shadow import open_shadow, replay
from auditor.shadow.platform import (
    SUPABASE_OFFERED,
    SUPABASE_SCHEMAS,
    detect_platform,
    platform_exclusions,
    resolve_platform,
    standin_names,
    standin_script,
)
from tests.shadow.providers import shadow_params

DETECT = {
    "create policy p on t for select to authenticated using (owner = (select auth.uid()));": "supabase",
    'ALTER TABLE ONLY "public"."a" ADD FOREIGN KEY ("u") REFERENCES "auth"."users"("id");': "supabase",
    "insert into storage.buckets (id, name) values ('a', 'a');": "supabase",
    'GRANT ALL ON TABLE "public"."t" TO "service_role";': "supabase",
    "create extension if not exists pg_net;": "supabase",
    'create extension if not exists "uuid-ossp" with schema extensions;': "supabase",
    "alter publication supabase_realtime add table public.t;": "supabase",
    "create table t (a int);\ngrant select on t to reporting;": "none",
    "-- the authority.users table is elsewhere\nselect 1;": "none",
    "create table authors (id int); create table storage_objects (id int);": "none",
}


@pytest.mark.parametrize("source", sorted(DETECT))
def test_detect_platform(source: str) -> None:
    assert detect_platform([source]) == DETECT[source]


def test_resolve_and_exclusions() -> None:
    assert resolve_platform("auto", ["select auth.uid()"]).name == "supabase"
    assert resolve_platform("none", ["select auth.uid()"]).name == "none"
    with pytest.raises(UsageError):
        resolve_platform("firebase", [])
    assert set(platform_exclusions("supabase", None)) == SUPABASE_SCHEMAS
    assert platform_exclusions("none", None) == ()
    assert platform_exclusions("auto", ["create table t (a int);"]) == ()


def test_every_standin_is_a_platform_extension_with_a_script() -> None:
    names = standin_names()
    assert {
        "pg_net",
        "pg_cron",
        "supabase_vault",
        "pgmq",
        "http",
        "pg_graphql",
        "uuid-ossp",
        "pgcrypto",
    } <= names
    assert names <= SUPABASE_OFFERED
    for name in names:
        script = standin_script(name, "extensions")
        assert "@extschema@" not in script
        assert re.search(r"create\s+(or\s+replace\s+)?(function|table|view)", script, re.I), name


def test_standin_script_uses_the_chosen_schema() -> None:
    assert 'CREATE OR REPLACE FUNCTION "extensions".uuid_generate_v4()' in standin_script(
        "uuid-ossp", "extensions"
    )
    # pg_net always lives in net, whatever WITH SCHEMA says
    assert "CREATE SCHEMA IF NOT EXISTS net" in standin_script("pg_net", "extensions")


# --- the profile on real servers: the embedded 18 (default shadow) and every SCHEMA_AUDITOR_TEST_DSN


@pytest.fixture(scope="module", params=shadow_params())
def provider(request: pytest.FixtureRequest) -> tuple[str, dict[str, Any]]:
    return request.param  # type: ignore[no-any-return]


def _replay(
    provider: tuple[str, dict[str, Any]], tmp_path: Path, files: dict[str, str], query: str
) -> list[Any]:
    """Replay ``files`` (name -> SQL) with the supabase profile; the rows of ``query`` on the shadow."""
    folder = tmp_path / "migrations"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    name, kw = provider
    with open_shadow(name, **kw) as shadow:
        replay(folder, shadow, platform="supabase")
        with psycopg.connect(shadow.dsn, autocommit=True) as conn:
            return conn.execute(query).fetchall()  # type: ignore[arg-type]


# Each case: migration files, a query on the shadow after replay, its rows.
EXTENSION_CASES: dict[str, tuple[dict[str, str], str, list[tuple[Any, ...]]]] = {
    "pgmq into the schema the migration made (Supabase's queue toggle)": (
        {
            "1_q.sql": 'create schema if not exists "pgmq";\n'
            'create extension if not exists "pgmq" with schema "pgmq" version \'1.4.4\';\n'
            "create extension if not exists pgmq;\n"
            "select pgmq.create('jobs');\n"
            "alter table pgmq.q_jobs enable row level security;\n"
            'grant select on table "pgmq"."meta" to "service_role";\n'
        },
        "SELECT e.extname, n.nspname, c.relrowsecurity FROM pg_extension e"
        " JOIN pg_namespace n ON n.oid = e.extnamespace, pg_class c"
        " WHERE e.extname = 'pgmq' AND c.oid = 'pgmq.q_jobs'::regclass",
        [("pgmq", "pgmq", True)],
    ),
    "DROP EXTENSION drops a stand-in's objects, and it can be made again": (
        {
            "1_a.sql": "create extension pgmq;\ncreate extension hypopg with schema extensions;\n",
            "2_b.sql": "drop extension pgmq;\ndrop extension hypopg;\n"
            "create extension hypopg with schema public;\n",
        },
        "SELECT (SELECT count(*) FROM pg_extension WHERE extname = 'pgmq'),"
        " (SELECT count(*) FROM pg_proc WHERE proname = 'create'"
        " AND pronamespace::regnamespace::text = 'pgmq'),"
        " (SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'hypopg')",
        [(0, 0, "public")],
    ),
    "wrappers, index_advisor, plpgsql_check, timescaledb: as projects use them": (
        {
            "1_x.sql": 'CREATE EXTENSION IF NOT EXISTS "wrappers" WITH SCHEMA "extensions";\n'
            "create extension if not exists hypopg with schema extensions;\n"
            "create extension if not exists index_advisor with schema extensions;\n"
            "create extension if not exists plpgsql_check;\n"
            "create extension if not exists timescaledb with schema extensions;\n"
            "create table public.ev (time timestamptz not null, v int);\n"
            "select create_hypertable('public.ev', 'time', chunk_time_interval => interval '7 days');\n"
            "create function public.b(t timestamptz) returns timestamptz language sql"
            " as $$ select time_bucket('1 day', t) $$;\n"
        },
        "SELECT string_agg(extname, ',' ORDER BY extname), (SELECT pg_get_indexdef(i.indexrelid)"
        " FROM pg_index i WHERE i.indrelid = 'public.ev'::regclass) FROM pg_extension"
        " WHERE extname IN ('wrappers', 'hypopg', 'index_advisor', 'plpgsql_check', 'timescaledb')",
        [
            (
                "hypopg,index_advisor,plpgsql_check,timescaledb,wrappers",
                'CREATE INDEX ev_time_idx ON public.ev USING btree ("time" DESC)',
            )
        ],
    ),
    "vector with hnsw and ivfflat indexes and their options, on every server": (
        {
            "1_v.sql": "create extension if not exists vector with schema extensions;\n"
            "create table public.docs (id bigint primary key, embedding extensions.vector(3));\n"
            "create index on public.docs using hnsw (embedding extensions.vector_cosine_ops)"
            " with (m = 16, ef_construction = 64);\n"
            "create index docs_l2 on public.docs using ivfflat (embedding extensions.vector_l2_ops)"
            " with (lists = 100);\n"
            "create function public.near(q extensions.vector(3)) returns setof public.docs language sql"
            " as $$ select * from public.docs order by embedding operator(extensions.<=>) q limit 5 $$;\n"
        },
        "SELECT format_type(a.atttypid, a.atttypmod), array_agg(pg_get_indexdef(i.indexrelid) ORDER BY 1)"
        " FROM pg_attribute a JOIN pg_index i ON i.indrelid = a.attrelid AND NOT i.indisprimary"
        " WHERE a.attrelid = 'public.docs'::regclass AND a.attname = 'embedding' GROUP BY 1",
        [
            (
                "extensions.vector(3)",
                [
                    "CREATE INDEX docs_embedding_idx ON public.docs USING hnsw"
                    " (embedding extensions.vector_cosine_ops) WITH (m='16', ef_construction='64')",
                    "CREATE INDEX docs_l2 ON public.docs USING ivfflat (embedding) WITH (lists='100')",
                ],
            )
        ],
    ),
    "wrappers: a Stripe wrapper, its server and a foreign table, as Supabase's docs write them": (
        {
            "1_w.sql": "create extension if not exists wrappers with schema extensions;\n"
            "create foreign data wrapper stripe_wrapper handler stripe_fdw_handler"
            " validator stripe_fdw_validator;\n"
            "create server stripe_server foreign data wrapper stripe_wrapper options (api_key_id 'k');\n"
            "create schema stripe;\n"
            "create foreign table stripe.customers (id text, email text) server stripe_server"
            " options (object 'customers');\n"
        },
        "SELECT w.fdwname, w.fdwhandler = 0, w.fdwvalidator::regproc::text, s.srvname, c.relkind"
        " FROM pg_foreign_data_wrapper w JOIN pg_foreign_server s ON s.srvfdw = w.oid,"
        " pg_class c WHERE c.oid = 'stripe.customers'::regclass",
        [("stripe_wrapper", True, "extensions.stripe_fdw_validator", "stripe_server", "f")],
    ),
    "ALTER ROLE authenticator SET pgrst.*: PostgREST's settings, for this database only": (
        {"1_r.sql": "alter role authenticator set pgrst.db_aggregates_enabled to 'true';\n"},
        "SELECT s.setconfig FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole"
        " WHERE r.rolname = 'authenticator' AND s.setdatabase = (SELECT oid FROM pg_database"
        " WHERE datname = current_database())",
        [(["pgrst.db_aggregates_enabled=true"],)],
    ),
    "the platform's auth and storage tables, as the pinned version has them": (
        {"1_p.sql": "create table public.f (id uuid references auth.mfa_factors (id));\n"},
        "SELECT count(*) FILTER (WHERE c.relname IN ('mfa_factors', 'schema_migrations', 'flow_state',"
        " 'one_time_tokens', 'sso_providers', 'objects', 'buckets', 's3_multipart_uploads')) FROM pg_class c"
        " WHERE c.relnamespace::regnamespace::text IN ('auth', 'storage') AND c.relkind = 'r'",
        [(8,)],
    ),
}


@pytest.mark.parametrize("case", sorted(EXTENSION_CASES))
def test_platform_on_real_servers(case: str, provider: tuple[str, dict[str, Any]], tmp_path: Path) -> None:
    files, query, rows = EXTENSION_CASES[case]
    assert [tuple(r) for r in _replay(provider, tmp_path, files, query)] == rows


def test_pgmq_with_another_schema_is_refused_as_the_server_refuses_it(
    provider: tuple[str, dict[str, Any]], tmp_path: Path
) -> None:
    with pytest.raises(MigrationError) as e:
        _replay(
            provider, tmp_path, {"1_q.sql": "create extension pgmq with schema extensions;\n"}, "SELECT 1"
        )
    assert 'must be installed in schema "pgmq"' in str(e.value)
    assert e.value.location is not None and e.value.location.line == 1


def test_an_extension_nobody_has_is_named_with_its_file_line_and_a_hint(
    provider: tuple[str, dict[str, Any]], tmp_path: Path
) -> None:
    files = {
        "1_a.sql": "create table t (a int);\n\ncreate extension if not exists rum with schema extensions;\n"
    }
    with pytest.raises(MigrationError) as e:
        _replay(provider, tmp_path, files, "SELECT 1")
    assert "rum" in str(e.value) and e.value.location is not None and e.value.location.line == 3
    assert e.value.hint


def test_every_standin_is_created_and_listed_on_every_server(
    provider: tuple[str, dict[str, Any]], tmp_path: Path
) -> None:
    names = sorted(standin_names())
    text = "".join(f'create extension if not exists "{n}";\n' for n in names)
    rows = _replay(provider, tmp_path, {"1_all.sql": text}, "SELECT extname FROM pg_extension")
    assert set(names) <= {r[0] for r in rows}


def test_the_standins_a_replay_used_are_said(provider: tuple[str, dict[str, Any]], tmp_path: Path) -> None:
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "1_a.sql").write_text(
        "create extension if not exists vector with schema extensions;\n"
        "create extension if not exists pgmq;\n"
    )
    name, kw = provider
    with open_shadow(name, **kw) as shadow:
        replay(folder, shadow, platform="supabase")
        with psycopg.connect(shadow.dsn, autocommit=True) as conn:
            real_vector = conn.execute(
                "SELECT 1 FROM pg_available_extensions WHERE name = 'vector'"
            ).fetchone()
        said = [n for n in shadow.notes if "stand-ins" in n]
    assert len(said) == 1 and "pgmq" in said[0]
    assert ("vector" in said[0]) is (real_vector is None)  # the embedded 18 has pgvector, 15 has not
