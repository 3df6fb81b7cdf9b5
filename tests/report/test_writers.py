"""write_reports: every format, atomically; nothing half-written on error or when killed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from auditor.errors import UsageError
from auditor.report import FILE_NAMES, write_reports
from auditor.report.model import Report
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
