"""Issue 17 item 3, convergence of the 'keep it' fix: a change made by hand on live (every case of
drift_cases.yaml and fix_cases.yaml), audited; ``schema-auditor fix`` writes a migration in the
folder's naming scheme; that migration is applied to live with psycopg and recorded in the history
as the Supabase CLI would; the next audit of migrations against live finds no drift. The spec is
left out: keeping a change in the migrations leaves the spec to be updated, which the audit then
reports as 'spec out of date', by design."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from auditor.audit import AuditOptions, run_audit
from auditor.findings import Category, Level
from auditor.gate import FailPolicy
from auditor.report import write_reports
from auditor.report.model import Report
from tests.audit.seedlive import MIGRATIONS, build_live, execute
from tests.commands import schema_auditor
from tests.servers import Server

HERE = Path(__file__).parent
CASES = yaml.safe_load((HERE / "drift_cases.yaml").read_text()) + yaml.safe_load(
    (HERE / "fix_cases.yaml").read_text()
)


def _audit(server: Server, dsn: str, migrations: Path) -> Report:
    opts = AuditOptions(
        spec=None,
        migrations=str(migrations),
        dsn=dsn,
        shadow="dsn",
        shadow_dsn=server.admin_dsn,
        fail_on=FailPolicy.parse("drift"),
    )
    report, run = run_audit(opts)
    assert run.failure is None, run.errors
    return report


def _drift(report: Report) -> list[Any]:
    return [
        (f.code, f.object, f.changes)
        for f in report.findings
        if f.category is Category.DRIFT and f.level is not Level.INFO and f.suppressed is None
    ]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_keep_migration_converges(server: Server, case: dict[str, Any], tmp_path: Path) -> None:
    migrations = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, migrations)
    with server.fresh_database(f"fix_{case['name']}"[:40]) as dsn:
        build_live(dsn, server.version_num)
        execute(dsn, case["break"])
        before = _audit(server, dsn, migrations)
        assert case["expect"]["object"] in {f[1] for f in _drift(before)}, _drift(before)
        write_reports(before, tmp_path / "reports", ["json"])
        done = schema_auditor(
            "fix", "--report", str(tmp_path / "reports" / "audit.json"), "--migrations", str(migrations)
        )
        assert done.returncode == 0, done.stderr
        (new,) = sorted(
            set(p.name for p in migrations.glob("*.sql")) - {p.name for p in MIGRATIONS.glob("*.sql")}
        )
        assert re.fullmatch(r"\d{14}_keep_live_changes\.sql", new)
        text = (migrations / new).read_text()
        # applied to live as a deploy would: the change is already there, so nothing changes
        execute(dsn, text)
        execute(
            dsn,
            "insert into supabase_migrations.schema_migrations (version, name, statements) "
            f"values ('{new[:14]}', 'keep_live_changes', array[$q${text}$q$])",
        )
        assert _drift(_audit(server, dsn, migrations)) == []


def test_fix_refuses_a_destructive_keep_and_reads_reports_carefully(tmp_path: Path) -> None:
    """Keeping a dropped column would drop it from the migrations: refused unless allowed, then
    marked; a report that is not one is exit 2 with the file named."""
    finding = {
        "code": "DRIFT-COLUMN-MISSING",
        "category": "drift",
        "object": "column:public.jobs.meta",
        "suppressed": None,
        "attribution": "changed outside migrations",
        "extra": {
            "keep_sql": "-- DESTRUCTIVE: drops column meta of public.jobs and every value in it\n"
            "ALTER TABLE public.jobs DROP COLUMN meta;",
            "keep_destructive": "drops column meta of public.jobs and every value in it",
        },
    }
    report = tmp_path / "audit.json"
    report.write_text(json.dumps({"format": "schema-auditor-report", "findings": [finding]}))
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "0001_init.sql").write_text("select 1;\n")
    refused = schema_auditor("fix", "--report", str(report), "--migrations", str(tmp_path / "m"))
    assert refused.returncode == 2 and "--allow-destructive" in refused.stderr
    ok = schema_auditor(
        "fix", "--report", str(report), "--migrations", str(tmp_path / "m"), "--allow-destructive"
    )
    assert ok.returncode == 0, ok.stderr
    written = (tmp_path / "m" / "0002_keep_live_changes.sql").read_text()  # the folder's numbering
    assert "-- DESTRUCTIVE: drops column meta" in written
    assert "ALTER TABLE public.jobs DROP COLUMN IF EXISTS meta;" in written
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    out = schema_auditor("fix", "--report", str(bad), "--migrations", str(tmp_path / "m"))
    assert out.returncode == 2 and f"{bad}:1:2" in out.stderr and "Traceback" not in out.stderr


def test_fix_finds_the_project_like_audit_does(server: Server, tmp_path: Path) -> None:
    """In a Supabase project, ``fix`` with no flags reads the project's reports/audit.json and writes
    into supabase/migrations, from any subdirectory: the folder ``audit`` replayed, not ./migrations."""
    project = tmp_path / "proj"
    migrations = project / "supabase" / "migrations"
    shutil.copytree(MIGRATIONS, migrations)
    (project / "supabase" / "config.toml").write_text('project_id = "p"\n')
    (project / "app" / "src").mkdir(parents=True)
    case = CASES[0]
    with server.fresh_database("fix_discovery") as dsn:
        build_live(dsn, server.version_num)
        execute(dsn, case["break"])
        write_reports(_audit(server, dsn, migrations), project / "reports", ["json"])
    done = schema_auditor("fix", cwd=project / "app" / "src")
    assert done.returncode == 0, done.stderr
    new = {p.name for p in migrations.glob("*.sql")} - {p.name for p in MIGRATIONS.glob("*.sql")}
    assert len(new) == 1 and not (project / "app" / "src" / "migrations").exists(), new
    missing = schema_auditor("fix", cwd=tmp_path)  # no project here: the built-in defaults, named
    assert missing.returncode == 2 and "reports/audit.json" in missing.stderr, missing.stderr


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (["20240101000000_a.sql", "20240102000000_b.sql"], r"\d{14}_keep_it\.sql"),
        (["20991231235959_future.sql"], r"20991231235960_keep_it\.sql|21000101000000_keep_it\.sql"),
        (["V1__init.sql", "V2__more.sql"], r"V3__keep_it\.sql"),
        (["001_a.sql", "002_b.sql", "README.sql"], r"003_keep_it\.sql"),
        ([], r"\d{14}_keep_it\.sql"),
    ],
)
def test_new_file_takes_the_folders_scheme(tmp_path: Path, files: list[str], expected: str) -> None:
    """The name ``fix`` writes follows the folder's scheme, read with the one naming rule
    (auditor.migrations.folder) that decides what replay applies."""
    from auditor.compare.migration import next_migration_name

    for name in files:
        (tmp_path / name).write_text("select 1;\n")
    assert re.fullmatch(expected, next_migration_name(tmp_path, "Keep it")), files


def test_fix_sql_items_are_the_one_splitters_statements() -> None:
    """Fix SQL is split by the migrations' splitter: statements keep their ``;``, dollar-quoted bodies
    stay whole, comment lines between statements are items, a comment after a ``;`` ends nothing."""
    from auditor.compare.migration import split_statements

    sql = (
        "-- DESTRUCTIVE: drops data\nALTER TABLE a DROP COLUMN b; -- the column\n"
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $fn$ select 1; $fn$;\nDROP TABLE x"
    )
    assert split_statements(sql) == [
        "-- DESTRUCTIVE: drops data",
        "ALTER TABLE a DROP COLUMN b;",
        "-- the column",
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $fn$ select 1; $fn$;",
        "DROP TABLE x",
    ]
