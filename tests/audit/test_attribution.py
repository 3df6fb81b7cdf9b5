"""The attribution table (README, docs/drift.md section 4) as behaviour: one case per row in
attribution_cases.yaml, each audited with a history table, without one, and with ``--history-table
none``, on every server.

Live is built the way users build it: ``psql -f`` for each applied migration, the history recorded as
the Supabase CLI records it (``supabase_migrations.schema_migrations(version, statements, name)``) or
not at all, then hand-made drift on top. The audit runs as a user runs it (a separate process)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import psycopg
import pytest
import yaml

from auditor.migrations.parse import parse_text
from tests.commands import schema_auditor

DATA = yaml.safe_load(Path(__file__).with_name("attribution_cases.yaml").read_text())
PROJECT: dict[str, str] = DATA["project"]
CASES: list[dict[str, Any]] = DATA["cases"]
HISTORIES = ("recorded", "absent", "none")

SUPABASE_HISTORY_DDL = """
create schema if not exists supabase_migrations;
create table if not exists supabase_migrations.schema_migrations (
    version text primary key, statements text[], name text
);
"""


def psql_f(dsn: str, file: Path) -> None:
    """Apply one migration file as a user does: psql, stopping at the first error."""
    r = subprocess.run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", dsn, "-f", str(file)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr


def record_history(dsn: str, files: list[Path]) -> None:
    """What ``supabase db push`` writes: one row per applied file, with the statements it ran."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(SUPABASE_HISTORY_DDL)  # type: ignore[arg-type]
        for f in files:
            version, _, name = f.stem.partition("_")
            statements = [s.text for s in parse_text(f.read_text(), file=str(f)).statements]
            conn.execute(
                "insert into supabase_migrations.schema_migrations (version, statements, name) "
                "values (%s, %s, %s)",
                (version, statements, name),
            )


def build(dsn: str, files: list[Path], *, history: bool, drift: str | None = None) -> None:
    for f in files:
        psql_f(dsn, f)
    if history:
        record_history(dsn, files)
    if drift:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(drift)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("attribution_project")
    (root / "migrations").mkdir()
    for name, text in PROJECT.items():
        (root / "migrations" / name).write_text(text)
    return root


def _files(project: Path, n: int) -> list[Path]:
    return sorted((project / "migrations").glob("*.sql"))[:n]


def _expected(case: dict[str, Any], history: str) -> dict[str, str]:
    return {obj: (att[history] if isinstance(att, dict) else att) for obj, att in case["expect"].items()}


def _audit(server: Any, project: Path, out: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], Any]:
    r = schema_auditor(
        "audit",
        "--shadow",
        "dsn",
        "--shadow-dsn",
        server.admin_dsn,
        "--no-rules",
        "--format",
        "json",
        "--out",
        str(out),
        *args,
        cwd=project,
    )
    assert r.returncode in (0, 1), r.stdout + r.stderr
    return r, json.loads((out / "audit.json").read_text())


@pytest.mark.parametrize("history", HISTORIES)
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_attribution_row(
    server: Any, project: Path, tmp_path: Path, case: dict[str, Any], history: str
) -> None:
    args: list[str] = []
    if "spec" in case:
        n = int(case["spec"].removeprefix("applied-"))
        spec = tmp_path / "expected_schema.yaml"
        with server.fresh_database("attr_spec") as spec_dsn:
            build(spec_dsn, _files(project, n), history=False)
            r = schema_auditor("snapshot", "--dsn", spec_dsn, "-o", str(spec), cwd=project)
            assert r.returncode == 0, r.stderr
        args += ["--spec", str(spec)]
    else:
        args.append("--no-spec")
    if case.get("migrations", True) is False:
        args.append("--no-migrations")
    if history == "none":
        args += ["--history-table", "none"]
    with server.fresh_database("attr_live") as dsn:
        build(dsn, _files(project, case["applied"]), history=history == "recorded", drift=case.get("drift"))
        r, doc = _audit(server, project, tmp_path / "reports", "--dsn", dsn, *args)
    findings = doc["findings"]
    drift = {f["object"]: f["attribution"] for f in findings if f["category"] == "drift"}
    assert drift == _expected(case, history), [f["message"] for f in findings if f["category"] == "drift"]
    assert r.returncode == 1, "drift fails the default gate"

    codes = {f["code"]: f for f in findings if f["category"] == "history"}
    if history == "absent" and case.get("migrations", True):
        his005 = codes.pop("HIS005")
        assert his005["level"] == "warning" and "--history-table" in his005["help"]
    if history == "recorded" and case["applied"] < len(PROJECT):
        assert codes.pop("HIS001")["object"].startswith("migration:")
    assert codes == {}, list(codes)
    # Only a finding about live and not as certain as the history can be carries help saying why.
    for f in findings:
        if f["attribution"] == "applied history unknown":
            assert "history" in f["help"] and f["provenance"], f


