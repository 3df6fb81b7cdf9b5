"""Rule configuration: the ``rules:`` block of a spec, ``schema-auditor.yaml`` or
``[tool.schema-auditor.rules]`` in ``pyproject.toml``.

.. code-block:: yaml

    rules:
      options:                      # shared by every rule (defaults shown)
        exposed_schemas: [public]
        owner_column: owner_id
        api_roles: [anon, authenticated]
        service_role: service_role
        owner_function: auth.uid()
      SEC002: true                  # enable an opt-in rule (false / off disables)
      CON001: info                  # change a level
      rls-enabled:                  # code or name; every form together
        enabled: true
        level: error
        options: {exposed_schemas: [public, api]}
      allow:
        - rule: SEC001
          object: "table:public.audit_*"
          reason: audit tables are written by triggers only
          expires: 2027-01-31

Anything invalid raises :class:`~auditor.errors.InputError` naming the file and line.
"""

from __future__ import annotations

import contextlib
import difflib
import tomllib
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from auditor.errors import InputError
from auditor.findings import Level
from auditor.model import Location
from auditor.rules.base import REGISTRY, SHARED_OPTIONS, AllowEntry, AnyRule, RuleConfig, RulesConfig

CONFIG_FILE = "schema-auditor.yaml"
_RESERVED_KEYS = ("options", "allow")
_OFF = ("off", "disable", "disabled", "false", "no")
_ON = ("on", "enable", "enabled", "true", "yes")


class _LineDict(dict[Any, Any]):
    """A mapping that remembers the line (1-based) each key was written on."""

    lines: dict[Any, int]


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _LineDict:
    out = _LineDict(loader.construct_mapping(node, deep=True))
    out.lines = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        # An unhashable key cannot be remembered; the validation rejects it anyway.
        with contextlib.suppress(TypeError):
            out.lines[key] = key_node.start_mark.line + 1
    return out


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _at(base: Location | None, raw: Any, key: Any) -> Location | None:
    """The location of ``key`` in ``raw`` when known, else the block's location."""
    lines = getattr(raw, "lines", None)
    if base is not None and isinstance(lines, dict) and key in lines:
        return Location(base.file, lines[key])
    return base


def parse_rules_config(raw: Any, location: Location | None = None) -> RulesConfig:
    """Validate the raw ``rules:`` block (a mapping, as YAML/TOML gave it) into a RulesConfig."""
    if raw is None:
        return RulesConfig(location=location)
    if not isinstance(raw, Mapping):
        raise InputError(
            f"'rules' must be a mapping, not {type(raw).__name__}",
            hint="see `schema-auditor rules` and docs/rules.md",
            location=location,
        )
    options = _parse_options(raw.get("options"), "rules.options", _at(location, raw, "options"), None)
    rules: dict[str, RuleConfig] = {}
    for key, value in raw.items():
        if key in _RESERVED_KEYS:
            continue
        where = _at(location, raw, key)
        cls = _rule(key, where)
        if cls.code in rules:
            raise InputError(f"rule {cls.code} is configured twice ({key!r})", location=where)
        rules[cls.code] = _parse_rule(cls, value, where)
    allow = _parse_allow(raw.get("allow"), _at(location, raw, "allow"))
    return RulesConfig(options=options, rules=rules, allow=allow, location=location)


def _rule(key: Any, where: Location | None) -> AnyRule:
    cls = REGISTRY.get(str(key)) if isinstance(key, str) else None
    if cls is None:
        known = [r.code for r in REGISTRY.all()] + [r.name for r in REGISTRY.all()]
        close = difflib.get_close_matches(str(key), known, n=1)
        raise InputError(
            f"unknown rule {key!r} in 'rules'",
            hint=f"did you mean {close[0]}?" if close else "`schema-auditor rules` lists them",
            location=where,
        )
    return cls


def _parse_level(text: Any, what: str, where: Location | None) -> Level:
    try:
        return Level.parse(str(text))
    except ValueError as e:
        close = difflib.get_close_matches(str(text).strip().lower(), [lv.value for lv in Level], n=1)
        raise InputError(
            f"{what}: {e}", hint=f"did you mean {close[0]}?" if close else None, location=where
        ) from None


def _parse_rule(cls: AnyRule, value: Any, where: Location | None) -> RuleConfig:
    what = f"rules.{cls.code}"
    if isinstance(value, bool):
        return RuleConfig(enabled=value)
    if isinstance(value, str):
        low = value.strip().lower()
        if low in _OFF:
            return RuleConfig(enabled=False)
        if low in _ON:
            return RuleConfig(enabled=True)
        # A level alone enables the rule at that level (an opt-in rule given a level is wanted).
        return RuleConfig(enabled=True, level=_parse_level(value, what, where))
    if not isinstance(value, Mapping):
        raise InputError(
            f"{what} must be true/false, a level, or a mapping of enabled/level/options",
            location=where,
        )
    unknown = set(value) - {"enabled", "level", "options"}
    if unknown:
        raise InputError(
            f"{what}: unknown key {sorted(map(str, unknown))[0]!r}",
            hint="use enabled, level, options",
            location=where,
        )
    enabled = value.get("enabled")
    if enabled is not None and not isinstance(enabled, bool):
        raise InputError(f"{what}.enabled must be true or false", location=_at(where, value, "enabled"))
    level = None
    if value.get("level") is not None:
        level = _parse_level(value["level"], f"{what}.level", _at(where, value, "level"))
        if enabled is None:
            enabled = True
    options = _parse_options(value.get("options"), f"{what}.options", _at(where, value, "options"), cls)
    return RuleConfig(enabled=enabled, level=level, options=options)


