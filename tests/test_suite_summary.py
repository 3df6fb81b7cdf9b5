"""The end-of-run summary (tests/conftest.py): skipped browser, cross-version and Docker tests are
named with how to enable them, and a run on the embedded server alone says so; with and without
pytest-xdist. Runs pytest on a small test file of its own, with our conftest as a plugin."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.commands import ROOT

SKIPS = """
import pytest

def test_browser():
    pytest.skip("chromium is not installed (apt-get install chromium)")

def test_versions():
    pytest.skip("needs two PostgreSQL major versions: set SCHEMA_AUDITOR_TEST_DSN to add one")

def test_docker():
    pytest.skip("testcontainers server postgres:15: no Docker engine answers (DockerException)")

def test_other():
    pytest.skip("mknod needs root")

def test_ok():
    pass


@pytest.fixture
def server():
    return None  # stands in for the real fixture: the summary goes by the fixture's name


def test_on_a_server(server):
    pass
"""


def _pytest(tmp_path: Path, *args: str, dsn: str = "") -> str:
    (tmp_path / "test_skips.py").write_text(SKIPS)
    env = {k: v for k, v in os.environ.items() if k != "SCHEMA_AUDITOR_TEST_DSN"}
    if dsn:
        env["SCHEMA_AUDITOR_TEST_DSN"] = dsn
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tests.conftest",
            "-p",
            "no:cacheprovider",
            *args,
            str(tmp_path / "test_skips.py"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    return r.stdout


@pytest.mark.parametrize("xdist", [(), ("-n", "2")], ids=["serial", "xdist"])
def test_skipped_gaps_are_summarised_with_how_to_run_them(tmp_path: Path, xdist: tuple[str, ...]) -> None:
    out = _pytest(tmp_path, *xdist)
    summary = out[out.index("not tested in this run") :]
    assert "1 browser test(s) skipped; to run them: apt-get install chromium" in summary
    assert "1 cross-version test(s) skipped; to run them: SCHEMA_AUDITOR_TEST_DSN=postgresql://" in summary
    assert "1 docker test(s) skipped; to run them: a Docker engine" in summary
    assert "mknod" not in summary  # a skip that no setting enables is not listed as a gap
    assert "embedded PostgreSQL 18 alone" in summary


def test_a_run_without_database_tests_does_not_talk_about_servers(tmp_path: Path) -> None:
    out = _pytest(tmp_path, "-k", "not on_a_server")
    assert "embedded PostgreSQL 18 alone" not in out and "1 browser test(s) skipped" in out


def test_a_second_server_configured_is_not_reported_missing(tmp_path: Path) -> None:
    out = _pytest(tmp_path, dsn="postgresql://postgres@127.0.0.1:5432/postgres")
    assert "embedded PostgreSQL 18 alone" not in out
    assert "1 browser test(s) skipped" in out
