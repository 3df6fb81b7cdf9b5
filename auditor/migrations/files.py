"""Reading a migration file, and only a migration file.

A migrations folder comes from a pull request anyone can write, so a "migration" may be a symbolic
link to a pgpass file, to ``/proc/self/environ`` or to a FIFO that never ends. A file is read only
when it is a regular file inside its migrations folder: a link is followed, and refused (exit 2,
naming the file, never quoting what it points to) when it leaves the folder, points at something
that is not a regular file, dangles or loops. The check is made on the file actually opened
(``O_NOFOLLOW`` on the resolved path, then ``fstat``), so the link cannot be swapped in between,
and opening never waits on a FIFO (``O_NONBLOCK``).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from auditor.errors import InputError
from auditor.model import Location

_HINT = "a migration must be a regular file inside the migrations folder (a link: replace it by the file)"


def _refuse(path: Path, why: str, hint: str = _HINT) -> InputError:
    return InputError(f"migration file refused: {why}", location=Location(str(path)), hint=hint)


def resolve_migration(path: str | Path, folder: str | Path | None = None) -> Path:
    """The real path of migration file ``path`` (links followed), checked: inside ``folder``
    (default: the folder ``path`` is in). Raises :class:`InputError` (exit 2) otherwise."""
    p = Path(path)
    root = Path(folder) if folder is not None else p.parent
    try:
        real_root = root.resolve(strict=True)
        real = p.resolve(strict=True)
    except FileNotFoundError:
        if p.is_symlink():
            raise _refuse(p, "a symbolic link to nothing (dangling)") from None
        raise _refuse(p, "no such file", hint="check the path") from None
    except RuntimeError:  # Python < 3.13 reports a loop this way
        raise _refuse(p, "a symbolic link loop") from None
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise _refuse(p, "a symbolic link loop") from None
        raise _refuse(p, e.strerror or str(e), hint="check the file's permissions") from None
    if real != real_root and real_root not in real.parents:
        raise _refuse(p, "a symbolic link that leads outside the migrations folder")
    return real


def read_migration_bytes(path: str | Path, folder: str | Path | None = None) -> bytes:
    """The bytes of migration file ``path``, when it is a regular file inside ``folder``."""
    p = Path(path)
    real = resolve_migration(p, folder)
    try:
        fd = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as e:
        if e.errno == errno.ELOOP:  # swapped for a link since it was resolved
            raise _refuse(p, "a symbolic link that changed while being read") from None
        raise _refuse(p, e.strerror or str(e), hint="check the file's permissions") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = "a directory" if stat.S_ISDIR(mode) else "not a regular file (a device, FIFO or socket)"
            raise _refuse(p, kind)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read()
    finally:
        os.close(fd)


def read_migration_text(path: str | Path, folder: str | Path | None = None) -> str:
    """The text of migration file ``path`` (UTF-8, a byte-order mark dropped), checked as
    :func:`read_migration_bytes` checks it; not UTF-8 is an :class:`InputError` with line:column."""
    raw = read_migration_bytes(path, folder)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        start = e.start + (3 if raw.startswith(b"\xef\xbb\xbf") else 0)
        line = raw.count(b"\n", 0, start) + 1
        col = start - (raw.rfind(b"\n", 0, start) + 1) + 1
        raise InputError(
            "migration file is not UTF-8", location=Location(str(path), line, col), hint="save it as UTF-8"
        ) from None
