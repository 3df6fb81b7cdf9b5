"""write_reports: every format, atomically; nothing half-written on error or when killed."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from auditor.errors import UsageError
from auditor.report import FILE_NAMES, write_reports
from auditor.report.model import Report
from tests.commands import ROOT, schema_auditor
from tests.report.conftest import all_findings, make_report


def test_writes_every_format(tmp_path: Path, report: Report) -> None:
    out = tmp_path / "reports" / "nested"
    paths = write_reports(report, out, ["json", "html", "sarif", "junit", "md"])
    assert [p.name for p in paths] == list(FILE_NAMES.values())
    for p in paths:
        assert p.stat().st_size > 0
    assert json.loads((out / "audit.json").read_text())["verdict"] == "fail"
    assert sorted(os.listdir(out)) == sorted(FILE_NAMES.values())  # no temp files left


def test_unknown_format_is_a_usage_error(tmp_path: Path, report: Report) -> None:
    with pytest.raises(UsageError):
        write_reports(report, tmp_path, ["json", "pdf"])
    assert list(tmp_path.iterdir()) == []


def test_failure_while_writing_keeps_the_old_file_and_no_temp(
    tmp_path: Path, report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "audit.json").write_text("OLD")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        write_reports(report, tmp_path, ["json"])
    assert (tmp_path / "audit.json").read_text() == "OLD"
    assert os.listdir(tmp_path) == ["audit.json"]


def test_failure_at_rename_keeps_the_old_file_and_no_temp(
    tmp_path: Path, report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "audit.sarif").write_text("OLD")

    def refuse(src: str, dst: str) -> None:
        raise PermissionError("read-only")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(PermissionError):
        write_reports(report, tmp_path, ["sarif"])
    assert (tmp_path / "audit.sarif").read_text() == "OLD"
    assert os.listdir(tmp_path) == ["audit.sarif"]


def test_a_renderer_error_writes_nothing(
    tmp_path: Path, report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The HTML renderer fails half-way through the findings, after the JSON is partly staged."""
    from auditor.report.html import HtmlDocument

    def broken(self: HtmlDocument, *args: object) -> str:
        raise RuntimeError("template bug")

    monkeypatch.setattr(HtmlDocument, "block", broken)
    (tmp_path / "audit.json").write_text("OLD")
    with pytest.raises(RuntimeError):
        write_reports(report, tmp_path, ["json", "html"])
    assert (tmp_path / "audit.json").read_text() == "OLD"  # json was staged but never renamed
    assert os.listdir(tmp_path) == ["audit.json"]


