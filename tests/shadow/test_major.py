"""The shadow runs live's PostgreSQL major when it can (auditor.shadow.major), and the report says when
it does not.

``--shadow local`` finds the binaries of the major wanted (this machine has PostgreSQL 15's under
/usr/lib/postgresql/15/bin); ``--shadow-version`` and the Supabase CLI's ``supabase/config.toml``
``[db] major_version`` name it; the embedded shadow stays 18 and the migrations source says so.
"""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from auditor.audit import AuditOptions, run_audit
from auditor.shadow.major import EMBEDDED_MAJOR, local_bin
from tests.commands import schema_auditor
from tests.servers import Server

MIGRATION = "CREATE TABLE items (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL);\n"


def _project(tmp_path: Path, major_version: int | None = None) -> Path:
    """A Supabase CLI layout: supabase/migrations/<file>, and config.toml when a major is given."""
    folder = tmp_path / "supabase" / "migrations"
    folder.mkdir(parents=True)
    (folder / "20240101000000_items.sql").write_text(MIGRATION)
    if major_version is not None:
        (tmp_path / "supabase" / "config.toml").write_text(
            f'project_id = "demo"\n\n[db]\nport = 54322\nmajor_version = {major_version}\n'
        )
    return folder


def _migrations_source(opts: AuditOptions) -> str:
    report, run = run_audit(opts)
    assert run.failure is None, run.errors
    (src,) = [s for s in report.sources if s.name == "migrations"]
    return f"{src.description} [{src.server_version}]"


def _needs_local(major: int) -> None:
    if local_bin(major) is None:
        pytest.skip(f"no PostgreSQL {major} binaries installed where --shadow local looks")


def test_local_shadow_runs_live_major(server: Server, dsn: str, tmp_path: Path) -> None:
    """No --pg-bin: the local shadow starts live's major."""
    _needs_local(server.major)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(MIGRATION)
    got = _migrations_source(
        AuditOptions(spec=None, migrations=str(_project(tmp_path)), dsn=dsn, shadow="local", rules=False)
    )
    assert f"replayed on PostgreSQL {server.major}." in got, got
    assert "compared on what both majors can hold" not in got, got


def test_config_toml_major_version(tmp_path: Path) -> None:
    """Without live, supabase/config.toml's [db] major_version picks the local shadow's major."""
    _needs_local(15)
    got = _migrations_source(
        AuditOptions(spec=None, migrations=str(_project(tmp_path, 15)), shadow="local", rules=False)
    )
    assert "replayed on PostgreSQL 15." in got, got


def test_embedded_shadow_says_it_runs_another_major(server: Server, dsn: str, tmp_path: Path) -> None:
    """The embedded build is 18 only: against another live major the source says both majors."""
    if server.major == EMBEDDED_MAJOR:
        pytest.skip("live runs the embedded build's major")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS items")
        conn.execute(MIGRATION)
    got = _migrations_source(
        AuditOptions(spec=None, migrations=str(_project(tmp_path)), dsn=dsn, shadow="embedded", rules=False)
    )
    assert f"live is PostgreSQL {server.major}, the shadow {EMBEDDED_MAJOR}" in got, got
    assert "the embedded build is PostgreSQL 18 only" in got, got


def test_shadow_version_flag_and_report(tmp_path: Path) -> None:
    """--shadow-version names the major; the JSON report's migrations source says which ran."""
    _needs_local(15)
    folder = _project(tmp_path)
    out = tmp_path / "reports"
    r = schema_auditor(
        "audit", "--no-spec", "--migrations", str(folder), "--no-live", "--shadow", "local",
        "--shadow-version", "15", "--no-rules", "--out", str(out), "--format", "json", "--quiet",
        cwd=tmp_path,
    )  # fmt: skip
    assert r.returncode in (0, 1), r.stderr
    report = json.loads((out / "audit.json").read_text())
    (src,) = [s for s in report["sources"] if s["name"] == "migrations"]
    assert src["server_version"].startswith("15."), src


@pytest.mark.parametrize(
    ("args", "config", "says"),
    [
        (["--shadow-version", "fifteen"], None, "--shadow-version: 'fifteen' is not a PostgreSQL major"),
        (["--shadow-version", "9"], None, "PostgreSQL 9 is not supported"),
        ([], "[db]\nmajor_version = 'latest'\n", "major_version must be a number"),
    ],
)
def test_bad_shadow_version_is_a_usage_error(
    tmp_path: Path, args: list[str], config: str | None, says: str
) -> None:
    folder = _project(tmp_path)
    if config is not None:
        (tmp_path / "supabase" / "config.toml").write_text(config)
    r = schema_auditor(
        "audit", "--no-spec", "--migrations", str(folder), "--no-live", "--shadow", "local", *args,
        "--no-rules", "--out", str(tmp_path / "reports"), "--quiet",
        cwd=tmp_path,
    )  # fmt: skip
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert says in r.stderr, r.stderr
    assert "Traceback" not in r.stderr
