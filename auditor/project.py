"""Where the project is: found from the current directory upward, as ruff and the Supabase CLI find theirs.

The first directory, the current one and then each parent, that holds ``schema-auditor.yaml``, a
``pyproject.toml`` with a ``[tool.schema-auditor]`` table, or ``supabase/config.toml`` is the project
root. Paths written in a config file are relative to that file; the defaults are relative to the root.
Nothing found: the current directory is the root, as before discovery existed.

A Supabase project (``supabase/config.toml`` at the root, whether or not a config file is there too)
has the Supabase CLI's layout as its defaults: ``supabase/migrations`` is the migrations folder, and
its declarative schemas (``[db.migrations] schema_paths``, else ``supabase/schemas/**.sql``) are the
spec when there is no ``expected_schema.yaml``. ``[db] major_version`` is the shadow's major, read
where the shadow is planned (:func:`auditor.shadow.major.supabase_major`). A flag always wins, then
the config file, then these defaults.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from auditor.errors import InputError
from auditor.model import Location

CONFIG_YAML = "schema-auditor.yaml"
PYPROJECT = "pyproject.toml"
SUPABASE_DIR = "supabase"
SUPABASE_CONFIG = "config.toml"
DEFAULT_SPEC = "expected_schema.yaml"


@dataclass(frozen=True)
class SupabaseProject:
    """A Supabase CLI project directory (``supabase/``, holding ``config.toml``)."""

    dir: Path

    @property
    def config(self) -> Path:
        return self.dir / SUPABASE_CONFIG

    @property
    def migrations(self) -> Path:
        return self.dir / "migrations"

    @property
    def schemas(self) -> Path:
        return self.dir / "schemas"

    @cached_property
    def schema_paths(self) -> tuple[str, ...]:
        """``[db.migrations] schema_paths`` as written (globs relative to the supabase directory)."""
        data = read_toml(self.config, hint="fix supabase/config.toml (the Supabase CLI reads it too)")
        db = data.get("db")
        mig = db.get("migrations") if isinstance(db, dict) else None
        value = mig.get("schema_paths") if isinstance(mig, dict) else None
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InputError(
                '[db.migrations] schema_paths must be a list of globs such as "./schemas/*.sql"',
                location=Location(str(self.config), _line_of(self.config, "schema_paths")),
                hint="fix supabase/config.toml",
            )
        return tuple(v for v in value if v)

    def has_declared_schemas(self) -> bool:
        """The project declares its schema in SQL: schema_paths set, or ``supabase/schemas`` holds .sql."""
        if self.schema_paths:
            return True
        return self.schemas.is_dir() and any(
            p.suffix == ".sql" for p in self.schemas.rglob("*.sql") if p.is_file() and not p.is_symlink()
        )


@dataclass(frozen=True)
class Project:
    """The project a run works in: its root, the file that made it one, its config and Supabase layout."""

    root: Path
    marker: Path | None = None  # what decided the root; None: nothing found, the root is where we started
    config_file: Path | None = None  # schema-auditor.yaml, or pyproject.toml with [tool.schema-auditor]
    supabase: SupabaseProject | None = None

    def default(self, key: str) -> str | None:
        """The project's own default for a path setting (a path relative to the root), or None when it
        has none of its own: ``migrations`` and ``spec`` of a Supabase project."""
        sb = self.supabase
        if sb is None:
            return None
        if key == "migrations":
            return _rel(sb.migrations, self.root)
        if key == "spec" and not (self.root / DEFAULT_SPEC).exists() and sb.has_declared_schemas():
            # The CLI's declarative schema: supabase/schemas, or the globs of schema_paths (the
            # supabase directory stands for them when supabase/schemas does not exist).
            target = sb.schemas if sb.schemas.is_dir() or not sb.schema_paths else sb.dir
            return _rel(target, self.root)
        return None

    def describe(self, cwd: Path | None = None) -> str:
        """One line for the run's progress: which root, found by what."""
        if self.marker is None:
            return (
                f"project root {display(self.root, cwd)} (no schema-auditor.yaml, pyproject.toml "
                "[tool.schema-auditor] or supabase/config.toml found here or above)"
            )
        kind = "Supabase project, " if self.supabase is not None else ""
        return f"project root {display(self.root, cwd)} ({kind}found {_rel(self.marker, self.root)})"


def discover(start: Path | None = None) -> Project:
    """The project ``start`` (default: the current directory) is in: see the module docstring."""
    here = (start or Path.cwd()).absolute()
    for d in (here, *here.parents):
        config = _config_in(d)
        sb_config = d / SUPABASE_DIR / SUPABASE_CONFIG
        supabase = SupabaseProject(d / SUPABASE_DIR) if sb_config.is_file() else None
        if config is not None or supabase is not None:
            return Project(d, config or sb_config, config, supabase)
    return Project(here)


def _config_in(d: Path) -> Path | None:
    yml = d / CONFIG_YAML
    if yml.is_file():
        return yml
    pyproject = d / PYPROJECT
    if pyproject.is_file() and "schema-auditor" in read_toml(pyproject).get("tool", {}):
        return pyproject
    return None


def read_toml(path: Path, hint: str | None = None) -> dict[str, Any]:
    """A TOML file's table; unreadable or invalid is an InputError naming the file (and line)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read {path}: {e}", location=Location(str(path)), hint=hint) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        line = getattr(e, "lineno", None)
        raise InputError(f"invalid TOML: {e}", location=Location(str(path), line), hint=hint) from None


def _line_of(path: Path, key: str) -> int | None:
    try:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip().startswith(key):
                return n
    except (OSError, UnicodeDecodeError):
        pass
    return None


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def display(path: Path, cwd: Path | None = None) -> str:
    """``path`` as a user at ``cwd`` would type it: relative (``../..``) when that is shorter."""
    here = (cwd or Path.cwd()).absolute()
    if not path.is_absolute():
        return str(path)
    rel = os.path.relpath(path, here)
    return rel if len(rel) <= len(str(path)) else str(path)


def resolve(value: str, base: Path, cwd: Path | None = None) -> str:
    """A path written relative to ``base`` (a config file's directory, or the project root), as a path
    the process can open from ``cwd``: unchanged when ``base`` is ``cwd`` or the value is absolute."""
    here = (cwd or Path.cwd()).absolute()
    if Path(value).is_absolute() or base.absolute() == here or value == "-":
        return value
    return display(base.absolute() / value, here)
