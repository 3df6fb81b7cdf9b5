"""Project configuration: ``[tool.schema-auditor]`` in ``pyproject.toml``, or ``schema-auditor.yaml``.

Flags win over the file, the file wins over the defaults. A database password never belongs here:
name the database with ``--dsn`` or ``DATABASE_URL``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from auditor.errors import InputError
from auditor.model import Location

CONFIG_YAML = "schema-auditor.yaml"

# key -> (type, default); the single list of what the file may hold.
KEYS: dict[str, tuple[type | tuple[type, ...], Any]] = {
    "spec": (str, "expected_schema.yaml"),
    "migrations": (str, "migrations"),
    "out": (str, "reports"),
    "format": ((str, list), ["json", "html"]),
    "fail_on": ((str, list), "error"),
    "platform": (str, None),
    "shadow": (str, "embedded"),
    "shadow_dsn": (str, None),
    "shadow_image": (str, "postgres:15"),
    "pg_bin": (str, None),
    "include_schemas": (list, []),
    "exclude_schemas": (list, []),
    "statement_timeout": (int, None),
    "lock_timeout": (int, None),
    "history_table": (str, "auto"),
    "baseline": (str, None),
    "rules": (dict, {}),
    "ignore": (list, []),
}


@dataclass(frozen=True)
class Config:
    values: Mapping[str, Any] = field(default_factory=dict)
    source: Location | None = None  # where the values came from

    def get(self, key: str) -> Any:
        if key in self.values:
            return self.values[key]
        return KEYS[key][1]


def ignore_entries(config: Config) -> tuple[Any, ...]:
    """The config file's ``ignore`` list as spec IgnoreEntry objects (same rules: reason required)."""
    import datetime as dt

    from auditor.spec.loader import IgnoreEntry

    out = []
    for i, raw in enumerate(config.get("ignore") or []):
        what = f"ignore[{i}]"
        if not isinstance(raw, dict) or not raw.get("object") or not str(raw.get("reason") or "").strip():
            raise InputError(f"{what} needs an object pattern and a reason", location=config.source)
        expires = raw.get("expires")
        if isinstance(expires, str):
            try:
                expires = dt.date.fromisoformat(expires)
            except ValueError:
                raise InputError(
                    f"{what}: expires must be a date (YYYY-MM-DD)", location=config.source
                ) from None
        elif expires is not None and not isinstance(expires, dt.date):
            raise InputError(f"{what}: expires must be a date (YYYY-MM-DD)", location=config.source)
        unknown = set(raw) - {"object", "code", "reason", "expires"}
        if unknown:
            raise InputError(f"{what}: unknown key {sorted(unknown)[0]!r}", location=config.source)
        out.append(
            IgnoreEntry(str(raw["object"]), raw.get("code"), str(raw["reason"]), expires, config.source)
        )
    return tuple(out)


def load_config(root: Path | None = None, explicit: str | None = None) -> Config:
    """Read the project configuration from ``explicit`` or from ``root`` (default: the current
    directory): ``schema-auditor.yaml`` first, else ``[tool.schema-auditor]`` in pyproject.toml."""
    root = root or Path.cwd()
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise InputError(f"config file {explicit} not found", hint="check --config")
        return _from_file(path)
    yml = root / CONFIG_YAML
    if yml.is_file():
        return _from_file(yml)
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        return _from_file(pyproject)
    return Config()


def _from_file(path: Path) -> Config:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            raise InputError(f"invalid TOML: {e}", location=Location(str(path))) from None
        section = data.get("tool", {}).get("schema-auditor", {})
        where = Location(str(path))
    else:
        try:
            section = yaml.safe_load(text) or {}
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            loc = Location(str(path), mark.line + 1, mark.column + 1) if mark else Location(str(path))
            raise InputError(f"invalid YAML: {getattr(e, 'problem', e)}", location=loc) from None
        where = Location(str(path))
    if not isinstance(section, dict):
        raise InputError("the configuration must be a mapping of keys to values", location=where)
    values: dict[str, Any] = {}
    for key, value in section.items():
        norm = str(key).replace("-", "_")
        if norm not in KEYS:
            known = ", ".join(sorted(KEYS))
            raise InputError(
                f"unknown configuration key {key!r}", hint=f"known keys: {known}", location=where
            )
        typ = KEYS[norm][0]
        if not isinstance(value, typ):
            raise InputError(f"configuration key {key!r} has the wrong type", location=where)
        values[norm] = value
    return Config(values, where)
