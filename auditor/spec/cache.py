"""A content-addressed cache of what is costly to rebuild: the loaded spec, (for the audit's fast
path, :mod:`auditor.fleet.livecache`) the live catalog last read with its catalog stamp, and a
whole run's report under the key of all its inputs (:mod:`auditor.resultcache`).

An entry is named by a key hashed from everything its value depends on: the input's bytes, the
tool's code (its version and a stamp of its source files, so an edited checkout is a new tool) and
the options that shape the value. One entry is one file, written atomically (hidden temporary file,
fsync, rename), so a killed run leaves the old entry or the new one, never half of one.

Nothing in the cache is trusted blindly:

* each file starts with a header naming the format, the tool, the key and the SHA-256 of the
  payload; a file whose header does not parse, names another tool or key ("foreign"), or whose
  payload does not hash to the header's digest ("corrupt") is ignored, and rewritten by the caller;
* the cache directory must belong to the user running the tool and be writable by no one else
  (as ssh treats ``~/.ssh``); otherwise the cache is not used at all, because a payload is a
  pickle and only the user's own files may be unpickled;
* nothing secret goes in: keys are hashes, a database is named by host, port, database and user
  (never the password, never the DSN), and values are schema models.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import stat
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from auditor.memory import gc_paused

MAGIC = b"schema-auditor cache\n"
FORMAT = 1
DIR_NAME = "schema-auditor"
#: Entries kept per kind: the least recently used beyond it are removed when one is written (an
#: entry of a 5,000-table schema is 17 MB; every edit of the spec or the tool makes a new one).
KEEP = 8


def default_dir() -> Path:
    """``$XDG_CACHE_HOME/schema-auditor``, else ``~/.cache/schema-auditor``."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / DIR_NAME


@cache
def tool_stamp() -> str:
    """The tool's identity for cache keys: its version and the size and modification time of every
    source file of the package (an edited checkout keeps its version but is another tool)."""
    import auditor

    root = Path(auditor.__file__).parent
    h = hashlib.sha256(str(getattr(auditor, "__version__", "?")).encode())
    for p in sorted(root.rglob("*")):
        if p.suffix in (".py", ".sql", ".json") and "__pycache__" not in p.parts:
            with contextlib.suppress(OSError):
                st = p.stat()
                h.update(f"\0{p.relative_to(root)}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:32]


def key_of(*parts: object) -> str:
    """A key from parts (bytes as they are, anything else by its ``repr``)."""
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode()
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


@dataclass(frozen=True)
class Lookup:
    """What a lookup found: the value on a hit; else why not (``miss``, ``corrupt``, ``foreign``,
    ``untrusted``, ``off``)."""

    status: str
    value: Any = None

    @property
    def hit(self) -> bool:
        return self.status == "hit"


class Cache:
    """The entries of one kind (``spec``, ``live``) under ``directory``."""

    def __init__(self, directory: Path | str, kind: str, keep: int = KEEP) -> None:
        self.root = Path(directory)
        self.dir = self.root / kind
        self.kind = kind
        self.keep = keep

    def path(self, key: str) -> Path:
        return self.dir / f"{key}.bin"

    def trusted(self) -> bool:
        """The cache root and this kind's directory exist (made if need be, mode 0700), are
        directories, are owned by this user and writable by no one else."""
        try:
            for d in (self.root, self.dir):
                d.mkdir(mode=0o700, parents=True, exist_ok=True)
                st = d.lstat()
                if not stat.S_ISDIR(st.st_mode) or st.st_mode & 0o022:
                    return False
                if hasattr(os, "getuid") and st.st_uid != os.getuid():
                    return False
        except OSError:
            return False
        return True

    def get(self, key: str) -> Lookup:
        if not self.trusted():
            return Lookup("untrusted")
        try:
            with open(self.path(key), "rb") as f:
                if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                    return Lookup("corrupt")
                data = f.read()
        except FileNotFoundError:
            return Lookup("miss")
        except OSError:
            return Lookup("corrupt")
        return self._decode(key, data)

    def _decode(self, key: str, data: bytes) -> Lookup:
        if not data.startswith(MAGIC):
            return Lookup("corrupt")
        end = data.find(b"\n", len(MAGIC))
        if end < 0:
            return Lookup("corrupt")
        try:
            header = json.loads(data[len(MAGIC) : end])
        except ValueError:
            return Lookup("corrupt")
        if not isinstance(header, dict):
            return Lookup("corrupt")
        if header.get("format") != FORMAT or header.get("tool") != tool_stamp():
            return Lookup("foreign")
        if header.get("kind") != self.kind or header.get("key") != key:
            return Lookup("foreign")
        payload = data[end + 1 :]
        if hashlib.sha256(payload).hexdigest() != header.get("sha256"):
            return Lookup("corrupt")
        try:
            with gc_paused():  # millions of small objects: a third of the time without the collector
                value = pickle.loads(payload)
        except Exception:  # a payload that hashes right but does not load: this tool's bug, not trusted
            return Lookup("corrupt")
        with contextlib.suppress(OSError):
            os.utime(self.path(key))  # recently used: kept by evict()
        return Lookup("hit", value)

    def put(self, key: str, value: Any) -> bool:
        """Write the entry atomically; False (and nothing written) when the cache cannot be used
        (an untrusted or unwritable directory, a full disk): the cache only ever saves time."""
        if not self.trusted():
            return False
        from auditor.atomic import StagedFile

        with gc_paused():
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        header = {
            "format": FORMAT,
            "tool": tool_stamp(),
            "kind": self.kind,
            "key": key,
            "sha256": hashlib.sha256(payload).hexdigest(),
        }
        staged = None
        try:
            staged = StagedFile(self.path(key))
            staged.write_bytes(MAGIC + json.dumps(header, sort_keys=True).encode() + b"\n")
            staged.write_bytes(payload)
            staged.finish()
            os.chmod(staged.tmp, 0o600)
            staged.commit()
        except OSError:
            return False
        finally:
            if staged is not None:
                staged.discard()
        self.evict()
        return True

    def evict(self) -> None:
        """Remove the least recently used entries beyond ``keep`` (:data:`KEEP` by default)."""
        with contextlib.suppress(OSError):
            entries = sorted(
                (p for p in self.dir.iterdir() if p.suffix == ".bin"), key=lambda p: p.stat().st_mtime_ns
            )
            for p in entries[: -self.keep]:
                with contextlib.suppress(OSError):
                    p.unlink()


#: What the last spec lookup found (``hit``, ``miss``, ...): for tests and ``--debug``.
last_spec_status: str = "off"


def cached_spec(directory: Path | str | None, raw: bytes, path: Path, load: Callable[[], Any]) -> Any:
    """The spec loaded from ``raw`` (the bytes of ``path``): from the cache when an entry for these
    exact bytes, this path (locations name it), this tool and these loader options is there and
    intact; else loaded by ``load()`` and stored. An invalid spec raises and is never stored."""
    global last_spec_status
    if directory is None:
        last_spec_status = "off"
        return load()
    store = Cache(directory, "spec")
    key = key_of(b"spec-loader/1", tool_stamp(), str(path), raw)
    found = store.get(key)
    last_spec_status = found.status
    if found.hit:
        return found.value
    spec = load()
    store.put(key, spec)
    return spec