def _parse_options(raw: Any, what: str, where: Location | None, cls: AnyRule | None) -> dict[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise InputError(f"{what} must be a mapping of option: value", location=where)
    if cls is None:  # shared options: any rule's option may be set for all
        known: dict[str, Any] = dict(SHARED_OPTIONS)
        for r in REGISTRY.all():
            known.update(r.options)
    else:
        known = {**SHARED_OPTIONS, **cls.options}
    out: dict[str, Any] = {}
    for key, value in raw.items():
        at = _at(where, raw, key)
        if key not in known:
            close = difflib.get_close_matches(str(key), list(known), n=1)
            raise InputError(
                f"{what}: unknown option {key!r}",
                hint=f"did you mean {close[0]}?" if close else f"known: {', '.join(sorted(known))}",
                location=at,
            )
        out[key] = _coerce(value, known[key], f"{what}.{key}", at)
    return out


def _coerce(value: Any, default: Any, what: str, where: Location | None) -> Any:
    """Check ``value`` has the shape of the option's default (list of strings, string, bool, int)."""
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise InputError(f"{what} must be true or false", location=where)
        return value
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputError(f"{what} must be an integer", location=where)
        return value
    if isinstance(default, list):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InputError(f"{what} must be a list of strings", location=where)
        return list(value)
    if not isinstance(value, str):
        raise InputError(f"{what} must be a string", location=where)
    return value


def _parse_allow(raw: Any, where: Location | None) -> tuple[AllowEntry, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise InputError("rules.allow must be a list of {rule, object, reason, expires}", location=where)
    out: list[AllowEntry] = []
    for i, item in enumerate(raw):
        what = f"rules.allow[{i}]"
        at = where
        if isinstance(item, Mapping) and getattr(item, "lines", None):
            at = _at(where, item, next(iter(item)))
        if not isinstance(item, Mapping):
            raise InputError(f"{what} must be a mapping with rule, object, reason", location=at)
        unknown = set(item) - {"rule", "object", "reason", "expires"}
        if unknown:
            raise InputError(f"{what}: unknown key {sorted(map(str, unknown))[0]!r}", location=at)
        rule = item.get("rule")
        if not isinstance(rule, str) or not rule:
            raise InputError(f"{what}.rule is required (a rule code, name, or '*')", location=at)
        if rule != "*":
            rule = _rule(rule, at).code
        obj = item.get("object", "*")
        if not isinstance(obj, str) or not obj:
            raise InputError(f"{what}.object must be an object path glob", location=at)
        reason = item.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise InputError(
                f"{what}.reason is required",
                hint="say why the exception is acceptable; it is shown with every finding it hides",
                location=at,
            )
        out.append(
            AllowEntry(obj, rule, reason.strip(), _parse_date(item.get("expires"), what, at), location=at)
        )
    return tuple(out)


def _parse_date(value: Any, what: str, where: Location | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InputError(
            f"{what}.expires must be a date (YYYY-MM-DD), not {value!r}", location=where
        ) from None


def load_config_file(path: str | Path) -> RulesConfig:
    """Read the ``rules`` block of a ``schema-auditor.yaml`` or a ``pyproject.toml``
    (``[tool.schema-auditor.rules]``), with line numbers in errors for YAML."""
    p = Path(path)
    loc = Location(str(p))
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as e:
        raise InputError(f"cannot read config file: {e.strerror}", location=loc) from None
    if p.suffix == ".toml":
        try:
            doc = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            raise InputError(f"invalid TOML: {e}", location=loc) from None
        raw = doc.get("tool", {}).get("schema-auditor", {}).get("rules")
        return parse_rules_config(raw, loc)
    try:
        doc = yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise InputError(
            f"invalid YAML: {getattr(e, 'problem', None) or e}",
            location=Location(str(p), mark.line + 1, mark.column + 1) if mark else loc,
        ) from None
    if doc is None:
        return RulesConfig(location=loc)
    if not isinstance(doc, Mapping):
        raise InputError("a config file is a mapping with a 'rules' key", location=loc)
    # Other top-level keys belong to the project configuration (auditor.config), which checks them.
    return parse_rules_config(doc.get("rules"), _at(loc, doc, "rules"))


def merge_configs(base: RulesConfig, over: RulesConfig) -> RulesConfig:
    """``over`` on top of ``base`` (a spec's ``rules:`` over the config file's): options and
    per-rule settings by key, allow-lists concatenated."""
    rules = dict(base.rules)
    for code, rc in over.rules.items():
        old = rules.get(code, RuleConfig())
        rules[code] = RuleConfig(
            enabled=rc.enabled if rc.enabled is not None else old.enabled,
            level=rc.level or old.level,
            options={**old.options, **rc.options},
        )
    return RulesConfig(
        options={**base.options, **over.options},
        rules=rules,
        allow=base.allow + over.allow,
        location=over.location or base.location,
    )
