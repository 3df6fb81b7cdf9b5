"""`schema-auditor lint-migrations`: output and exit codes (0 clean, 1 findings, 2 bad input)."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from auditor.cli import main
from tests.servers import Server

SAFE = "set lock_timeout = '5s';\ncreate table public.t (a int);\ncreate index t_a on public.t (a);\n"
LOCKING = (
    "set lock_timeout = '5s'; set statement_timeout = '60s';\n"
    "create index idx_jobs_status on public.jobs (status);\n"
)
DROPPING = "set lock_timeout = '5s';\nalter table public.jobs drop column note;\n"


def _folder(tmp_path: Path, **files: str) -> Path:
    d = tmp_path / "migrations"
    d.mkdir()
    for name, sql in files.items():
        (d / f"{name}.sql").write_text(sql, encoding="utf-8")
    return d


@pytest.mark.parametrize(
    ("files", "argv", "code"),
    [
        pytest.param({"0001_safe": SAFE}, [], 0, id="clean"),
        pytest.param({"0001_index": LOCKING}, [], 1, id="error-finding"),
        pytest.param({"0001_drop": DROPPING}, [], 0, id="warning-passes-default"),
        pytest.param({"0001_drop": DROPPING}, ["--fail-on", "warning"], 1, id="warning-fails-on-warning"),
        pytest.param({"0001_index": LOCKING}, ["--fail-on", "MIG006"], 0, id="fail-on-a-code"),
    ],
)
def test_exit_codes(tmp_path: Path, files: dict[str, str], argv: list[str], code: int) -> None:
    d = _folder(tmp_path, **files)
    assert main(["lint-migrations", str(d), *argv]) == code


def test_default_folder_text_and_json_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _folder(tmp_path, **{"0001_index": LOCKING})
    monkeypatch.chdir(tmp_path)
    assert main(["lint-migrations"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("migrations/0001_index.sql:2:1: error MIG001 ")
    assert main(["lint-migrations", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)  # the versioned report, as audit writes it
    assert report["verdict"] == "fail" and [s["name"] for s in report["sources"]] == ["migrations"]
    (finding,) = report["findings"]
    assert finding["code"] == "MIG001" and finding["location"] == {
        "file": "migrations/0001_index.sql",
        "line": 2,
        "column": 1,
    }


def test_text_output_has_a_code_frame_help_and_docs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _folder(tmp_path, **{"0001_index": "-- busy table\n" + LOCKING})
    monkeypatch.chdir(tmp_path)
    assert main(["lint-migrations"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("migrations/0001_index.sql:3:1: error MIG001 index idx_jobs_status ")
    assert lines[1:8] == [
        "  |",
        "2 | set lock_timeout = '5s'; set statement_timeout = '60s';",
        "3 | create index idx_jobs_status on public.jobs (status);",
        "  | ^^^^^^",
        "  = help: Build the index with CREATE INDEX CONCURRENTLY, in a migration file of its own.",
        "  = fix: create index concurrently idx_jobs_status on public.jobs (status);",
        "  = docs: schema-auditor rules MIG001 (docs/rules.md#mig001)",
    ], lines


def test_sarif_and_github_annotations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _folder(tmp_path, **{"0001_index": LOCKING})
    monkeypatch.chdir(tmp_path)
    assert main(["lint-migrations", "--format", "sarif"]) == 1
    sarif = json.loads(capsys.readouterr().out)
    (run,) = sarif["runs"]
    (result,) = run["results"]
    assert result["ruleId"] == "MIG001" and result["level"] == "error"
    region = result["locations"][0]["physicalLocation"]
    assert region["artifactLocation"]["uri"].endswith("migrations/0001_index.sql")
    assert region["region"]["startLine"] == 2
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert rules["MIG001"]["helpUri"].endswith("docs/rules.md#mig001")
    assert main(["lint-migrations", "--format", "github"]) == 1
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith("::error file=migrations/0001_index.sql,line=2,col=1,title=MIG001 ")


def test_bad_input_exits_2_with_location(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint-migrations", str(tmp_path / "missing")]) == 2
    bad = tmp_path / "0001_bad.sql"
    bad.write_bytes(b"select 1;\n\xff\n")
    assert main(["lint-migrations", str(bad)]) == 2
    assert f"{bad}:2:1: migration file is not UTF-8" in capsys.readouterr().err


def test_unparsed_statement_and_meta_command_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = _folder(tmp_path, **{"0001_x": "\\set x 1\nselec 1;\n"})
    assert main(["lint-migrations", str(d), "--fail-on", "source"]) == 1
    out = capsys.readouterr().out
    assert "0001_x.sql:1:1: warning SRC002" in out and "0001_x.sql:2:1: warning SRC001" in out


def test_dsn_lints_what_live_has_not_applied_as_one_release(
    server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    jobs = "create table public.jobs (id int primary key, status text);\n"
    d = _folder(
        tmp_path,
        **{
            "20240101000000_jobs": jobs,
            "20240102000000_audit": "create table public.audit_log (id int primary key, at timestamptz);\n",
            "20240103000000_indexes": "set lock_timeout = '5s'; set statement_timeout = '60s';\n"
            "create index audit_log_at_idx on public.audit_log (at);\n"
            "create index jobs_status_idx on public.jobs (status);\n",
        },
    )
    with server.fresh_database("lint_dsn") as dsn:
        # Live as users build it: the first migration run with psycopg and recorded the way the
        # Supabase CLI records it; the other two are pending.
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(jobs)
            conn.execute("create schema supabase_migrations")
            conn.execute(
                "create table supabase_migrations.schema_migrations "
                "(version text primary key, statements text[], name text)"
            )
            conn.execute(
                "insert into supabase_migrations.schema_migrations values (%s, %s, %s)",
                ("20240101000000", [jobs.strip().rstrip(";")], "jobs"),
            )
        assert main(["lint-migrations", str(d), "--dsn", dsn, "--format", "json"]) == 1
        report = json.loads(capsys.readouterr().out)
    got = sorted((f["code"], f["object"]) for f in report["findings"])
    # jobs is in production: indexing it blocks writes. audit_log is created by the release itself.
    assert got == [("MIG001", "index:public.jobs.jobs_status_idx")], got
    # Without --dsn the three files are the whole history: each its own release.
    assert main(["lint-migrations", str(d), "--format", "json"]) == 1
    objects = {f["object"] for f in json.loads(capsys.readouterr().out)["findings"] if f["code"] == "MIG001"}
    assert objects == {"index:public.jobs.jobs_status_idx", "index:public.audit_log.audit_log_at_idx"}
