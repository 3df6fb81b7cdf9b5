"""Against real servers: a rich schema is introspected, dumped and loaded back unchanged; names a
hand-written spec leaves out are the ones PostgreSQL chooses; ``schema-auditor snapshot`` end to end."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import conninfo

from auditor.introspect import introspect
from auditor.spec import dump_spec, load_spec, load_spec_text
from tests.servers import Server

HERE = Path(__file__).parent / "e2e"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def rich_dsn(dsn: str) -> Iterator[str]:
    with psycopg.connect(dsn, autocommit=True) as c:
        for script in ("rich.sql", "names.sql"):
            c.execute((HERE / script).read_text("utf-8"))  # type: ignore[arg-type]
    yield dsn


def test_introspected_catalog_round_trips(rich_dsn: str) -> None:
    catalog = introspect(rich_dsn)
    app = catalog.schemas["app"]
    assert {"jobs", "Job Events", "active_jobs", "job_counts", "measurements"} <= set(app.relations)
    text = dump_spec(catalog)
    loaded = load_spec_text(text, "snapshot.yaml")
    assert loaded.catalog == catalog
    assert loaded.strict
    assert dump_spec(loaded.catalog) == text


def test_left_out_names_are_the_ones_postgres_chooses(rich_dsn: str) -> None:
    live = introspect(rich_dsn, include_schemas=["naming"]).schemas["naming"]
    spec = load_spec(HERE / "names.yaml").catalog.schemas["naming"]
    for name, rel in spec.relations.items():
        assert set(rel.constraints) == set(live.relations[name].constraints), name
        assert set(rel.indexes) == set(live.relations[name].indexes), name
        for cname, con in rel.constraints.items():
            assert con.columns == live.relations[name].constraints[cname].columns, cname
            assert con.kind == live.relations[name].constraints[cname].kind, cname
    assert list(spec.domains["small"].checks) == list(live.domains["small"].checks)


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL" and not k.startswith("PG")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "auditor", "snapshot", *args],
        capture_output=True, text=True, cwd=ROOT, env=full_env, timeout=120,
    )  # fmt: skip


def test_snapshot_writes_a_spec_file(rich_dsn: str, tmp_path: Path) -> None:
    out = tmp_path / "expected_schema.yaml"
    proc = _cli("--dsn", rich_dsn, "-o", str(out), "--include-schema", "app", "--include-schema", "nam*")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left behind
    spec = load_spec(out)
    assert set(spec.catalog.schemas) == {"app", "naming"}
    live = introspect(rich_dsn, include_schemas=["app", "naming"])
    assert spec.catalog.schemas == live.schemas
    assert "wrote" in proc.stderr and len(proc.stderr.splitlines()) == 1


def test_snapshot_reads_pg_variables_and_prints_to_stdout(rich_dsn: str) -> None:
    params = conninfo.conninfo_to_dict(rich_dsn)
    env = {"PGHOST": str(params.get("host", "localhost")), "PGPORT": str(params.get("port", 5432)),
           "PGUSER": str(params["user"]), "PGDATABASE": str(params["dbname"])}  # fmt: skip
    if params.get("password"):
        env["PGPASSWORD"] = str(params["password"])
    proc = _cli("--exclude-schema", "app", "--exclude-schema", "public", env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("# yaml-language-server: $schema=")
    spec = load_spec_text(proc.stdout, "stdout")
    assert set(spec.catalog.schemas) == {"naming"}


def test_snapshot_database_url(rich_dsn: str, server: Server) -> None:
    proc = _cli("--include-schema", "naming", env={"DATABASE_URL": rich_dsn})
    assert proc.returncode == 0, proc.stderr
    assert "naming:" in proc.stdout


def test_unreachable_database_exits_3_with_one_line(tmp_path: Path) -> None:
    out = tmp_path / "s.yaml"
    proc = _cli("--dsn", "postgresql://nobody:secret@127.0.0.1:1/nowhere", "-o", str(out))
    assert proc.returncode == 3
    assert proc.stdout == ""
    assert len(proc.stderr.splitlines()) == 1
    assert proc.stderr.startswith("schema-auditor: error: cannot connect")
    assert "secret" not in proc.stderr
    assert not out.exists()


@pytest.mark.parametrize("args", [["--bogus"], ["-o"], ["--statement-timeout", "soon"]])
def test_bad_flags_exit_2(args: list[str]) -> None:
    proc = _cli(*args)
    assert proc.returncode == 2
    assert "error:" in proc.stderr
