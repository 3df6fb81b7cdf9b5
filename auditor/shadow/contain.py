"""What keeps a private shadow server contained, and what a later run reaps when a run was killed.

A migrations folder may come from an untrusted pull request. The server we start for it:

* runs as an OS account that owns nothing else: the invoking user when not root, else the
  dedicated ``schema-auditor-shadow`` system user, created on demand (never ``postgres``, which
  owns the machine's own PostgreSQL service and its data);
* gets a minimal environment (:func:`server_env`): no ``DATABASE_URL``, no token, nothing but a
  fixed ``PATH``, the C locale, ``TZ`` and a ``HOME`` inside its own directory;
* listens on a Unix socket in its 0700 directory only (``listen_addresses = ''``).

Every run writes ``owner.json`` (pid and process start time) into its ``/tmp/sa-shadow-*``
directory. A run that was SIGKILLed cannot clean up; :func:`reap_leftovers` (called when the next
shadow opens) stops the server and the ``initdb``/``postgres --single`` processes such a run left,
and removes its directory: only directories of our own user (or the shadow user) whose owner
process is gone, or that never got an owner file and are older than :data:`ORPHAN_AGE`. Another
live run's directory is never touched.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

SHADOW_USER = "schema-auditor-shadow"
TEMP_PREFIX = "sa-shadow-"
SOCKET_PARENT = "/tmp"  # Linux refuses Unix socket paths longer than 107 bytes: keep ours short
OWNER_FILE = "owner.json"
ORPHAN_AGE = 300.0  # seconds: a directory without an owner file older than this is a dead run's
# Environment names a server process may inherit from us; everything else is left out.
_SERVER_ENV_KEEP = ("TZ",)


def server_user() -> pwd.struct_passwd | None:
    """The OS user the server runs as when we are root (None: run as ourselves).

    ``postgres`` refuses to run as root; it must not run as the machine's ``postgres`` account
    either, which owns the real PostgreSQL service. A dedicated system user owns nothing but the
    shadow directories it is given.
    """
    if os.geteuid() != 0:
        return None
    with contextlib.suppress(KeyError):
        return pwd.getpwnam(SHADOW_USER)
    nologin = next((p for p in ("/usr/sbin/nologin", "/sbin/nologin") if os.path.exists(p)), "/bin/false")
    proc = subprocess.run(
        [
            "useradd",
            "--system",
            "--user-group",
            "--no-create-home",
            "--home-dir",
            "/nonexistent",
            "--shell",
            nologin,
            SHADOW_USER,
        ],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL": "C"},
    )
    try:
        return pwd.getpwnam(SHADOW_USER)  # created, or by a concurrent run
    except KeyError:
        from auditor.errors import DatabaseError

        raise DatabaseError(
            f"cannot create the OS user {SHADOW_USER} for the shadow server: "
            + (proc.stderr.strip().splitlines() or ["useradd failed"])[-1],
            hint=f"create it (useradd --system {SHADOW_USER}), or run schema-auditor as an unprivileged user",
        ) from None


def server_env(bin_dir: Path, home: Path) -> dict[str, str]:
    """The whole environment of the server's processes: an allow-list, nothing inherited by accident."""
    env = {
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "LANG": "C",
        "LC_ALL": "C",
        "HOME": str(home),
    }
    for name in _SERVER_ENV_KEEP:
        value = os.environ.get(name)
        if value and "\n" not in value and len(value) < 64:
            env[name] = value
    return env


# --- owner files and reaping ---------------------------------------------------------------------


def start_time(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (``/proc/PID/stat`` field 22): with the
    pid, it names one process even after the pid is reused."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(") ", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def write_owner(base: Path) -> None:
    """Record which process owns ``base`` (written before anything else is started there)."""
    me = os.getpid()
    info = {"pid": me, "start": start_time(me), "host": socket.gethostname(), "created": time.time()}
    (base / OWNER_FILE).write_text(json.dumps(info))


def owner_alive(info: dict[str, object]) -> bool:
    """Is the process an owner record names still running (same pid, same start time, this host)?"""
    if info.get("host") not in (None, socket.gethostname()):
        return True  # another machine's run: we cannot tell, so it is alive
    pid = info.get("pid")
    if not isinstance(pid, int) or pid <= 0:
        return False
    start = start_time(pid)
    return start is not None and start == info.get("start")


def _is_leftover(base: Path, uids: set[int], now: float) -> bool:
    try:
        st = base.lstat()
    except OSError:
        return False
    import stat as _stat

    if not _stat.S_ISDIR(st.st_mode) or st.st_uid not in uids:
        return False
    try:
        info = json.loads((base / OWNER_FILE).read_text())
    except FileNotFoundError:
        return now - st.st_mtime > ORPHAN_AGE  # died before it could write one
    except (OSError, ValueError):
        return now - st.st_mtime > ORPHAN_AGE
    return isinstance(info, dict) and not owner_alive(info)


def processes_in(base: Path, uids: set[int]) -> list[int]:
    """Processes of ``uids`` working in ``base``: the server and its children, a running ``initdb``
    and its ``postgres --single``/``--boot`` (their working directory or command line names it)."""
    prefix = str(base)
    out: list[int] = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        pid = int(entry)
        try:
            if os.stat(f"/proc/{pid}").st_uid not in uids:
                continue
            cwd = os.readlink(f"/proc/{pid}/cwd")
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if cwd == prefix or cwd.startswith(prefix + "/") or prefix + "/" in cmdline:
            out.append(pid)
    return out


def stop_processes(pids: list[int], grace: float = 5.0) -> None:
    """SIGQUIT (a postmaster's immediate shutdown: it removes its shared memory), then SIGKILL."""
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGQUIT)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(_running(p) for p in pids):
        time.sleep(0.05)
    for pid in pids:
        if _running(pid):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(") ", 1)[1][:1] != "Z"
    except OSError:
        return False


def reap_leftovers(parent: str = SOCKET_PARENT) -> list[str]:
    """Remove what killed runs left in ``parent``: their servers, initdb processes and directories.

    Returns the directories removed. Only our own user's (and the shadow user's) directories, and
    only when their owner process is gone: a live run's directory is never touched.
    """
    uids = {os.geteuid()}
    if os.geteuid() == 0:
        with contextlib.suppress(KeyError):
            uids.add(pwd.getpwnam(SHADOW_USER).pw_uid)
    now = time.time()
    removed: list[str] = []
    try:
        candidates = [Path(parent, n) for n in os.listdir(parent) if n.startswith(TEMP_PREFIX)]
    except OSError:
        return removed
    for base in candidates:
        if not _is_leftover(base, uids, now):
            continue
        stop_processes(processes_in(base, uids))
        shutil.rmtree(base, ignore_errors=True)
        if not base.exists():
            removed.append(str(base))
    return removed
