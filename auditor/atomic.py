"""Atomic file writes: a temporary file in the destination directory, then rename. A killed run
never leaves half a file behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

_BUFFER = 1 << 20


class StagedFile:
    """A file written in pieces to a hidden temporary file beside ``path``: :meth:`finish` puts it on
    disk, :meth:`commit` renames it over ``path``, :meth:`discard` removes it (safe after commit).
    Several files can be staged completely before any is committed (the report formats are)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        self.tmp = Path(tmp)
        self._fh: BinaryIO | None = None
        try:
            self._fh = open(fd, "wb", buffering=_BUFFER)  # noqa: SIM115 (closed by finish or discard)
        except BaseException:
            os.close(fd)
            self.tmp.unlink()
            raise
        self._committed = False

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
        os.replace(self.tmp, self.path)
        self._committed = True

    def discard(self) -> None:
        if self._fh is not None:
            with contextlib.suppress(OSError):
                self._fh.close()
            self._fh = None
        if not self._committed:
            with contextlib.suppress(FileNotFoundError):
                self.tmp.unlink()


def write_bytes_atomic(path: Path, data: bytes) -> None:
    staged = StagedFile(path)
    try:
        staged.write_bytes(data)
        staged.finish()
        staged.commit()
    finally:
        staged.discard()


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))
