"""A shadow that stops mid-replay is exit 2 at the migration's file:line, not an internal error
(issue 13 item 6): a migration that ends its own session (``pg_terminate_backend`` of its own
backend), in a file that runs as one batch and in one that runs statement by statement; and a NUL
character, which would end the text libpq sends."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from auditor.cli import main
from auditor.errors import InputError, MigrationError
from auditor.exitcodes import ExitCode
from auditor.shadow import open_shadow
from auditor.shadow.replay import replay
from tests.shadow.providers import shadow_params

KILL = "select pg_terminate_backend(pg_backend_pid())"


@pytest.fixture(scope="module", params=shadow_params())
def provider(request: pytest.FixtureRequest) -> tuple[str, dict[str, Any]]:
    return request.param  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("files", "where"),
    [
        # the batch of file 2 loses its session at its second statement
        (
            {
                "0001_a.sql": "create table a (id int);\n",
                "0002_b.sql": f"create table b (id int);\n{KILL};\n",
            },
            "0002_b.sql:1",
        ),
        # a file that owns its transaction (statements one by one)
        ({"0001_a.sql": f"begin;\ncreate table a (id int);\n{KILL};\ncommit;\n"}, "0001_a.sql:3"),
    ],
    ids=["batch", "own_transaction"],
)
def test_a_migration_that_ends_its_session_is_exit_2_at_its_line(
    provider: tuple[str, dict[str, Any]], tmp_path: Path, files: dict[str, str], where: str
) -> None:
    folder = tmp_path / "migrations"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text)
    name, kw = provider
    with open_shadow(name, **kw) as shadow, pytest.raises(MigrationError) as info:
        replay(folder, shadow)
    err = info.value
    assert err.exit_code == ExitCode.USAGE
    assert str(err).startswith(f"{folder / where}:"), str(err)
    assert "terminat" in str(err)


def test_the_audit_command_says_where(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "0001_a.sql").write_text("create table a (id int primary key);\n")
    (folder / "0002_kill.sql").write_text(f"{KILL};\ncreate table b (id int);\n")
    code = main(
        ["audit", "--no-spec", "--no-live", "--migrations", str(folder), "--out", str(tmp_path / "r")]
    )
    err = capsys.readouterr().err
    assert code == ExitCode.USAGE, err
    assert f"{folder / '0002_kill.sql'}:1: the shadow database closed the connection" in err
    assert "internal error" not in err and "Traceback" not in err


def test_a_nul_character_in_a_migration_is_exit_2_at_its_position(
    provider: tuple[str, dict[str, Any]], tmp_path: Path
) -> None:
    """libpq sends a query as a C string: the text after a NUL would silently not run."""
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "0001_a.sql").write_bytes(
        b"create table a (id int);\nselect 1;\x00\ncreate table b (id int);\n"
    )
    name, kw = provider
    with open_shadow(name, **kw) as shadow, pytest.raises(InputError) as info:
        replay(folder, shadow)
    assert str(info.value).startswith(f"{folder / '0001_a.sql'}:2:10: a NUL character"), str(info.value)
