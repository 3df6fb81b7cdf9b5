"""A migration is read only when it is a regular file inside its migrations folder.

Each case builds a folder the way a pull request could, then reads it as every reader does (replay's
listing and reader, the parser, the offline catalog, lint); a refused file is exit 2 naming the file,
never quoting what it points to, and never hangs.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from auditor.errors import InputError
from auditor.migrations.files import read_migration_bytes, read_migration_text
from tests.commands import schema_auditor

SECRET = "Pgpass-s3cret-0Zx"
OK_SQL = "create table public.t (id int);\n"


def _outside_file(tmp: Path, d: Path) -> None:
    (tmp / "pgpass").write_text(f"db:5432:*:app:{SECRET}\n")
    (d / "20240102000000_x.sql").symlink_to(tmp / "pgpass")


def _environ(tmp: Path, d: Path) -> None:
    (d / "20240102000000_x.sql").symlink_to("/proc/self/environ")


def _dangling(tmp: Path, d: Path) -> None:
    (d / "20240102000000_x.sql").symlink_to(d / "nothing.sql")


def _loop(tmp: Path, d: Path) -> None:
    (d / "20240102000000_x.sql").symlink_to(d / "20240102000000_x.sql")


def _fifo(tmp: Path, d: Path) -> None:
    os.mkfifo(d / "20240102000000_x.sql")


def _link_to_fifo(tmp: Path, d: Path) -> None:
    os.mkfifo(d / "pipe")
    (d / "20240102000000_x.sql").symlink_to("pipe")


def _relative_escape(tmp: Path, d: Path) -> None:
    (tmp / "pgpass").write_text(f"{SECRET}\n")
    (d / "sub").mkdir()
    (d / "20240102000000_x.sql").symlink_to("sub/../../pgpass")


REFUSED: dict[str, tuple[Callable[[Path, Path], None], str]] = {
    "link-out-of-the-folder": (_outside_file, "leads outside the migrations folder"),
    "link-to-proc-environ": (_environ, "leads outside the migrations folder"),
    "relative-link-climbing-out": (_relative_escape, "leads outside the migrations folder"),
    "dangling-link": (_dangling, "dangling"),
    "link-loop": (_loop, "loop"),
    "fifo": (_fifo, "not a regular file"),
    "link-to-a-fifo-inside": (_link_to_fifo, "not a regular file"),
}


def _folder(tmp_path: Path, build: Callable[[Path, Path], None]) -> Path:
    d = tmp_path / "migrations"
    d.mkdir()
    (d / "20240101000000_init.sql").write_text(OK_SQL)
    build(tmp_path, d)
    return d


def _no_hang(fn: Callable[[], object]) -> object:
    """Run ``fn`` in a thread and fail (instead of hanging the suite) if it does not return."""
    box: list[object] = []

    def target() -> None:
        try:
            box.append(fn())
        except BaseException as e:  # handed back to the test
            box.append(e)

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(20)
    assert box, "reading the migration hung"
    return box[0]


@pytest.mark.parametrize("case", list(REFUSED))
def test_each_reader_refuses(tmp_path: Path, case: str) -> None:
    from auditor.migrations.parse import parse_folder
    from auditor.shadow.replay import _read, list_migrations

    build, why = REFUSED[case]
    d = _folder(tmp_path, build)
    bad = d / "20240102000000_x.sql"
    files, _skipped = list_migrations(d)
    assert bad in files  # listed, so it cannot be silently left out
    for read in (lambda: read_migration_bytes(bad), lambda: _read(bad), lambda: parse_folder(d)):
        err = _no_hang(read)
        assert isinstance(err, InputError), err
        assert why in str(err) and str(bad) in str(err)
        assert SECRET not in str(err)


@pytest.mark.parametrize("case", list(REFUSED))
def test_the_commands_exit_2_naming_the_file(tmp_path: Path, case: str) -> None:
    d = _folder(tmp_path, REFUSED[case][0])
    for args in (
        ["lint-migrations", str(d)],
        [
            "audit",
            "--no-live",
            "--no-spec",
            "--no-shadow",
            "--migrations",
            str(d),
            "--out",
            str(tmp_path / "r"),
        ],
    ):
        r = schema_auditor(*args, cwd=tmp_path, timeout=60)
        assert r.returncode == 2, (args, r.stderr)
        assert "20240102000000_x.sql" in r.stderr and "Traceback" not in r.stderr
        assert SECRET not in r.stdout + r.stderr
        assert "PATH=" not in r.stdout + r.stderr  # nothing of /proc/self/environ


def test_a_link_inside_the_folder_is_followed(tmp_path: Path) -> None:
    d = tmp_path / "migrations"
    (d / "shared").mkdir(parents=True)
    (d / "shared" / "body.sql").write_text(OK_SQL)
    (d / "20240101000000_init.sql").symlink_to("shared/body.sql")
    assert read_migration_text(d / "20240101000000_init.sql") == OK_SQL


def test_a_folder_that_is_itself_a_link_is_fine(tmp_path: Path) -> None:
    real = tmp_path / "supabase" / "migrations"
    real.mkdir(parents=True)
    (real / "20240101000000_init.sql").write_text(OK_SQL)
    (tmp_path / "migrations").symlink_to(real)
    assert read_migration_text(tmp_path / "migrations" / "20240101000000_init.sql") == OK_SQL


def test_not_utf8_names_line_and_column(tmp_path: Path) -> None:
    f = tmp_path / "20240101000000_bad.sql"
    f.write_bytes(b"\xef\xbb\xbfselect 1;\nselect '\xff';\n")
    with pytest.raises(InputError) as e:
        read_migration_text(f)
    assert e.value.location is not None and (e.value.location.line, e.value.location.column) == (2, 9)
