"""Replay reports (issue 14 item 4): a failing replay names the failing statement's file:line, its
SQLSTATE and likely cause (with the server's own hint), how far it got, and the files the naming rule
skipped (often the cause); a long replay says how far it is and for how long, unless -q."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from auditor.errors import MigrationError
from auditor.shadow import open_shadow, replay
from auditor.shadow.replay import likely_cause, progress_lines
from tests.commands import schema_auditor
from tests.shadow.providers import shadow_params

# A history whose second table is made by a file the naming rule skips (Flyway's name): the third
# file fails on it.
SKIPPED_CAUSE = {
    "20240101000000_base.sql": "create table public.accounts (id bigint primary key);\n",
    "V2__users.sql": "create table public.users (id bigint primary key);\n",
    "notes.md": "not a migration, not listed\n",
    "20240103000000_orders.sql": (
        "create table public.orders (id bigint primary key);\n"
        "\n"
        "alter table public.orders\n"
        "  add column user_id bigint references public.users (id);\n"
    ),
}


@pytest.fixture(scope="module", params=shadow_params())
def provider(request: pytest.FixtureRequest) -> tuple[str, dict[str, Any]]:
    return request.param  # type: ignore[no-any-return]


def _write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


def test_failure_names_statement_sqlstate_cause_and_skipped_files(
    provider: tuple[str, dict[str, Any]], tmp_path: Path
) -> None:
    name, kw = provider
    folder = _write(tmp_path / "migrations", SKIPPED_CAUSE)
    with open_shadow(name, **kw) as shadow, pytest.raises(MigrationError) as err:
        replay(folder, shadow, platform="none")
    e = err.value
    assert e.location is not None
    assert (Path(e.location.file).name, e.location.line) == ("20240103000000_orders.sql", 3)
    assert "alter table public.orders" in e.message and "[SQLSTATE 42P01]" in e.message, e.message
    assert "(after 1 of 2 file(s) applied)" in e.message, e.message
    assert e.hint is not None and "likely cause:" in e.hint, e.hint
    assert "skipped by the naming rule" in e.hint and "V2__users.sql" in e.hint, e.hint
    assert "notes.md" not in e.hint  # not a .sql file: not a migration anyone meant to run


def test_the_server_hint_is_passed_on(provider: tuple[str, dict[str, Any]], tmp_path: Path) -> None:
    name, kw = provider
    folder = _write(tmp_path / "m", {"1_v.sql": "create view public.v as select lower(1) as x;\n"})
    with open_shadow(name, **kw) as shadow, pytest.raises(MigrationError) as err:
        replay(folder, shadow, platform="none")
    assert "[SQLSTATE 42883]" in err.value.message
    assert err.value.hint is not None and "server hint: No function matches" in err.value.hint, err.value.hint


def test_the_command_prints_one_line_with_all_of_it(tmp_path: Path) -> None:
    _write(tmp_path / "migrations", SKIPPED_CAUSE)
    r = schema_auditor("audit", "--no-spec", "--no-live", "--out", "r", cwd=tmp_path)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "Traceback" not in r.stderr
    last = r.stderr.strip().splitlines()[-1]
    for part in ("20240103000000_orders.sql:3", "SQLSTATE 42P01", "likely cause", "V2__users.sql"):
        assert part in last, last


# (SQLSTATE, server hint, what the hint must say), as data: a code of its own, a class, none.
CAUSES = [
    ("42P01", None, "does not exist yet"),
    ("42P07", None, "exists already"),
    ("42501", None, "not superuser"),
    ("42601", None, "--shadow-version"),
    ("23505", None, "breaks a constraint"),
    ("22P02", None, "invalid for its type"),
    ("P0001", None, "RAISE EXCEPTION"),
    ("42883", "You might need to add explicit type casts.", "server hint: You might need"),
]


@pytest.mark.fast
@pytest.mark.parametrize(("sqlstate", "server_hint", "needle"), CAUSES)
def test_likely_cause_by_sqlstate(sqlstate: str, server_hint: str | None, needle: str) -> None:
    said = likely_cause(sqlstate, server_hint)
    assert said is not None and needle in said, said


@pytest.mark.fast
def test_no_cause_is_invented() -> None:
    assert likely_cause(None) is None
    assert likely_cause("01000") is None  # a warning class nobody maps: nothing rather than a guess


@pytest.mark.fast
def test_progress_every_n_files_or_every_few_seconds(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter([0.0, 1.0, 2.0, 9.0, 10.0, 11.0, 12.0])  # made at 0; files done at 1, 2, 9, 10, 11, 12 s
    module = sys.modules["auditor.shadow.replay"]  # the package's `replay` is the function
    monkeypatch.setattr(module, "time", SimpleNamespace(monotonic=lambda: next(clock)))
    lines: list[str] = []
    report = progress_lines(lines.append, every=4, seconds=5.0)
    for i in range(1, 7):
        report(i, 6, f"{i}_x.sql")
    assert lines == [
        "replayed 3/6 migrations in 9.0 s (3_x.sql)",  # 5 s since the last line (none yet: since start)
        "replayed 4/6 migrations in 10.0 s (4_x.sql)",  # every 4th file
        "replayed 6/6 migrations in 12.0 s (6_x.sql)",  # the last
    ]


def test_progress_on_stderr_unless_quiet(tmp_path: Path) -> None:
    files = {
        f"2024010100000{i}_t{i}.sql": f"create table public.t{i} (id int primary key);\n" for i in range(3)
    }
    _write(tmp_path / "migrations", files)
    r = schema_auditor("audit", "--no-spec", "--no-live", "--no-rules", "--out", "r", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "replayed 3/3 migrations in " in r.stderr, r.stderr
    r = schema_auditor("audit", "-q", "--no-spec", "--no-live", "--no-rules", "--out", "r", cwd=tmp_path)
    assert r.returncode == 0 and "replayed" not in r.stderr, r.stderr
