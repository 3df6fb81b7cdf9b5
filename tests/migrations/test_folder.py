"""The one model of a migrations folder: which files each reader takes, by one naming rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.errors import InputError
from auditor.migrations.folder import name_label, read_folder, version_label
from auditor.migrations.history import repository_migrations
from auditor.migrations.parse import migration_files
from auditor.shadow.replay import list_migrations

# Each entry of the folder: (in all_sql: lint/offline/provenance read it, applied: replay applies it,
# versioned as: the version a history table records it by, or None)
ENTRIES: dict[str, tuple[bool, bool, str | None]] = {
    "20240101000000_init.sql": (True, True, "20240101000000"),
    "20240101000001_.sql": (True, True, "20240101000001"),  # the CLI applies an empty name
    "0001.sql": (True, False, None),  # no "_name": skipped by replay, still SQL to lint
    "V1_2__flyway.sql": (True, False, "1.2"),
    "\u0663_arabic_digit.sql": (True, False, None),  # [0-9] only, as the CLI's pattern
    "notes.SQL": (False, False, None),
    "README.md": (False, False, None),
    "seed.sql.bak": (False, False, None),
}
DIRECTORY = "archive.sql"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name in ENTRIES:
        (tmp_path / name).write_text("select 1;\n")
    (tmp_path / DIRECTORY).mkdir()
    return tmp_path


def test_each_reader_takes_its_list(folder: Path) -> None:
    model = read_folder(folder)
    names = sorted([*ENTRIES, DIRECTORY])
    assert [p.name for p in model.all_sql] == [n for n in names if n in ENTRIES and ENTRIES[n][0]]
    assert [p.name for p in model.applied] == [n for n in names if n in ENTRIES and ENTRIES[n][1]]
    assert [s.name for s in model.skipped] == [n for n in names if n not in ENTRIES or not ENTRIES[n][1]]
    assert {s.name: s.reason for s in model.skipped}[DIRECTORY] == "a directory, not a migration file"
    assert [s.name for s in model.skipped_sql] == [
        n for n in names if n.lower().endswith(".sql") and (n not in ENTRIES or not ENTRIES[n][1])
    ]
    versioned = {m.path.name: m.version for m in model.versioned}
    assert versioned == {n: v for n, (_, _, v) in ENTRIES.items() if v is not None}


def test_callers_read_the_model(folder: Path) -> None:
    model = read_folder(folder)
    assert migration_files(folder) == list(model.all_sql)
    applied, skipped = list_migrations(folder)
    assert (applied, skipped) == (list(model.applied), list(model.skipped))
    assert repository_migrations(folder) == list(model.versioned)
    # what replay applies, the history check knows by the same version
    assert {p.name for p in model.applied} <= {m.path.name for m in model.versioned}


@pytest.mark.parametrize(
    ("filename", "version", "name"),
    [
        ("20240101000000_init.sql", "20240101000000", "init"),
        ("0001.sql", "0001", ""),
        ("V1__init.sql", None, "V1__init"),
        ("seed.sql", None, "seed"),
    ],
)
def test_finding_labels(filename: str, version: str | None, name: str) -> None:
    assert (version_label(filename), name_label(filename)) == (version, name)


def test_missing_folder_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        read_folder(tmp_path / "nope")