@pytest.mark.parametrize("history", (*HISTORIES, "none_in_config"))
def test_equal_schemas_pass_with_or_without_history(
    server: Any, project: Path, tmp_path: Path, history: str
) -> None:
    """A database built with psql -f and no history table is not failed for lacking one; a project
    that keeps none says so on the command line or in its config."""
    args = ["--history-table", "none"] if history == "none" else []
    if history == "none_in_config":
        config = tmp_path / "pyproject.toml"
        config.write_text('[tool.schema-auditor]\nhistory_table = "none"\n')
        args = ["--config", str(config)]
    with server.fresh_database("attr_clean") as dsn:
        build(dsn, _files(project, len(PROJECT)), history=history == "recorded")
        r, doc = _audit(server, project, tmp_path / "reports", "--dsn", dsn, "--no-spec", *args)
    assert r.returncode == 0, r.stdout + r.stderr
    assert [f["code"] for f in doc["findings"] if f["level"] != "info"] == (
        ["HIS005"] if history == "absent" else []
    )


def test_the_report_schema_and_the_docs_name_every_attribution() -> None:
    """The JSON report's schema, the README table and docs/drift.md list exactly the attributions
    the engine gives (a new one cannot be left out of the contract or the documentation)."""
    from auditor.findings import Attribution
    from tests.commands import ROOT

    schema = json.loads((ROOT / "auditor" / "report" / "report.schema.json").read_text())
    assert set(schema["$defs"]["attribution"]["enum"]) == {a.value for a in Attribution}
    readme = (ROOT / "README.md").read_text()
    drift_doc = (ROOT / "docs" / "drift.md").read_text()
    for a in Attribution:
        assert f"| *{a.value}* |" in readme, a
        assert f"| `{a.value}` |" in drift_doc, a
    assert {c["row"] for c in CASES} == {a.value for a in Attribution}, "one case per row"


def test_out_of_order_migration_is_not_applied(server: Any, tmp_path: Path) -> None:
    """A migration older than the newest applied one and missing from the history (HIS004) is as
    unapplied as a pending one: what it creates is 'migration not applied', not a hand-made change."""
    project = tmp_path / "project"
    (project / "migrations").mkdir(parents=True)
    files = {
        "20250101000001_init.sql": "create table public.a (id int primary key);\n",
        "20250101000002_side.sql": "create table public.b (id int primary key);\n",
        "20250101000003_later.sql": "create index a_id_desc on public.a (id desc);\n",
    }
    for name, text in files.items():
        (project / "migrations" / name).write_text(text)
    applied = [project / "migrations" / n for n in ("20250101000001_init.sql", "20250101000003_later.sql")]
    with server.fresh_database("attr_order") as dsn:
        build(dsn, applied, history=True)
        r, doc = _audit(server, project, tmp_path / "reports", "--dsn", dsn, "--no-spec")
    drift = {f["object"]: f["attribution"] for f in doc["findings"] if f["category"] == "drift"}
    assert drift == {"table:public.b": "migration not applied"}, r.stdout
    assert [f["object"] for f in doc["findings"] if f["code"] == "HIS004"] == ["migration:20250101000002"]
