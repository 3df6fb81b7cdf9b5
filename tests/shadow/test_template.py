"""The initdb template (auditor/shadow/template.py): a private shadow's data directory is copied from
the template of its build, made by the first run; the catalog replayed on a copy is the catalog
replayed on a fresh initdb, and a template that cannot be trusted or started from is not used."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

import auditor.shadow.providers as providers
from auditor.shadow import open_shadow, shadow_catalog
from auditor.shadow.template import key

ROOT = Path(__file__).resolve().parent.parent.parent
PG15_BIN = "/usr/lib/postgresql/15/bin"


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The programs the private servers ran (initdb, pg_ctl), in order."""
    seen: list[str] = []
    real = providers._runner

    def runner(*args: Any) -> Any:
        run = real(*args)

        def recorded(argv: list[str], timeout: int) -> None:
            seen.append(argv[0] if argv[0] != "pg_ctl" else f"pg_ctl {argv[-1]}")
            run(argv, timeout)

        return recorded

    monkeypatch.setattr(providers, "_runner", runner)
    yield seen


def started(template_dir: Path | None, provider: str = "embedded") -> int:
    """Open a shadow, check it answers; the server's version."""
    pg_bin = PG15_BIN if provider == "local" else None
    with (
        open_shadow(provider, pg_bin=pg_bin, template_dir=template_dir) as shadow,
        psycopg.connect(shadow.replay_dsn) as c,
    ):
        row = c.execute("SELECT current_setting('server_version_num')::int").fetchone()
    assert row is not None
    return int(row[0])


def test_the_second_shadow_is_copied_from_the_first_ones_template(tmp_path: Path, runs: list[str]) -> None:
    cache = tmp_path / "cache"
    started(cache)
    assert runs.count("initdb") == 1
    kept = list((cache / "initdb").iterdir())
    assert len(kept) == 1 and (kept[0] / "data" / "PG_VERSION").is_file()
    assert not (kept[0] / "data" / "postmaster.pid").exists()  # kept before any server ran on it
    runs.clear()
    started(cache)
    assert "initdb" not in runs and "pg_ctl start" in runs
    assert len(list((cache / "initdb").iterdir())) == 1


@pytest.mark.skipif(not Path(PG15_BIN, "initdb").is_file(), reason="no PostgreSQL 15 binaries at " + PG15_BIN)
def test_each_build_has_its_own_template(tmp_path: Path, runs: list[str]) -> None:
    cache = tmp_path / "cache"
    assert started(cache) // 10000 == 18 and started(cache, "local") // 10000 == 15
    assert runs.count("initdb") == 2 and len(list((cache / "initdb").iterdir())) == 2
    runs.clear()
    assert started(cache, "local") // 10000 == 15 and started(cache) // 10000 == 18
    assert "initdb" not in runs


def test_a_replay_on_a_copy_is_the_replay_on_a_fresh_cluster(tmp_path: Path, runs: list[str]) -> None:
    cache = tmp_path / "cache"
    fresh = shadow_catalog(ROOT / "migrations")
    made = shadow_catalog(ROOT / "migrations", cache_dir=cache)
    copied = shadow_catalog(ROOT / "migrations", cache_dir=cache)
    assert runs.count("initdb") == 2  # the run without a cache and the one that made the template
    assert copied == made == fresh
    assert copied.tables  # the worked example's tables, not an empty read


def test_a_cache_others_may_write_is_not_used(tmp_path: Path, runs: list[str]) -> None:
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    os.chmod(cache, 0o777)
    started(cache)
    started(cache)
    assert runs.count("initdb") == 2 and not (cache / "initdb").exists()


def test_a_template_the_server_cannot_start_from_is_replaced_by_initdb(
    tmp_path: Path, runs: list[str]
) -> None:
    cache = tmp_path / "cache"
    started(cache)
    (kept,) = (cache / "initdb").iterdir()
    (kept / "data" / "global" / "pg_control").unlink()  # a broken template
    runs.clear()
    started(cache)
    assert runs == ["pg_ctl start", "initdb", "pg_ctl start", "pg_ctl stop"]
    assert not kept.exists()


def test_the_key_names_the_build_arguments_and_account() -> None:
    bin_dir = Path(PG15_BIN)
    argv = ["initdb", "-D", "/a/data", "-U", "x", "--locale=C"]
    env = {"PATH": "/bin", "HOME": "/a"}
    base = key(bin_dir, argv, env, (999, 999))
    # where the data directory goes and the server's home do not matter
    assert (
        key(bin_dir, ["initdb", "-D", "/b/data", "-U", "x", "--locale=C"], {**env, "HOME": "/b"}, (999, 999))
        == base
    )
    assert key(bin_dir, [*argv[:-1], "--locale=en_US.UTF-8"], env, (999, 999)) != base
    assert key(bin_dir, argv, {**env, "TZ": "UTC"}, (999, 999)) != base
    assert key(bin_dir, argv, env, (998, 999)) != base
    assert key(Path("/usr/lib/postgresql/16/bin"), argv, env, (999, 999)) != base
