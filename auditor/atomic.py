"""Writing output files, by what the target is. A killed run never leaves half a file behind.

* A regular file (or a name not yet taken): written to a hidden temporary file in the same
  directory, flushed, fsynced, then renamed over the target.
* A symbolic link: written through to the file it points to (the link stays a link); the same
  staging happens beside the file it points to.
* A device, a FIFO or a socket: written in place, never renamed over (``-o /dev/null`` must leave
  ``/dev/null`` a device). What was written before an interruption has been read already.
* ``-``: standard output.

:func:`check_target` tells, before any work, whether a target can be written (exit 2 if not).
Every temporary file is registered while it exists; :func:`discard_all` (called as the command
ends, also on SIGINT/SIGTERM) removes any that an interruption left.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import stat
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from auditor.errors import UsageError

_BUFFER = 1 << 20
STDOUT = "-"
_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
_LIVE: set[Path] = set()  # temporary files not yet renamed or removed
_LIVE_LOCK = threading.Lock()


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """SIGINT/SIGTERM/SIGHUP wait until the block is done (they are delivered right after): a
    temporary file is never made without being registered, and renames happen all together."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


class Output(Protocol):
    path: Path  # the target as named (a link stays its own name)

    def write(self, text: str) -> None: ...

    def write_bytes(self, data: bytes) -> None: ...

    def finish(self) -> None: ...

    def commit(self) -> None: ...

    def discard(self) -> None: ...


