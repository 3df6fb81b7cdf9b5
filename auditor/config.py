"""Project configuration: ``[tool.schema-auditor]`` in ``pyproject.toml``, or ``schema-auditor.yaml``.

Flags win over the file, the file wins over the defaults. The file is found from the current
directory upward (:mod:`auditor.project`); a path it holds is relative to the file, a default path
to the project root, and a Supabase project's layout gives the defaults of ``migrations`` and
``spec`` (``supabase/migrations``, ``supabase/schemas``). A database password never belongs here:
name the database with ``--dsn`` or ``DATABASE_URL``.

Every value is checked when the file is read: an unknown key, a ``fail_on`` selector, a ``format`` or
an ignore entry's ``code`` that does not exist is an error naming the file and line, with a
did-you-mean, never a setting silently ignored (a typo in ``fail_on`` must not open the gate).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from auditor.defaults import FORMATS as FORMATS  # the CLI's help shows it without this module
from auditor.errors import InputError, UsageError
from auditor.gate import AcceptIncomplete, FailPolicy, check_code, suggest
from auditor.model import Location
from auditor.project import CONFIG_YAML as CONFIG_YAML
from auditor.project import Project, discover, resolve

# Settings that name a file or folder: relative to the config file that writes them.
PATH_KEYS = frozenset({"spec", "migrations", "out", "baseline", "pg_bin"})

# key -> (type, default); the single list of what the file may hold.
KEYS: dict[str, tuple[type | tuple[type, ...], Any]] = {
    "spec": (str, "expected_schema.yaml"),
    "migrations": (str, "migrations"),
    "out": (str, "reports"),
    "format": ((str, list), ["json", "html"]),
    "fail_on": ((str, list), None),  # None: the default gate (auditor.gate.DEFAULT_FAIL_ON)
    "accept_incomplete": ((bool, str, list), False),
    "platform": (str, None),
    "shadow": (str, "embedded"),
    "shadow_dsn": (str, None),
    "shadow_image": (str, "postgres:15"),
    "pg_bin": (str, None),
    "shadow_version": (int, None),  # the shadow's PostgreSQL major (auditor.shadow.major)
    "replay_statement_timeout": ((int, float), None),  # seconds; 0: no limit
    "replay_timeout": ((int, float), None),
    "shadow_extensions": (list, []),  # extensions replay may create beyond the allow-list
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
    lines: Mapping[tuple[Any, ...], int] = field(default_factory=dict)  # (key, index, ...) -> line
    base: Path | None = None  # the config file's directory: its relative paths start there
    project: Project | None = None  # the project discovered (auditor.project): its root and layout

    def get(self, key: str) -> Any:
        """The value of ``key``: the file's, else the project's default, else the built-in one. A
        path comes back as the process can open it from the current directory."""
        if key in self.values:
            value = self.values[key]
            if key in PATH_KEYS and isinstance(value, str) and self.base is not None:
                return resolve(value, self.base)
            return value
        default = KEYS[key][1]
        if self.project is not None and key in PATH_KEYS:
            default = self.project.default(key) or default
            if isinstance(default, str):
                return resolve(default, self.project.root)
        return default

    def where(self, *path: Any) -> Location | None:
        """file:line of a key (or of an item under it: ``where("ignore", 0, "code")``), as near as
        the file tells; the file alone when the line is not known."""
        if self.source is None:
            return None
        for n in range(len(path), 0, -1):
            line = self.lines.get(tuple(path[:n]))
            if line is not None:
                return Location(self.source.file, line)
        return self.source


def fail_policy(flag: Iterable[str] | None, config: Config) -> FailPolicy:
    """The gate: ``--fail-on`` when given, else the config's ``fail_on``, else the default gate."""
    if flag:
        return FailPolicy.parse(list(flag))
    value = config.values.get("fail_on")
    if value is None:
        return FailPolicy.default()
    if isinstance(value, str) or not value:
        return FailPolicy.parse(value, where="fail_on", location=config.where("fail_on"))
    # a list: each item is read on its own, so that an error names the item's line
    selectors = [
        s
        for i, item in enumerate(value)
        for s in FailPolicy.parse(str(item), where="fail_on", location=config.where("fail_on", i)).selectors
    ]
    return FailPolicy(tuple(selectors))


def accept_incomplete(flag: Iterable[str] | None, config: Config) -> AcceptIncomplete:
    """``--accept-incomplete`` (bare: every gap) over the config's ``accept_incomplete``."""
    if flag is not None:
        items = [i for i in flag if i is not None]
        return AcceptIncomplete(("*",)) if not items or "" in items else AcceptIncomplete.parse(items)
    return AcceptIncomplete.parse(
        config.get("accept_incomplete"), where="accept_incomplete", location=config.where("accept_incomplete")
    )


