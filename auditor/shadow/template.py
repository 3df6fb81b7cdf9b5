"""A fresh cluster's data directory, kept to be copied: initdb once per server build, not per shadow.

``initdb`` is most of what starting a private shadow server costs: 0.6 to 0.8 s of about 1 s (it
bootstraps every catalog in single-user mode), where copying its result takes 0.15 s. Its output
depends only on the binaries, its arguments and the environment it runs in, all of which name the
template (:func:`key`): the binaries' and the bootstrap file's path, size and modification time,
the arguments (the data directory's path left out), the server's environment (its home left out),
the OS account the server runs as, and the host's time zone (initdb writes it into the
configuration).

A template is a shadow's data directory copied right after initdb, before the server first starts
(no server has ever run on it, so nothing a migration does can reach it). It is kept under the
cache directory, ``initdb/<key>/data``, and made by renaming a finished copy into place, so a
killed run leaves a temporary directory (removed by the next one that keeps a template), never
half a template. As with the other caches (:mod:`auditor.spec.cache`), templates are used only
when the directory is this user's own and writable by no one else. A template the server does not
start from is removed and the shadow made by initdb, as without one. At most :data:`KEEP`
templates are kept (one per server build in use; 40 MB each).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from auditor.spec.cache import Cache

KIND = "initdb"
KEEP = 2
FORMAT = 1


@dataclass(frozen=True)
class Template:
    """Where a template for this build and these arguments is (or would be) kept."""

    root: Path  # <cache>/initdb
    key: str

    @property
    def data(self) -> Path:
        return self.root / self.key / "data"

    def exists(self) -> bool:
        return (self.data / "PG_VERSION").is_file()


def _stat(path: Path) -> list[object]:
    try:
        st = path.stat()
    except OSError:
        return [str(path), None]
    return [str(path.resolve()), st.st_size, st.st_mtime_ns]


def key(bin_dir: Path, argv: list[str], env: dict[str, str], owner: tuple[int, int] | None) -> str:
    """The name of the template that ``initdb argv`` (its ``-D`` value left out) would make with
    these binaries, in ``env`` (its HOME left out), as ``owner`` (uid, gid; None: this process)."""
    args = [a for i, a in enumerate(argv) if a != "-D" and (i == 0 or argv[i - 1] != "-D")]
    share = bin_dir.parent / "share"
    bki = next(
        (p for p in (share / "postgres.bki", share / "postgresql" / "postgres.bki") if p.is_file()), share
    )
    parts = {
        "format": FORMAT,
        "bin": [_stat(bin_dir / "initdb"), _stat(bin_dir / "postgres"), _stat(bki)],
        "argv": args,
        "env": {k: v for k, v in sorted(env.items()) if k != "HOME"},
        "owner": list(owner) if owner else [os.getuid(), os.getgid()],
        "tz": [os.environ.get("TZ"), os.path.realpath("/etc/localtime")],
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:32]


def find(cache_dir: str | Path | None, template_key: str) -> Template | None:
    """The template's place when templates may be used here (a cache directory that is this user's
    own and writable by no one else, and ``cp`` to copy with owners kept); else None."""
    if cache_dir is None or shutil.which("cp") is None:
        return None
    store = Cache(cache_dir, KIND)
    if not store.trusted():
        return None
    return Template(store.dir, template_key)


def copy_to(template: Template, data: Path) -> bool:
    """Copy the template to ``data`` (which must not exist), owners and modes kept; False (and
    nothing left at ``data``) when it cannot be."""
    try:
        subprocess.run(
            ["cp", "-a", str(template.data), str(data)], check=True, capture_output=True, timeout=60
        )
        with contextlib.suppress(OSError):
            os.utime(template.root / template.key)  # recently used: kept by _evict
        return True
    except (OSError, subprocess.SubprocessError):
        shutil.rmtree(data, ignore_errors=True)
        return False


def keep(template: Template, data: Path) -> None:
    """Keep a copy of ``data`` (just made by initdb, never started) as the template. Best effort:
    the template only ever saves time."""
    tmp = template.root / f".tmp-{uuid.uuid4().hex}"
    try:
        tmp.mkdir(mode=0o700)
        subprocess.run(
            ["cp", "-a", str(data), str(tmp / "data")], check=True, capture_output=True, timeout=60
        )
        os.rename(tmp, template.root / template.key)  # fails when another run kept it first
    except (OSError, subprocess.SubprocessError):
        pass
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    _evict(template.root)


def discard(template: Template) -> None:
    """Remove a template the server would not start from."""
    tmp = template.root / f".tmp-{uuid.uuid4().hex}"
    with contextlib.suppress(OSError):
        os.rename(template.root / template.key, tmp)
    shutil.rmtree(tmp, ignore_errors=True)


def _evict(root: Path) -> None:
    """Keep the :data:`KEEP` most recently used templates; remove temporary directories a killed
    run left (older than an hour: a running one may still be copying)."""
    with contextlib.suppress(OSError):
        entries = sorted(
            (p for p in root.iterdir() if not p.name.startswith(".")), key=lambda p: p.stat().st_mtime_ns
        )
        for p in entries[:-KEEP]:
            discard(Template(root, p.name))
        for p in root.iterdir():
            if p.name.startswith(".tmp-") and time.time() - p.stat().st_mtime > 3600:
                shutil.rmtree(p, ignore_errors=True)
