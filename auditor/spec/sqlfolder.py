"""A declarative spec written in SQL: a ``.sql`` file, a folder of them, or a Supabase project's
declarative schemas, replayed into a shadow database of its own and introspected.

The SQL runs as migrations do (:func:`auditor.shadow.replay.replay`): the same containment, the same
platform profile, the same errors naming file:line, SQLSTATE and likely cause. The catalog it builds
is the spec side of the audit, complete as an introspected catalog is (every object it makes is
declared, and what it does not make is not expected).

The files, in order (as the Supabase CLI orders its declarative schemas in ``supabase db diff``):

* a ``.sql`` file: that file;
* a Supabase directory (``supabase/``, holding ``config.toml``) or its ``schemas`` folder: the files
  ``[db.migrations] schema_paths`` matches, pattern after pattern (each pattern's matches sorted,
  a file once), patterns relative to the supabase directory as the CLI reads them; else every
  ``.sql`` file under ``schemas/``, walked in lexical order (a folder's entries by name, a
  subfolder's files where its name falls);
* any other folder: its ``.sql`` files walked the same way.

Symbolic links are not followed, as the CLI's walk does not follow them: each one is said.
"""

from __future__ import annotations

import fnmatch
import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from auditor.errors import InputError
from auditor.model import Catalog, Location
from auditor.project import SUPABASE_CONFIG, SupabaseProject
from auditor.replay_limits import ReplayLimits
from auditor.spec.loader import Spec

SQL_SUFFIX = ".sql"


def is_sql_spec(path: str | Path) -> bool:
    """A spec given as SQL: a folder, or a file named ``*.sql``."""
    p = Path(path)
    return p.is_dir() or p.suffix.lower() == SQL_SUFFIX


@dataclass(frozen=True)
class SqlSpecFiles:
    """The files of a SQL spec in replay order, the folder they are read inside, how they were
    ordered, and the entries left out (a symbolic link) with the reason."""

    root: Path
    files: tuple[Path, ...]
    order: str
    left_out: tuple[tuple[Path, str], ...] = ()


def spec_files(path: str | Path) -> SqlSpecFiles:
    """The ordered ``.sql`` files of the SQL spec at ``path`` (see the module docstring)."""
    p = Path(path)
    if p.is_file() or not p.exists():
        if not p.is_file():
            raise InputError(f"spec {p} not found", hint="check --spec, or pass --no-spec")
        return SqlSpecFiles(p.parent, (p,), "one file")
    supabase = _supabase_dir(p)
    if supabase is not None:
        if supabase.schema_paths:
            files = _schema_path_files(supabase)
            return SqlSpecFiles(
                supabase.dir.parent, files, "[db.migrations] schema_paths of supabase/config.toml"
            )
        folder = supabase.schemas
    else:
        folder = p
    files_list: list[Path] = []
    left_out: list[tuple[Path, str]] = []
    if folder.is_dir():
        _walk(folder, files_list, left_out)
    if not files_list:
        raise InputError(
            f"spec folder {folder} holds no .sql file",
            location=Location(str(folder)),
            hint="name a folder of .sql files, a .sql file or a YAML spec with --spec, or pass --no-spec",
        )
    return SqlSpecFiles(folder, tuple(files_list), "lexical order", tuple(left_out))


def _supabase_dir(p: Path) -> SupabaseProject | None:
    """``p`` as a Supabase directory: ``supabase/`` itself, or its ``schemas`` folder."""
    if (p / SUPABASE_CONFIG).is_file():
        return SupabaseProject(p)
    if p.name == "schemas" and (p.parent / SUPABASE_CONFIG).is_file():
        return SupabaseProject(p.parent)
    return None


def _walk(folder: Path, out: list[Path], left_out: list[tuple[Path, str]]) -> None:
    """The ``.sql`` files under ``folder`` in the order of Go's ``filepath.Walk`` (the CLI's): each
    folder's entries by name, descending into a subfolder where its name falls."""
    for entry in sorted(os.scandir(folder), key=lambda e: os.fsencode(e.name)):
        path = Path(entry.path)
        if entry.is_symlink():
            if entry.name.endswith(SQL_SUFFIX):
                left_out.append((path, "a symbolic link, which the Supabase CLI does not follow either"))
        elif entry.is_dir(follow_symlinks=False):
            _walk(path, out, left_out)
        elif entry.is_file(follow_symlinks=False) and entry.name.endswith(SQL_SUFFIX):
            out.append(path)


def _schema_path_files(supabase: SupabaseProject) -> tuple[Path, ...]:
    """The files ``[db.migrations] schema_paths`` names, as the CLI's ``Glob.Files`` finds them."""
    seen: set[Path] = set()
    out: list[Path] = []
    for pattern in supabase.schema_paths:
        matches = sorted(
            _go_glob(supabase.dir, pattern), key=lambda m: str(m).encode("utf-8", "surrogateescape")
        )
        if not matches:
            raise InputError(
                f"[db.migrations] schema_paths: no files matched pattern {pattern!r}",
                location=Location(str(supabase.config)),
                hint='patterns are relative to the supabase directory ("./schemas/*.sql"); fix the '
                "pattern, or remove it",
            )
        for m in matches:
            if m not in seen:
                seen.add(m)
                out.append(m)
    return tuple(out)