def check_formats(
    values: Iterable[str], choices: Iterable[str], where: str, location: Location | None = None
) -> list[str]:
    """``values`` when each is one of ``choices``; a usage error with a did-you-mean otherwise."""
    known = list(choices)
    out = list(values)
    for v in out:
        if v not in known:
            close = suggest(v, known)
            raise UsageError(
                f"{where}: unknown format {v!r}",
                hint=(f"did you mean {close}? " if close else "") + f"choose from {', '.join(known)}",
                location=location,
            )
    return out


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
            raise InputError(
                f"{what}: unknown key {sorted(unknown)[0]!r}", location=config.where("ignore", i)
            )
        if raw.get("code") is not None:
            check_code(str(raw["code"]), f"{what}.code", config.where("ignore", i, "code"))
        out.append(
            IgnoreEntry(str(raw["object"]), raw.get("code"), str(raw["reason"]), expires, config.source)
        )
    return tuple(out)


def load_config(root: Path | None = None, explicit: str | None = None) -> Config:
    """Read the project configuration from ``explicit``, else from the project found from ``root``
    (default: the current directory) upward: in each directory ``schema-auditor.yaml`` first, else
    ``[tool.schema-auditor]`` in pyproject.toml (:func:`auditor.project.discover`)."""
    project = discover(root)
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise InputError(f"config file {explicit} not found", hint="check --config")
    elif project.config_file is not None:
        path = project.config_file
    else:
        return Config(project=project)
    return replace(_from_file(path), base=path.absolute().parent, project=project)


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
    lines = _yaml_lines(text) if path.suffix != ".toml" else _toml_lines(text)
    values: dict[str, Any] = {}
    for key, value in section.items():
        norm = str(key).replace("-", "_")
        at = Location(str(path), lines[(key,)]) if (key,) in lines else where
        if norm not in KEYS:
            close = suggest(str(key), KEYS)
            known = ", ".join(sorted(KEYS))
            raise InputError(
                f"unknown configuration key {key!r}",
                hint=f"did you mean {close}?" if close else f"known keys: {known}",
                location=at,
            )
        typ = KEYS[norm][0]
        if not isinstance(value, typ):
            raise InputError(f"configuration key {key!r} has the wrong type", location=at)
        values[norm] = value
        if key != norm:
            lines = {((norm, *k[1:]) if k[0] == key else k): v for k, v in lines.items()}
    config = Config(values, where, lines)
    _validate(config)
    return config


def _validate(config: Config) -> None:
    """Check the values that name things (selectors, formats, codes) against what exists."""
    if config.values.get("fail_on") is not None:
        fail_policy(None, config)
    if "format" in config.values:
        fmt = config.values["format"]
        items = [fmt] if isinstance(fmt, str) else fmt
        parts = [p.strip() for i in items for p in str(i).split(",") if p.strip()]
        check_formats(parts, FORMATS, "format", config.where("format"))
    if "accept_incomplete" in config.values:
        accept_incomplete(None, config)
    for key in ("include_schemas", "exclude_schemas"):
        if not all(isinstance(v, str) for v in config.values.get(key, [])):
            raise InputError(f"{key} must be a list of schema names or globs", location=config.where(key))
    ignore_entries(config)


def _yaml_lines(text: str) -> dict[tuple[Any, ...], int]:
    """The line (1-based) of every mapping key and sequence item of a YAML document, by path."""
    out: dict[tuple[Any, ...], int] = {}
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return out

    def walk(node: yaml.Node, path: tuple[Any, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                key = (*path, k.value)
                out[key] = k.start_mark.line + 1
                walk(v, key)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                out[(*path, i)] = item.start_mark.line + 1
                walk(item, (*path, i))

    if root is not None:
        walk(root, ())
    return out


_TOML_HEADER = re.compile(r"^\s*\[(\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_TOML_KEY = re.compile(r"^\s*([A-Za-z0-9_\-\"']+)\s*=")


def _toml_lines(text: str) -> dict[tuple[Any, ...], int]:
    """The line of each key of ``[tool.schema-auditor]`` and of each ``[[tool.schema-auditor.ignore]]``
    entry and its keys (tomllib keeps no positions; this is enough to point at a typo)."""
    out: dict[tuple[Any, ...], int] = {}
    section: tuple[Any, ...] | None = None
    ignore_count = 0
    for n, line in enumerate(text.splitlines(), 1):
        header = _TOML_HEADER.match(line)
        if header:
            name = header.group(2).replace('"', "").replace("'", "")
            if name == "tool.schema-auditor":
                section = ()
            elif name == "tool.schema-auditor.ignore" and header.group(1):
                section = ("ignore", ignore_count)
                out[section] = n
                ignore_count += 1
            elif name.startswith("tool.schema-auditor."):
                section = (name.removeprefix("tool.schema-auditor."),)
                out.setdefault(section, n)
            else:
                section = None
            continue
        key = _TOML_KEY.match(line)
        if key and section is not None:
            out.setdefault((*section, key.group(1).strip("\"'")), n)
    return out
