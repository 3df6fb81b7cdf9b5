"""Errors a user can act on. Each carries its exit code and renders as one line: what is wrong,
where, what to do. The CLI prints ``str(error)``; a traceback is a bug."""

from __future__ import annotations

from typing import TYPE_CHECKING

from auditor.exitcodes import ExitCode

if TYPE_CHECKING:  # the model loads pglast; the CLI's --help and --version must not wait for it
    from auditor.model import Location


class AuditorError(Exception):
    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str, *, hint: str | None = None, location: Location | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.location = location

    def __str__(self) -> str:
        out = f"{self.location}: {self.message}" if self.location else self.message
        if self.hint:
            out += f" ({self.hint})"
        return out


class UsageError(AuditorError):
    """Bad flags or arguments."""

    exit_code = ExitCode.USAGE


class InputError(AuditorError):
    """A spec, config or migration file that cannot be used; ``location`` says where."""

    exit_code = ExitCode.USAGE


class NothingToAudit(InputError):
    """No source at all: no spec, no migrations folder, no database. Nothing was read, so no
    report is written either."""


class MigrationError(InputError):
    """A migration that does not apply to the shadow database."""


class DatabaseError(AuditorError):
    """A database that could not be reached or read."""

    exit_code = ExitCode.DATABASE