def test_an_error_after_staging_one_format_leaves_no_temp(
    tmp_path: Path, report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    import auditor.report.writers as writers

    def broken(_: Report) -> Iterator[bytes]:
        yield b"<?xml"
        raise RuntimeError("junit bug")

    monkeypatch.setattr(writers, "junit_chunks", broken)
    with pytest.raises(RuntimeError):
        write_reports(report, tmp_path, ["json", "html", "sarif", "junit", "md"])
    assert os.listdir(tmp_path) == []


def test_a_killed_run_leaves_the_old_report_whole(tmp_path: Path) -> None:
    """SIGKILL while the new report is on disk but not yet renamed: the old file is intact."""
    (tmp_path / "audit.json").write_text('{"old": true}')
    ready = tmp_path / "ready"
    child = textwrap.dedent(
        f"""
        import os, time
        from pathlib import Path
        from tests.report.conftest import all_findings, make_report
        from auditor.report import write_reports

        def stall(src, dst):
            Path({str(ready)!r}).write_text("x")
            time.sleep(60)

        os.replace = stall
        write_reports(make_report(all_findings() * 200), Path({str(tmp_path)!r}), ["json"])
        """
    )
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen([sys.executable, "-c", child], cwd=root)
    try:
        deadline = time.monotonic() + 30
        while not ready.exists():
            assert proc.poll() is None, "child exited before writing"
            assert time.monotonic() < deadline, "child never reached the rename"
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert json.loads((tmp_path / "audit.json").read_text()) == {"old": True}
    leftovers = [p.name for p in tmp_path.iterdir() if p.name not in ("audit.json", "ready")]
    # A killed process cannot clean up: its temp file is hidden and never named like a report.
    assert all(n.startswith(".audit.json.") and n.endswith(".tmp") for n in leftovers)


def test_markdown_is_appended_to_the_github_step_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "step_summary.md"
    summary.write_text("# earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    write_reports(make_report(all_findings()), tmp_path / "out", ["md"])
    text = summary.read_text()
    assert text.startswith("# earlier step\n")
    assert "schema-auditor: fail" in text


def test_no_step_summary_without_md(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "step_summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    write_reports(make_report([]), tmp_path / "out", ["json"])
    assert not summary.exists()


# --- output targets by kind (never the real /dev/null: a private device node in tmp_path) ------------


def _mode(p: Path) -> int:
    return os.lstat(p).st_mode


def test_a_symlinked_report_is_written_through_and_stays_a_link(tmp_path: Path, report: Report) -> None:
    elsewhere = tmp_path / "kept" / "latest.json"
    elsewhere.parent.mkdir()
    elsewhere.write_text("OLD")
    out = tmp_path / "reports"
    out.mkdir()
    (out / "audit.json").symlink_to(elsewhere)
    write_reports(report, out, ["json"])
    assert stat.S_ISLNK(_mode(out / "audit.json"))
    assert json.loads(elsewhere.read_text())["format"] == "schema-auditor-report"
    assert sorted(os.listdir(out)) == ["audit.json"]
    assert sorted(os.listdir(elsewhere.parent)) == ["latest.json"]  # staged beside the target, renamed


def _device(tmp_path: Path) -> Path:
    if os.geteuid() != 0:
        pytest.skip("mknod needs root")
    dev = tmp_path / "null"
    os.mknod(dev, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a private node of the null device
    return dev


def test_a_device_is_written_in_place_never_renamed_over(tmp_path: Path, report: Report) -> None:
    from auditor.atomic import write_text_atomic

    dev = _device(tmp_path)
    rdev = os.stat(dev).st_rdev
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "audit.json").symlink_to(dev)
    write_reports(report, tmp_path / "out", ["json", "md"])  # one entry a link to the device
    write_reports(report, dev, ["json", "html", "sarif", "junit", "md"])  # the device as --out
    write_text_atomic(dev, "spec: 1\n")  # as snapshot -o writes
    assert stat.S_ISCHR(_mode(dev)) and os.stat(dev).st_rdev == rdev
    assert stat.S_ISLNK(_mode(tmp_path / "out" / "audit.json"))
    assert sorted(os.listdir(tmp_path)) == ["null", "out"]  # no temporary file beside it


def test_a_fifo_is_written_in_place_for_its_reader(tmp_path: Path, report: Report) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    try:
        write_reports(report, fifo, ["json"])
    finally:
        reader.join(30)
    assert stat.S_ISFIFO(_mode(fifo))
    assert json.loads(got[0])["format"] == "schema-auditor-report"
    assert sorted(os.listdir(tmp_path)) == ["pipe"]


def test_a_fifo_takes_one_format(tmp_path: Path, report: Report) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(UsageError, match="one report format"):
        write_reports(report, fifo, ["json", "html"])  # refused before opening: no reader needed


def test_a_socket_receives_the_report(tmp_path: Path, report: Report) -> None:
    path = tmp_path / "s.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(1)
    got: list[bytes] = []

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            chunks = []
            while data := conn.recv(65536):
                chunks.append(data)
            got.append(b"".join(chunks))

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    try:
        write_reports(report, path, ["sarif"])
    finally:
        t.join(30)
        server.close()
    assert stat.S_ISSOCK(_mode(path))
    assert json.loads(got[0])["version"] == "2.1.0"


def test_a_regular_file_as_out_is_refused(tmp_path: Path, report: Report) -> None:
    f = tmp_path / "notadir"
    f.write_text("KEEP")
    with pytest.raises(UsageError, match="not a directory"):
        write_reports(report, f, ["json"])
    assert f.read_text() == "KEEP"


# --- the command line: --out -, unwritable targets, signals ------------------------------------------

# A database that cannot be reached: a command that got as far as reading it would exit 3.
UNREACHABLE = "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2"


def test_out_dash_writes_one_format_to_stdout(tmp_path: Path) -> None:
    r = schema_auditor("audit", "--no-live", "--no-shadow", "--out", "-", "--format", "sarif")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["version"] == "2.1.0"  # stdout is the report alone
    assert "schema-auditor:" in r.stderr  # the summary went to stderr
    assert not (ROOT / "-").exists()
    r = schema_auditor("audit", "--no-live", "--no-shadow", "--out", "-", "--quiet")
    assert json.loads(r.stdout)["format"] == "schema-auditor-report"  # JSON unless --format says


def test_out_dash_with_two_formats_is_exit_2(tmp_path: Path) -> None:
    r = schema_auditor("audit", "--dsn", UNREACHABLE, "--out", "-", "--format", "json,html")
    assert r.returncode == 2, r.stderr
    assert "one report format" in r.stderr
    assert r.stdout == ""


def _unwritable_cases(tmp_path: Path) -> list[str]:
    afile = tmp_path / "afile"
    afile.write_text("x")
    return [str(afile / "reports"), "/proc/schema-auditor-reports"]


def test_an_unwritable_out_is_exit_2_before_the_database_is_read(tmp_path: Path) -> None:
    for out in _unwritable_cases(tmp_path):
        r = schema_auditor("audit", "--dsn", UNREACHABLE, "--no-spec", "--no-migrations", "--out", out)
        assert r.returncode == 2, (out, r.stderr)
        assert f"cannot write {out}" in r.stderr
        assert "Traceback" not in r.stderr and "reading live" not in r.stderr
        r = schema_auditor("snapshot", "--dsn", UNREACHABLE, "-o", out + "/spec.yaml")
        assert r.returncode == 2, (out, r.stderr)
        assert "cannot write" in r.stderr and "Traceback" not in r.stderr


def test_a_read_only_directory_is_exit_2_before_work() -> None:
    """Root ignores directory modes: the command runs as nobody, as an unprivileged CI user would
    (in a directory of its own under /tmp: pytest's tmp_path is private to root)."""
    base = Path(tempfile.mkdtemp(prefix="sa-ro-"))
    try:
        os.chmod(base, 0o755)
        ro = base / "ro"
        ro.mkdir()
        os.chmod(ro, 0o555)
        prefix: list[str] = []
        if os.geteuid() == 0:
            prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        for args in (
            ["audit", "--no-spec", "--no-migrations", "--out", str(ro / "reports")],
            ["snapshot", "-o", str(ro / "s.yaml")],
        ):
            r = subprocess.run(
                [*prefix, sys.executable, "-m", "auditor", *args, "--dsn", UNREACHABLE],
                cwd=base,
                capture_output=True,
                text=True,
                timeout=120,
                env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"PYTHONPATH": str(ROOT)},
            )
            assert r.returncode == 2, r.stderr
            assert "cannot write" in r.stderr and "Permission denied" in r.stderr
        assert os.listdir(ro) == []
    finally:
        os.chmod(base / "ro", 0o755)
        shutil.rmtree(base)


_SLOW_WRITER = """
import os, sys, time
from pathlib import Path
import auditor.report.writers as writers
from auditor.cli import main

real_render, real_junit = writers._render_into, writers.junit_chunks

def stall():
    Path({ready!r}).write_text("x")  # .tmp files exist now
    time.sleep(60)

def slow_render(report, staged, rule_docs):
    out = real_render(report, staged, rule_docs)
    stall()  # every format staged, none renamed
    return out

def slow_junit(report):
    for i, piece in enumerate(real_junit(report)):
        yield piece
        if i == 0:
            stall()  # in the middle of rendering JUnit

if {where!r} == "junit":
    writers.junit_chunks = slow_junit
else:
    writers._render_into = slow_render
argv = ["audit", "--no-live", "--no-shadow", "--out", {out!r}, "--format", "json,html,sarif,junit,md"]
sys.exit(main(argv))
"""


@pytest.mark.parametrize(
    ("sig", "code", "where"),
    [
        (signal.SIGINT, 130, "staged"),
        (signal.SIGTERM, 143, "staged"),
        (signal.SIGINT, 130, "junit"),
        (signal.SIGTERM, 143, "junit"),
        (signal.SIGHUP, 129, "staged"),
    ],
    ids=["SIGINT-staged", "SIGTERM-staged", "SIGINT-junit", "SIGTERM-junit", "SIGHUP-staged"],
)
def test_a_signal_while_writing_removes_the_temporary_files(
    tmp_path: Path, sig: int, code: int, where: str
) -> None:
    out = tmp_path / "reports"
    out.mkdir()
    (out / "audit.json").write_text('{"old": true}')
    ready = tmp_path / "ready"
    proc = subprocess.Popen(
        [sys.executable, "-c", _SLOW_WRITER.format(ready=str(ready), out=str(out), where=where)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "never reached the write"
            time.sleep(0.05)
        assert any(n.endswith(".tmp") for n in os.listdir(out))  # the moment is the right one
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == code, err
    assert "Traceback" not in err
    assert os.listdir(out) == ["audit.json"]  # no .tmp left, nothing half-written
    assert json.loads((out / "audit.json").read_text()) == {"old": True}


def test_snapshot_o_by_target_kind(dsn: str, tmp_path: Path) -> None:
    """The issue's case: ``snapshot -o`` onto a device, a link and a FIFO, from a real database."""
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute("create table if not exists public.kinds (id integer primary key)")
    dev = _device(tmp_path)
    r = schema_auditor("snapshot", "--dsn", dsn, "-o", str(dev))
    assert r.returncode == 0, r.stderr
    assert stat.S_ISCHR(_mode(dev))
    target = tmp_path / "specs" / "live.yaml"
    target.parent.mkdir()
    link = tmp_path / "expected_schema.yaml"
    link.symlink_to(target)
    r = schema_auditor("snapshot", "--dsn", dsn, "-o", str(link))
    assert r.returncode == 0, r.stderr
    assert stat.S_ISLNK(_mode(link)) and "kinds:" in target.read_text()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    r = schema_auditor("snapshot", "--dsn", dsn, "-o", str(fifo))
    reader.join(30)
    assert r.returncode == 0, r.stderr
    assert stat.S_ISFIFO(_mode(fifo)) and b"kinds:" in got[0]
    assert sorted(os.listdir(tmp_path)) == ["expected_schema.yaml", "null", "pipe", "specs"]
    assert os.listdir(target.parent) == ["live.yaml"]
