"""The audit's results cache: a run whose every input is provably unchanged is not run again.

As ruff keeps a file's diagnostics under a key of its bytes, its settings and the tool's version,
the audit keeps the report its stages produced (the sources read, the findings after the ignores
and the baseline, the gate's verdict, the schema diagram) under a key of everything they read:

* the tool (:func:`auditor.spec.cache.tool_stamp`), the Python and the libraries that shape a
  finding (sqlglot compares expressions, pglast parses migrations, PyYAML and jsonschema read the
  spec and the config);
* every option (:class:`auditor.audit.AuditOptions`, but the cache directory), today's date
  included (an ignore entry expires);
* the bytes of the spec file, the config file and the baseline, or that each is absent;
* the migrations folder's every file, by name and bytes, or that there is none;
* live's catalog stamp (:func:`auditor.fleet.livecache.stamp`: the server's exact version, the
  database as connected, the catalogs' row versions), taken before anything else is read.

Anything that cannot be put in the key makes the run not reusable, and it runs in full: a SQL spec or
migrations replayed into a shadow (the shadow server is outside the key), the applied-migrations
check (it reads rows of live's history table, which the catalog stamp does not see), catalogs
given to the audit already read (the fleet), a file that is not a regular one, a stamp that cannot
be taken. A run is stored only when it finished without an error, every source was read in full,
and the live catalog it compared is the one the key's stamp describes (no DDL during the run).
What is stored goes through :class:`auditor.spec.cache.Cache` (this user's own directory, an
atomic write, a header with the payload's hash).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from auditor.audit import AuditOptions
    from auditor.fleet.livecache import Stamp
    from auditor.report.model import Report

KIND = "result"
FORMAT = b"audit-result/1"
# What shapes a finding beyond our own source files; their versions are part of the key.
LIBRARIES = ("sqlglot", "pglast", "PyYAML", "jsonschema")


class NotProvable(Exception):
    """An input of the run cannot be put in the key: the run is not reusable (the message says why)."""


@dataclass(frozen=True)
class Result:
    """One run's report (its derived values computed: :meth:`~auditor.report.model.Report.settled`)."""

    report: Report


def _canonical(value: Any) -> Any:
    """A value whose ``repr`` is the same in every process: sets sorted (a frozenset's order follows
    the string hashes, which differ between processes), dataclasses field by field."""
    if isinstance(value, (frozenset, set)):
        return ("set", sorted((_canonical(v) for v in value), key=repr))
    if isinstance(value, (list, tuple)):
        return tuple(_canonical(v) for v in value)
    if isinstance(value, dict):
        return ("dict", sorted(((repr(_canonical(k)), _canonical(v)) for k, v in value.items())))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (
            type(value).__qualname__,
            tuple((f.name, _canonical(getattr(value, f.name))) for f in dataclasses.fields(value)),
        )
    if isinstance(value, (str, bytes, int, float, bool, type(None))) or hasattr(value, "isoformat"):
        return value
    raise NotProvable(f"an option of type {type(value).__name__} has no stable form")


def _regular_bytes(path: Path) -> bytes:
    """The bytes of a regular file (never blocks on a FIFO, never follows a link out of sight)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise
    except OSError as e:
        raise NotProvable(f"{path}: {e.strerror}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotProvable(f"{path} is not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read()
    finally:
        os.close(fd)


def _digest(data: bytes) -> str:
    # a key part's repr is hashed: a 16 MB spec's bytes are hashed once here, never repr'd
    return hashlib.sha256(data).hexdigest()


def _file_part(path: str | None) -> tuple[str, str | None]:
    """A file as a key part: its name and the hash of its bytes; None when it does not exist."""
    if path is None:
        return ("", None)
    try:
        return (path, _digest(_regular_bytes(Path(path))))
    except FileNotFoundError:
        return (path, None)


def _folder_part(path: str) -> tuple[object, ...]:
    """Every file under a folder, by relative name and bytes (sorted); a link or anything that is
    not a regular file or a folder cannot be vouched for."""
    root = Path(path)
    out: list[tuple[str, str]] = []
    for here, dirs, files in os.walk(root, followlinks=False):
        for name in (*dirs, *files):
            p = Path(here) / name
            st = p.lstat()
            if stat.S_ISDIR(st.st_mode):
                continue
            if not stat.S_ISREG(st.st_mode):
                raise NotProvable(f"{p} is not a regular file")
            out.append((str(p.relative_to(root)), _digest(_regular_bytes(p))))
    return ("folder", tuple(sorted(out)))


def _libraries() -> tuple[object, ...]:
    from importlib import metadata

    versions: list[tuple[str, str | None]] = []
    for name in LIBRARIES:
        try:
            versions.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            versions.append((name, None))
    return (sys.version, tuple(versions))


def reusable_key(opts: AuditOptions, live: Stamp | None) -> str:
    """The key of a run with these options, over these inputs as they are now; raises
    :class:`NotProvable` when some input cannot be vouched for. ``live``: the live database's stamp,
    just taken (None when there is no live source)."""
    return with_live(opts, inputs_key(opts), live)


def with_live(opts: AuditOptions, inputs: str, live: Stamp | None) -> str:
    """The key of :func:`inputs_key` ``inputs`` with live's catalog stamp."""
    from auditor.spec.cache import key_of

    if (opts.dsn is None) != (live is None):
        raise NotProvable("live's catalog stamp could not be taken")
    return key_of(FORMAT, inputs, None if live is None else (live.where, live.server_version, live.value))


def inputs_key(opts: AuditOptions) -> str:
    """The key of everything but live (files, options, tool): see :func:`reusable_key`."""
    from auditor.spec.cache import key_of, tool_stamp

    spec: tuple[object, ...] = ("",)
    if opts.spec is not None:
        p = Path(opts.spec)
        if p.is_dir() or p.suffix.lower() == ".sql":  # only then the SQL spec's module (and the loader)
            from auditor.spec.sqlfolder import is_sql_spec

            if is_sql_spec(p):
                raise NotProvable("a SQL spec is replayed on a shadow server, which the key cannot hold")
        spec = _file_part(opts.spec)
    migrations: tuple[object, ...] = ("",)
    if opts.migrations is not None:
        folder = Path(opts.migrations)
        if folder.is_dir():
            if not opts.offline:
                raise NotProvable("the migrations are replayed on a shadow server, which the key cannot hold")
            from auditor.migrations.history import NO_TABLE

            if opts.dsn is not None and opts.history_table != NO_TABLE:
                raise NotProvable("the applied-migrations check reads rows the catalog stamp does not see")
            migrations = _folder_part(opts.migrations)
        else:
            migrations = (opts.migrations, folder.exists())
    options = _canonical(dataclasses.replace(opts, cache_dir=None))
    return key_of(
        FORMAT,
        tool_stamp(),
        _libraries(),
        options,
        spec,
        migrations,
        _file_part(opts.config_file),
        _file_part(opts.baseline),
    )


def lookup(cache_dir: str, key: str) -> Result | None:
    """The stored result under ``key``, if intact."""
    from auditor.spec.cache import Cache

    found = Cache(cache_dir, KIND).get(key)
    return found.value if found.hit and isinstance(found.value, Result) else None


def store(cache_dir: str, key: str, result: Result) -> bool:
    from auditor.spec.cache import Cache

    return Cache(cache_dir, KIND).put(key, result)
