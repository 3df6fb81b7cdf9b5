"""The one model of a migrations folder: which files count, by which naming rule, what is skipped and why.

Every reader of a migrations folder takes its files from :func:`read_folder`, each the list that
fits what it does with them; the lists differ on purpose, and this module is where they are told apart:

* :attr:`MigrationFolder.all_sql`: every ``*.sql`` entry that is not a directory, in lexical order.
  The offline interpreter, provenance and lint read these: a file the naming rule skips is still
  SQL someone wrote, and its findings say so.
* :attr:`MigrationFolder.applied`: the files the naming rule keeps (:data:`MIGRATION_NAME`,
  ``<digits>_<name>.sql``, the Supabase CLI's ``migrateFilePattern``), in lexical order, the order
  the CLI applies them. Replay applies these and only these.
* :attr:`MigrationFolder.skipped`: every other entry with the reason (a directory, a name the rule
  refuses). The audit makes a gap of each skipped ``.sql`` file; a failing replay names them.
* :attr:`MigrationFolder.versioned`: the files a history table can record: the naming rule's files
  and Flyway's ``V<version>__<name>.sql``. The applied-history check compares these.

A file's *label* (:func:`version_label`) is what a finding about it is named by,
``migration:<version>``: the leading digits of its name even when the naming rule skips it (lint
reads every ``*.sql``), else the file name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from auditor.errors import InputError

#: The naming rule: the Supabase CLI applies ``<digits>_<name>.sql`` (``^([0-9]+)_(.*)\\.sql$``).
MIGRATION_NAME = re.compile(r"^(?P<version>[0-9]+)_(?P<name>.*)\.sql$")
#: Flyway's versioned migrations, ``V1__init.sql``, ``V1.2__add.sql`` (``_`` in a version is a dot).
FLYWAY_NAME = re.compile(r"^V(?P<version>[0-9][0-9._]*)__(?P<name>.+)\.sql$")
# A finding's label: leading digits, with or without a name (``0001.sql`` is labelled ``0001``).
_LABEL = re.compile(r"^(?P<version>\d+)(?:_(?P<name>.+))?\.sql$")
NAMING_RULE = "<timestamp>_name.sql"


@dataclass(frozen=True)
class SkippedFile:
    """An entry of the folder that replay does not apply, and why."""

    name: str
    reason: str


@dataclass(frozen=True)
class RepoMigration:
    """A versioned migration file, as a history table records it."""

    version: str
    name: str
    path: Path


@dataclass(frozen=True)
class MigrationFolder:
    """A migrations folder read once: see the module docstring for which list serves whom."""

    path: Path
    all_sql: tuple[Path, ...]
    applied: tuple[Path, ...]
    skipped: tuple[SkippedFile, ...]

    @property
    def versioned(self) -> tuple[RepoMigration, ...]:
        """The naming rule's files and Flyway's ``V<v>__<name>.sql``, with their versions."""
        out: list[RepoMigration] = []
        for p in self.all_sql:
            m = MIGRATION_NAME.match(p.name)
            if m:
                out.append(RepoMigration(m.group("version"), m.group("name"), p))
                continue
            m = FLYWAY_NAME.match(p.name)
            if m:
                out.append(RepoMigration(m.group("version").replace("_", "."), m.group("name"), p))
        return tuple(out)

    @property
    def skipped_sql(self) -> tuple[SkippedFile, ...]:
        """The skipped entries named like SQL (:func:`sql_named`): SQL the replay never read."""
        return skipped_sql(self.skipped)


def sql_named(name: str) -> bool:
    """A name ending in ``.sql`` in any case: a skipped one is SQL someone meant to run (a README or
    ``.gitkeep`` is not)."""
    return name.lower().endswith(".sql")


def skipped_sql(skipped: Iterable[SkippedFile]) -> tuple[SkippedFile, ...]:
    """The entries of ``skipped`` named like SQL."""
    return tuple(s for s in skipped if sql_named(s.name))


def read_folder(folder: str | Path) -> MigrationFolder:
    """List a migrations folder once (names only: nothing is opened). A missing folder is an
    :class:`InputError` (exit 2)."""
    root = Path(folder)
    if not root.is_dir():
        raise InputError(f"migrations folder {root} does not exist", hint="pass --migrations DIR")
    all_sql: list[Path] = []
    applied: list[Path] = []
    skipped: list[SkippedFile] = []
    for p in sorted(root.iterdir(), key=lambda p: p.name):
        is_dir = p.is_dir()
        # Not is_file(): a dangling link or a FIFO named *.sql is refused when read, never silently left out.
        if p.suffix == ".sql" and not is_dir:
            all_sql.append(p)
        if is_dir:
            skipped.append(SkippedFile(p.name, "a directory, not a migration file"))
        elif not MIGRATION_NAME.match(p.name):
            skipped.append(SkippedFile(p.name, f'file name must match "{NAMING_RULE}"'))
        else:
            applied.append(p)
    return MigrationFolder(root, tuple(all_sql), tuple(applied), tuple(skipped))


def version_label(filename: str) -> str | None:
    """The version a finding names file ``filename`` by: its leading digits (``0001_init.sql``,
    ``0001.sql``), None when it has none."""
    m = _LABEL.match(filename)
    return m.group("version") if m else None


def name_label(filename: str) -> str:
    """The name part of ``<digits>_<name>.sql``; ``""`` for ``<digits>.sql``; else the file's stem."""
    m = _LABEL.match(filename)
    return (m.group("name") or "") if m else Path(filename).stem
