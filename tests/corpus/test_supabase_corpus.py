"""Real Supabase projects' migration folders (tests/corpus/supabase/, see fetch.py): each replays on
the default shadow (the embedded PostgreSQL 18) and on every SCHEMA_AUDITOR_TEST_DSN server (the
PostgreSQL 15 service, through the dsn shadow), and audits clean against a live database built
from the same folder as the Supabase CLI builds one (tests/corpus/livebuild.py, not our replay).

A file that cannot replay for reasons of the project's own is listed in its MANIFEST.toml under
[expected_failures] with the reason; the test then expects that failure, at that file."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.commands import schema_auditor
from tests.corpus.livebuild import build_live, cli_files
from tests.servers import Server

CORPUS = Path(__file__).parent / "supabase"
PROJECTS = sorted(p.name for p in CORPUS.iterdir() if (p / "MANIFEST.toml").is_file())


def manifest(project: str) -> dict[str, Any]:
    return tomllib.loads((CORPUS / project / "MANIFEST.toml").read_text(encoding="utf-8"))


def test_the_corpus_is_ten_permissive_projects_pinned() -> None:
    assert len(PROJECTS) >= 10
    excluded = {  # issue 14: the independent check, never part of this corpus
        "vercel/nextjs-subscription-payments", "makerkit/nextjs-saas-starter-kit-lite",
        "usebasejump/basejump", "supabase-community/chatgpt-your-files", "midday-ai/midday",
        "Zeta611/easyword", "mckaywrigley/chatbot-ui", "supabase/dbdev", "QuivrHQ/quivr",
        "sequentialtheories/sequence-theory", "Cap-go/capgo",
    }  # fmt: skip
    for project in PROJECTS:
        m = manifest(project)
        assert m["repo"].replace("/", "__") == project and m["repo"] not in excluded
        assert len(m["commit"]) == 40
        assert m["licence"] in {"MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause"}
        assert (CORPUS / project / "LICENSE").stat().st_size > 0
        assert cli_files(CORPUS / project / "migrations")


@pytest.mark.parametrize("project", PROJECTS)
def test_replays_and_audits_clean_against_a_cli_built_live(
    project: str, server: Server, tmp_path: Path
) -> None:
    folder = CORPUS / project / "migrations"
    expected = manifest(project).get("expected_failures", {})
    # The default shadow on 18 (its own embedded server); the server itself through the dsn shadow
    # otherwise (PostgreSQL 15).
    shadow = ["--shadow", "embedded"]
    if server.major < 18:
        shadow = ["--shadow", "dsn", "--shadow-dsn", server.admin_dsn]
    with server.fresh_database(f"corpus_{project}") as live:
        if not expected:
            build_live(live, folder)
        run = schema_auditor(
            "audit", "--no-spec", "--migrations", str(folder), *(["--dsn", live] if not expected else []),
            "--platform", "supabase", "--no-rules", *shadow, "--format", "json", "--out", str(tmp_path),
        )  # fmt: skip
    if expected:
        assert run.returncode == 2, run.stdout + run.stderr
        assert any(name in run.stderr for name in expected), run.stderr
        return
    assert run.returncode == 0, run.stdout + run.stderr
    doc = json.loads((tmp_path / "audit.json").read_text())
    assert doc["verdict"] == "clean", [f["message"] for f in doc["findings"]]
    assert not [f for f in doc["findings"] if f["category"] == "drift"]


def test_a_policy_dropped_in_the_cli_built_live_is_found(server: Server, tmp_path: Path) -> None:
    """The comparison above can fail: the same live database, one policy dropped by hand, is drift
    changed outside migrations (the history says the file that made it was applied)."""
    folder = CORPUS / "supabase-community__vercel-ai-chatbot" / "migrations"
    with server.fresh_database("corpus_drift") as live:
        build_live(live, folder)
        with psycopg.connect(live, autocommit=True) as conn:
            conn.execute('drop policy "Allow public read for shared chats" on public.chats')
        run = schema_auditor(
            "audit", "--no-spec", "--migrations", str(folder), "--dsn", live, "--platform", "supabase",
            "--no-rules", "--shadow", "dsn", "--shadow-dsn", server.admin_dsn, "--format", "json",
            "--out", str(tmp_path),
        )  # fmt: skip
    assert run.returncode == 1, run.stdout + run.stderr
    drift = [
        f for f in json.loads((tmp_path / "audit.json").read_text())["findings"] if f["category"] == "drift"
    ]
    assert [(f["object"], f["attribution"]) for f in drift] == [
        ('policy:public.chats."Allow public read for shared chats"', "changed outside migrations")
    ]


SYNTHETIC = {  # what the corpus has little of: each path of livebuild.py against replay's
    "20240101000000_extensions.sql": "create extension if not exists vector with schema extensions;\n"
    "create schema if not exists pgmq;\ncreate extension if not exists pgmq with schema pgmq;\n"
    "create extension if not exists wrappers with schema extensions;\n"
    "alter role authenticator set pgrst.db_aggregates_enabled to 'true';\n",
    "20240101000001_objects.sql": "create table public.docs (id bigint primary key,"
    " embedding extensions.vector(3));\n"
    "create index docs_hnsw on public.docs using hnsw (embedding extensions.vector_cosine_ops)"
    " with (m = 16, ef_construction = 64);\n"
    "select pgmq.create('jobs');\n"
    "create foreign data wrapper stripe_wrapper handler stripe_fdw_handler validator stripe_fdw_validator;\n"
    "create server stripe_server foreign data wrapper stripe_wrapper options (api_key_id 'k');\n",
    "20240101000002_drop.sql": "drop extension if exists pgmq;\n",
}


def test_the_live_builders_platform_paths_audit_clean(server: Server, tmp_path: Path) -> None:
    folder = tmp_path / "migrations"
    folder.mkdir()
    for name, text in SYNTHETIC.items():
        (folder / name).write_text(text, encoding="utf-8")
    with server.fresh_database("corpus_synthetic") as live:
        build_live(live, folder)
        with psycopg.connect(live, autocommit=True) as conn:
            row = conn.execute(
                "SELECT pg_get_indexdef('public.docs_hnsw'::regclass),"
                " (SELECT count(*) FROM pg_extension WHERE extname = 'pgmq'),"
                " (SELECT count(*) FROM pg_foreign_server WHERE srvname = 'stripe_server')"
            ).fetchone()
        assert row is not None and "WITH (m='16', ef_construction='64')" in row[0] and row[1:] == (0, 1)
        run = schema_auditor(
            "audit", "--no-spec", "--migrations", str(folder), "--dsn", live, "--platform", "supabase",
            "--no-rules", "--shadow", "dsn", "--shadow-dsn", server.admin_dsn, "--format", "json",
            "--out", str(tmp_path / "out"),
        )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    assert json.loads((tmp_path / "out" / "audit.json").read_text())["verdict"] == "clean"
