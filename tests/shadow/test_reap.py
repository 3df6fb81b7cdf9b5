"""A run killed with SIGKILL cannot clean up: the next run removes what it left (its server, initdb
processes and directory; on --shadow dsn its scratch database, backend and replay role), and never
what belongs to a run that is still alive."""

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

from auditor.shadow import ShadowDatabase, contain, open_shadow
from tests.shadow.providers import shadow_params
from tests.shadow.test_cleanup import ROOT, assert_gone

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


def _start(provider: str, dsn: str, folder: Path) -> tuple[subprocess.Popen[str], dict[str, str]]:
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, provider, dsn, str(folder)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert child.stdout is not None
    details = json.loads(child.stdout.readline())
    assert child.stdout.readline().startswith("applied 1_table.sql")
    time.sleep(0.3)  # inside pg_sleep now
    return child, details


def _slow_folder(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "1_table.sql").write_text("create table t (a int);")
    (folder / "2_slow.sql").write_text("select pg_sleep(120);")
    return folder


def _server_running(details: dict[str, str]) -> bool:
    base = Path(details["data_dir"]).parent
    return bool(contain.processes_in(base, {os.stat(base).st_uid}))


@pytest.mark.parametrize("provider", shadow_params())
def test_a_later_run_removes_what_a_killed_run_left_and_spares_a_live_one(
    provider: tuple[str, dict[str, Any]], tmp_path: Path
) -> None:
    name, kw = provider
    dsn = kw.get("dsn", "")
    killed, left = _start(name, dsn, _slow_folder(tmp_path, "killed"))
    live, alive = _start(name, dsn, _slow_folder(tmp_path, "live"))
    try:
        killed.send_signal(signal.SIGKILL)
        killed.wait(timeout=10)
        # What SIGKILL leaves: the server still running, or the scratch database and its backend.
        if name == "embedded":
            assert Path(left["data_dir"]).exists() and _server_running(left)
        else:
            with psycopg.connect(dsn, autocommit=True) as c:
                row = c.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (left["database"],)
                ).fetchone()
            assert row is not None and row[0] >= 1
        seen: list[ShadowDatabase] = []
        with open_shadow(name, on_ready=seen.append, **kw) as shadow:
            notes = list(shadow.notes)
        assert any("killed run" in n for n in notes), notes
        assert_gone(left, dsn or None)
        if "role" in left:
            with psycopg.connect(dsn, autocommit=True) as c:
                gone = c.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (left["role"],)).fetchone()
            assert gone is None
        # The live run is untouched and still replaying.
        assert live.poll() is None
        if name == "embedded":
            assert Path(alive["data_dir"]).exists() and _server_running(alive)
        else:
            with psycopg.connect(dsn, autocommit=True) as c:
                row = c.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", (alive["database"],)
                ).fetchone()
            assert row == (1,)
        assert_gone(seen[0].details, dsn or None)
    finally:
        for child in (killed, live):
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
                child.wait(timeout=30)
    assert_gone(alive, dsn or None)


def test_sigkill_during_server_start_leaves_nothing_after_the_next_run(tmp_path: Path) -> None:
    """Killed while initdb runs (its postgres --boot/--single children too): the next run stops
    those processes and removes the directory."""
    before = set(Path("/tmp").glob(contain.TEMP_PREFIX + "*"))
    child = subprocess.Popen(
        [sys.executable, "-c", "from auditor.shadow import open_shadow\nwith open_shadow('embedded'): pass"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = None
        deadline = time.monotonic() + 60
        while base is None and time.monotonic() < deadline:
            for d in set(Path("/tmp").glob(contain.TEMP_PREFIX + "*")) - before:
                try:
                    if json.loads((d / contain.OWNER_FILE).read_text())["pid"] == child.pid:
                        base = d
                except (OSError, ValueError, KeyError):
                    pass
            time.sleep(0.01)
        assert base is not None, "the child made no shadow directory"
        time.sleep(0.2)  # initdb is running now
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    removed = contain.reap_leftovers()
    assert str(base) in removed
    assert not base.exists()
    uids = {os.geteuid()}
    if os.geteuid() == 0:
        import pwd

        uids.add(pwd.getpwnam(contain.SHADOW_USER).pw_uid)
    assert contain.processes_in(base, uids) == []
