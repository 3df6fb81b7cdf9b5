"""Whatever a shadow provider starts or creates is gone afterwards: after success, after a failing
migration, and when the replaying process gets SIGINT (Ctrl-C) or SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest

from auditor.errors import DatabaseError, MigrationError, UsageError
from auditor.shadow import ShadowDatabase, open_shadow, replay
from auditor.shadow.providers import docker_unavailable
from tests.shadow.providers import shadow_params

ROOT = Path(__file__).resolve().parent.parent.parent
FAILING = Path(__file__).parent / "failing"


def _postgres_processes_for(data_dir: str) -> list[int]:
    out = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if data_dir in cmdline and "postgres" in cmdline:
            out.append(int(pid))
    return out


def assert_gone(details: dict[str, str], admin_dsn: str | None) -> None:
    if "data_dir" in details:
        assert not Path(details["data_dir"]).exists()
        assert not Path(details["data_dir"]).parent.exists()
        assert _postgres_processes_for(details["data_dir"]) == []
    if "database" in details:
        assert admin_dsn is not None
        with psycopg.connect(admin_dsn, autocommit=True) as c:
            row = c.execute(
                "SELECT count(*) FROM pg_database WHERE datname = %s", (details["database"],)
            ).fetchone()
        assert row == (0,)
    if "role" in details:  # the replay role made for the run on a superuser DSN
        assert admin_dsn is not None
        with psycopg.connect(admin_dsn, autocommit=True) as c:
            assert (
                c.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (details["role"],)).fetchone() is None
            )


@pytest.fixture(scope="module", params=shadow_params())
def provider(request: pytest.FixtureRequest) -> tuple[str, dict[str, Any]]:
    return request.param  # type: ignore[no-any-return]


@pytest.mark.parametrize("case", ["syntax_error", "runtime_error"])
def test_failing_migration_leaves_nothing_behind(provider: tuple[str, dict[str, Any]], case: str) -> None:
    name, kw = provider
    seen: list[ShadowDatabase] = []
    with pytest.raises(MigrationError), open_shadow(name, on_ready=seen.append, **kw) as shadow:
        replay(FAILING / case, shadow, platform="none")
    assert len(seen) == 1
    assert_gone(seen[0].details, kw.get("dsn"))


_CHILD = textwrap.dedent(
    """
    import json, sys
    from auditor.shadow import open_shadow, replay
    provider, dsn, folder = sys.argv[1], sys.argv[2] or None, sys.argv[3]
    def ready(shadow):
        print(json.dumps(shadow.details), flush=True)
    with open_shadow(provider, dsn=dsn, on_ready=ready) as shadow:
        replay(folder, shadow, platform="none", progress=lambda i, n, f: print("applied", f, flush=True))
    """
)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_interrupted_replay_cleans_up(
    provider: tuple[str, dict[str, Any]], signum: int, tmp_path: Path
) -> None:
    name, kw = provider
    (tmp_path / "1_table.sql").write_text("create table t (a int);")
    (tmp_path / "2_slow.sql").write_text("select pg_sleep(60);")
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, name, kw.get("dsn", ""), str(tmp_path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        details = json.loads(child.stdout.readline())
        assert child.stdout.readline().startswith("applied 1_table.sql")
        time.sleep(0.5)  # inside pg_sleep now
        child.send_signal(signum)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode != 0
    if signum == signal.SIGTERM:  # SIGINT is a KeyboardInterrupt: the child script does not catch it
        assert "Traceback" not in (child.stderr.read() if child.stderr else "")
    assert_gone(details, kw.get("dsn"))


def test_unknown_provider_and_missing_dsn() -> None:
    with pytest.raises(UsageError), open_shadow("podman"):
        pass
    with pytest.raises(UsageError), open_shadow("dsn"):
        pass


def test_unreachable_dsn_is_a_database_error() -> None:
    with pytest.raises(DatabaseError) as err, open_shadow("dsn", dsn="postgresql://nobody@127.0.0.1:1/x"):
        pass
    assert "cannot connect" in str(err.value)


@pytest.mark.skipif(docker_unavailable() is None, reason="a Docker engine answers here")
def test_docker_provider_without_docker_says_why() -> None:
    with pytest.raises(DatabaseError) as err, open_shadow("docker", image="postgres:15"):
        pass
    assert "postgres:15" in str(err.value) and "Docker" in str(err.value)


@pytest.mark.docker
def test_docker_provider_replays(tmp_path: Path) -> None:
    reason = docker_unavailable()
    if reason:
        pytest.skip(f"docker shadow provider: {reason}")
    with open_shadow("docker", image="postgres:15") as shadow:
        result = replay(ROOT / "migrations", shadow)
        assert shadow.major == 15
    assert len(result.applied) == 5


PG15_BIN = "/usr/lib/postgresql/15/bin"


@pytest.mark.skipif(not Path(PG15_BIN, "initdb").is_file(), reason=f"no PostgreSQL binaries in {PG15_BIN}")
def test_local_provider_with_pg_bin() -> None:
    seen: list[ShadowDatabase] = []
    with open_shadow("local", pg_bin=PG15_BIN, on_ready=seen.append) as shadow:
        assert shadow.major == 15
        result = replay(ROOT / "migrations", shadow)
    assert result.platform == "supabase" and len(result.applied) == 5
    assert_gone(seen[0].details, None)