class StagedFile:
    """A file written in pieces to a hidden temporary file beside ``path``: :meth:`finish` puts it on
    disk, :meth:`commit` renames it over ``path``, :meth:`discard` removes it (safe after commit).
    Several files can be staged completely before any is committed (the report formats are).
    ``path`` may be a symbolic link: the file it points to is the one replaced."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.real = _through_links(path)
        self.real.parent.mkdir(parents=True, exist_ok=True)
        self._fh: BinaryIO | None = None
        self._committed = False
        with signals_held():
            fd, tmp = tempfile.mkstemp(prefix=f".{self.real.name}.", suffix=".tmp", dir=self.real.parent)
            self.tmp = Path(tmp)
            with _LIVE_LOCK:
                _LIVE.add(self.tmp)
        try:
            self._fh = open(fd, "wb", buffering=_BUFFER)  # noqa: SIM115 (closed by finish or discard)
        except BaseException:
            os.close(fd)
            self.discard()
            raise

    def write(self, text: str) -> None:
        self.write_bytes(text.encode("utf-8"))

    def write_bytes(self, data: bytes) -> None:
        assert self._fh is not None
        self._fh.write(data)

    def finish(self) -> None:
        """Everything written: on disk, closed, readable like any other file."""
        assert self._fh is not None
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        self._fh = None
        os.chmod(self.tmp, 0o644)

    def commit(self) -> None:
        os.replace(self.tmp, self.real)
        self._committed = True
        with _LIVE_LOCK:
            _LIVE.discard(self.tmp)

    def discard(self) -> None:
        if self._fh is not None:
            with contextlib.suppress(OSError):
                self._fh.close()
            self._fh = None
        if not self._committed:
            with contextlib.suppress(FileNotFoundError):
                self.tmp.unlink()
            with _LIVE_LOCK:
                _LIVE.discard(self.tmp)


class InPlaceFile:
    """A device or a FIFO, written in place as the text comes (a FIFO waits for its reader)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
        except OSError as e:
            raise _unwritable(path, e.strerror or str(e)) from None
        self._fh: BinaryIO | None = open(fd, "wb", buffering=_BUFFER)  # noqa: SIM115 (closed in finish/discard)

    def write(self, text: str) -> None:
        self.write_bytes(text.encode("utf-8"))

    def write_bytes(self, data: bytes) -> None:
        assert self._fh is not None
        self._fh.write(data)

    def finish(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def commit(self) -> None:
        self.finish()

    def discard(self) -> None:
        if self._fh is not None:
            with contextlib.suppress(OSError):
                self._fh.close()
            self._fh = None


class SocketFile(InPlaceFile):
    """A Unix stream socket: connected to, and the text sent to it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self._sock.connect(str(path))
        except OSError as e:
            self._sock.close()
            raise _unwritable(path, e.strerror or str(e)) from None
        self._fh = self._sock.makefile("wb", buffering=_BUFFER)  # type: ignore[assignment]

    def finish(self) -> None:
        super().finish()
        self._sock.close()

    def discard(self) -> None:
        super().discard()
        self._sock.close()


class StdoutOutput:
    """Standard output (``-``): the text goes to ``sys.stdout`` as it comes."""

    def __init__(self) -> None:
        self.path = Path(STDOUT)

    def write(self, text: str) -> None:
        from auditor.redact import write_data

        write_data(text)

    def write_bytes(self, data: bytes) -> None:
        self.write(data.decode("utf-8"))

    def finish(self) -> None:
        from auditor.redact import end_data

        with contextlib.suppress(OSError, ValueError):
            end_data()
            sys.stdout.flush()

    def commit(self) -> None:
        self.finish()

    def discard(self) -> None:
        self.finish()


def open_output(path: Path | str) -> Output:
    """An :class:`Output` for ``path`` by what it is (see the module docstring)."""
    if str(path) == STDOUT:
        return StdoutOutput()
    p = Path(path)
    kind = _kind(_through_links(p))
    if kind == "special":
        return InPlaceFile(p)
    if kind == "socket":
        return SocketFile(p)
    if kind == "directory":
        raise _unwritable(p, "it is a directory")
    return StagedFile(p)


def check_target(path: Path | str, *, directory: bool = False) -> None:
    """Raise :class:`UsageError` (exit 2) now, before any work, when ``path`` cannot be written:
    its directory cannot be made or written, it is a directory (a file was wanted) or not one
    (``directory``: a folder of reports was wanted), a link that loops. Creates missing parent
    directories (the write would)."""
    if str(path) == STDOUT:
        return
    p = Path(path)
    try:
        real = _through_links(p)
    except OSError as e:
        raise _unwritable(p, e.strerror or str(e)) from None
    kind = _kind(real)
    if kind in ("special", "socket"):
        if not os.access(real, os.W_OK):
            raise _unwritable(p, "permission denied")
        return
    if directory:
        if kind not in ("directory", "missing"):
            raise _unwritable(p, "not a directory", hint="name a directory for the reports, or - for stdout")
        folder = real
    else:
        if kind == "directory":
            raise _unwritable(p, "it is a directory", hint="name a file, or - for stdout")
        folder = real.parent
    above = folder
    while not above.exists() and above != above.parent:
        above = above.parent
    if not above.is_dir():
        raise _unwritable(p, f"{above} is not a directory")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # The only sure test of a directory (root ignores modes, a read-only mount does not): try it.
        with signals_held():
            fd, probe = tempfile.mkstemp(prefix=".schema-auditor-probe.", dir=folder)
            os.close(fd)
            os.unlink(probe)
    except OSError as e:
        raise _unwritable(p, e.strerror or str(e)) from None


def discard_all() -> None:
    """Remove every temporary file not yet renamed (an interrupted write's)."""
    with _LIVE_LOCK:
        left = list(_LIVE)
        _LIVE.clear()
    for tmp in left:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _through_links(path: Path) -> Path:
    """The file a chain of symbolic links ends at (``path`` itself when it is not a link); a
    dangling link ends at the name it points to, which the write then creates."""
    p = path
    for _ in range(40):  # as the kernel's own limit on links followed
        if not p.is_symlink():
            return p
        target = Path(os.readlink(p))
        p = target if target.is_absolute() else p.parent / target
    raise OSError(40, "too many levels of symbolic links")


def _kind(p: Path) -> str:
    try:
        mode = os.stat(p).st_mode
    except FileNotFoundError:
        return "missing"
    except NotADirectoryError:
        return "missing"  # a parent that is a file: mkdir/probe will say so
    if stat.S_ISDIR(mode):
        return "directory"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special"  # character or block device, FIFO


def _unwritable(path: Path, why: str, hint: str | None = None) -> UsageError:
    return UsageError(
        f"cannot write {path}: {why}",
        hint=hint or "choose another output, or fix its directory's permissions",
    )


def write_bytes_atomic(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` by what it is (see the module docstring)."""
    out = open_output(path)
    try:
        out.write_bytes(data)
        out.finish()
        with signals_held():
            out.commit()
    finally:
        out.discard()


def write_text_atomic(path: Path | str, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))