def _go_glob(base: Path, pattern: str) -> list[Path]:
    """Go's ``fs.Glob``: ``*``, ``?`` and ``[...]`` within one path segment (``**`` is ``*``); the
    pattern is relative to ``base`` unless absolute. Regular files only (the CLI reads each)."""
    start = Path("/") if pattern.startswith("/") else base
    parts = [s for s in pattern.split("/") if s not in ("", ".")]
    found = [start]
    for i, seg in enumerate(parts):
        last = i == len(parts) - 1
        nxt: list[Path] = []
        for d in found:
            if seg == "..":
                nxt.append(d.parent)
            elif not _MAGIC.search(seg):
                candidate = d / seg
                if candidate.exists():
                    nxt.append(candidate)
            elif d.is_dir():
                rx = re.compile(fnmatch.translate(seg.replace("[^", "[!")))
                nxt.extend(d / n for n in os.listdir(d) if rx.match(n))
        found = [p for p in nxt if last or p.is_dir()]
    return [p for p in found if p.is_file()]


_MAGIC = re.compile(r"[*?\[\\]")


@dataclass(frozen=True)
class SqlSpec:
    """A loaded SQL spec: the spec, its files and order, and the server it was replayed on."""

    spec: Spec
    files: SqlSpecFiles
    platform: str

    def describe(self, provider: str | None) -> str:
        """The report's description of the spec source: which files, in what order, replayed where
        (``provider`` None: parsed offline)."""
        cat = self.spec.catalog
        names = ", ".join(str(f) for f in self.files.files[:5])
        if len(self.files.files) > 5:
            names += f" and {len(self.files.files) - 5} more"
        how = (
            "parsed offline: approximate"
            if provider is None
            else f"replayed on PostgreSQL {cat.server_version}, {provider} shadow"
        )
        return f"{names} (SQL, {len(self.files.files)} file(s) in {self.files.order}, {how})"


def load_sql_spec_offline(path: str | Path) -> SqlSpec:
    """The SQL spec at ``path`` from its text alone (``--no-shadow``): the migrations' offline
    interpreter, an approximate catalog whose gaps say what it could not model."""
    from auditor.migrations.files import read_migration_text
    from auditor.migrations.offline import offline_catalog
    from auditor.migrations.parse import parse_text

    found = spec_files(path)
    parsed = [parse_text(read_migration_text(p, found.root), str(p)) for p in found.files]
    spec = Spec(catalog=offline_catalog(parsed), strict=True, path=Path(path))
    return SqlSpec(spec, found, "none")


def load_sql_spec(
    path: str | Path,
    *,
    provider: str = "embedded",
    dsn: str | None = None,
    image: str | None = None,
    pg_bin: str | None = None,
    platform: str = "auto",
    limits: ReplayLimits | None = None,
    progress: Callable[[str], None] | None = None,
    cache_dir: str | Path | None = None,
) -> SqlSpec:
    """Replay the SQL spec at ``path`` into a new shadow database and return it as a :class:`Spec`
    (``cache_dir``: where a private shadow's initdb template is kept, :mod:`auditor.shadow.template`).
    Raises MigrationError (a statement that does not apply: file:line, SQLSTATE, likely cause),
    InputError (no such file, no .sql file) or DatabaseError (no shadow server)."""
    found = spec_files(path)
    say = progress or (lambda _m: None)
    for p, why in found.left_out:
        say(f"spec: left out {p}: {why}")
    limits = limits or ReplayLimits()
    # Replayed once per process for the same files and shadow (a fleet audits every shape against
    # it): the files' size and modification time are part of the key, so an edited file replays.
    key = (
        tuple((str(f.absolute()), f.stat().st_size, f.stat().st_mtime_ns) for f in found.files),
        provider,
        dsn,
        image,
        pg_bin,
        platform,
        limits,
    )
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
        if cached is None:
            cached = _replay_spec(
                path, found, provider, dsn, image, pg_bin, platform, limits, progress, cache_dir
            )
            _CACHE[key] = cached
        else:
            say(f"spec {path}: replayed already in this run, reused")
        return cached


_CACHE: dict[tuple[object, ...], SqlSpec] = {}
_CACHE_LOCK = threading.Lock()


def _replay_spec(
    path: str | Path,
    found: SqlSpecFiles,
    provider: str,
    dsn: str | None,
    image: str | None,
    pg_bin: str | None,
    platform: str,
    limits: ReplayLimits,
    progress: Callable[[str], None] | None,
    cache_dir: str | Path | None = None,
) -> SqlSpec:
    from auditor.shadow.catalog import introspect_shadow
    from auditor.shadow.providers import open_shadow
    from auditor.shadow.replay import progress_lines, replay

    say = progress or (lambda _m: None)
    notes: list[str] = []
    try:
        with open_shadow(provider, dsn=dsn, image=image, pg_bin=pg_bin, template_dir=cache_dir) as shadow:
            notes = shadow.notes
            result = replay(
                found.root,
                shadow,
                platform=platform,
                progress=progress_lines(say, what="spec files") if progress else None,
                extensions=limits.extensions,
                statement_timeout=limits.statement_timeout,
                replay_timeout=limits.replay_timeout,
                files=found.files,
                kind="spec SQL",
            )
            catalog: Catalog = introspect_shadow(shadow, result)
    finally:
        for note in notes:
            say(note)
    spec = Spec(
        catalog=catalog,
        platform=None if result.platform == "none" else result.platform,
        strict=True,
        path=Path(path),
    )
    return SqlSpec(spec, found, result.platform)
