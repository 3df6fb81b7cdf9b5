"""Platform detection and the stand-in extensions (no database needed; replay tests cover the rest)."""

from __future__ import annotations

import re

import pytest

from auditor.errors import UsageError
from auditor.shadow.platform import (
    SUPABASE_OFFERED,
    SUPABASE_SCHEMAS,
    detect_platform,
    platform_exclusions,
    resolve_platform,
    standin_names,
    standin_script,
)

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
