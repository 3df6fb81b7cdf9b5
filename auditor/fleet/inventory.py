"""The fleet's members: from a YAML inventory, a query against a control database, or the tenant
schemas of one database.

A YAML inventory::

    databases:
      - name: eu-prod
        dsn: ${EU_PROD_DATABASE_URL}      # an environment variable, expanded here
        labels: {region: eu, tier: prod}

Every error names the file and line, and exits 2.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.errors import InputError, UsageError
from auditor.model import Location

_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@:/+-]{0,199}$")


@dataclass(frozen=True)
class Member:
    """One database (or one tenant schema of a database) the fleet audits."""

    name: str
    dsn: str = field(repr=False)
    labels: tuple[tuple[str, str], ...] = ()
    schema: str | None = None  # schema-per-tenant: the tenant's schema in ``dsn``'s database

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "labels": dict(self.labels), "schema": self.schema}


def load_inventory(path: str | Path) -> list[Member]:
    """Members of a YAML inventory (``databases: [{name, dsn, labels}]``); names unique."""
    import yaml

    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise InputError(f"inventory {p}: cannot read it: {e.strerror}", hint="check --inventory") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        loc = Location(str(p), mark.line + 1, mark.column + 1) if mark is not None else Location(str(p))
        problem = getattr(e, "problem", None) or "not valid YAML"
        raise InputError(f"inventory: {problem}", location=loc, hint="fix the YAML") from None

    def where(node: Any) -> Location:
        return Location(str(p), node.start_mark.line + 1, node.start_mark.column + 1)

    if root is None:
        raise InputError("inventory is empty", location=Location(str(p), 1), hint="list databases:")
    if not isinstance(root, yaml.MappingNode):
        raise InputError("inventory must be a mapping with a databases: list", location=where(root))
    top = {k.value: (k, v) for k, v in root.value}
    for key, (knode, _) in top.items():
        if key != "databases":
            raise InputError(
                f"inventory: unknown key {key!r}", location=where(knode), hint="expected databases:"
            )
    if "databases" not in top:
        raise InputError("inventory has no databases: list", location=where(root))
    items = top["databases"][1]
    if not isinstance(items, yaml.SequenceNode) or not items.value:
        raise InputError("inventory: databases: must be a non-empty list", location=where(items))
    members: list[Member] = []
    seen: dict[str, Location] = {}
    for item in items.value:
        if not isinstance(item, yaml.MappingNode):
            raise InputError(
                "inventory: each database is a mapping {name, dsn, labels}", location=where(item)
            )
        fields_ = {k.value: (k, v) for k, v in item.value}
        for key, (knode, _) in fields_.items():
            if key not in ("name", "dsn", "labels"):
                raise InputError(
                    f"inventory: unknown key {key!r} in a database",
                    location=where(knode),
                    hint="a database has name, dsn and labels",
                )
        for key in ("name", "dsn"):
            if key not in fields_:
                raise InputError(f"inventory: a database without {key}:", location=where(item))
            if not isinstance(fields_[key][1], yaml.ScalarNode) or not str(fields_[key][1].value).strip():
                raise InputError(
                    f"inventory: {key}: must be a non-empty string", location=where(fields_[key][1])
                )
        name_node = fields_["name"][1]
        name = str(name_node.value)
        if not _NAME.match(name):
            raise InputError(
                f"inventory: database name {name!r} is not a plain name",
                location=where(name_node),
                hint="letters, digits and _ . @ : / + - (up to 200)",
            )
        if name in seen:
            raise InputError(
                f"inventory: database name {name!r} appears twice (first at line {seen[name].line})",
                location=where(name_node),
                hint="names identify members in the report: make them unique",
            )
        seen[name] = where(name_node)
        dsn_node = fields_["dsn"][1]
        dsn = _expand(str(dsn_node.value), where(dsn_node))
        labels: list[tuple[str, str]] = []
        if "labels" in fields_:
            lab = fields_["labels"][1]
            if not isinstance(lab, yaml.MappingNode):
                raise InputError("inventory: labels: must be a mapping", location=where(lab))
            for k, v in lab.value:
                if not isinstance(v, yaml.ScalarNode):
                    raise InputError(f"inventory: label {k.value!r} must be a scalar", location=where(v))
                labels.append((str(k.value), str(v.value)))
        members.append(Member(name, dsn, tuple(labels)))
    return members


def _expand(value: str, loc: Location) -> str:
    """``${VAR}`` replaced by the environment's value; an unset variable is an error (exit 2)."""
    from auditor.redact import register_dsn

    def sub(m: re.Match[str]) -> str:
        var = m.group(1)
        if var not in os.environ:
            raise InputError(
                f"inventory: environment variable {var} is not set",
                location=loc,
                hint=f"export {var}, or write the DSN in the inventory",
            )
        return os.environ[var]

    out = _ENV.sub(sub, value)
    register_dsn(out)  # its password is hidden in every output from here on
    return out


def members_from_query(control_dsn: str, query: str, timeout_s: int = 10) -> list[Member]:
    """Members listed by ``query`` on the control database: columns name, dsn[, labels (json)]."""
    import json

    import psycopg

    from auditor.connect import Timeouts, connect
    from auditor.redact import register_dsn

    # read-only, with the database's own search_path (the query names its tables as its author does)
    with connect(control_dsn, timeouts=Timeouts(connect_s=timeout_s)) as conn:
        conn.read_only = True
        try:
            cur = conn.execute(query.encode())
            names = [d.name for d in cur.description or ()]
            rows = cur.fetchall()
        except psycopg.Error as e:
            first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            raise UsageError(
                f"--inventory-query failed on the control database: {first}",
                hint="the query returns columns name, dsn and optionally labels (json)",
            ) from None
    if names[:2] != ["name", "dsn"]:
        raise UsageError(
            f"--inventory-query returns columns {', '.join(names) or '(none)'}",
            hint="return name, dsn and optionally labels (json), in that order",
        )
    members: list[Member] = []
    seen: set[str] = set()
    for i, row in enumerate(rows, 1):
        name, dsn = row[0], row[1]
        if not name or not dsn or not _NAME.match(str(name)):
            raise UsageError(f"--inventory-query row {i}: a name and a dsn are needed, got name {name!r}")
        if name in seen:
            raise UsageError(f"--inventory-query row {i}: name {name!r} appears twice")
        seen.add(str(name))
        raw = row[2] if len(row) > 2 else None
        lab = json.loads(raw) if isinstance(raw, str) else (raw or {})
        register_dsn(str(dsn))
        members.append(Member(str(name), str(dsn), tuple((str(k), str(v)) for k, v in dict(lab).items())))
    if not members:
        raise UsageError("--inventory-query returned no database", hint="check the query")
    return members


def tenant_members(dsn: str, pattern: str, timeout_s: int = 10) -> list[Member]:
    """One member per schema of ``dsn``'s database whose name matches the glob ``pattern``."""
    from fnmatch import fnmatchcase

    from auditor.connect import Timeouts, describe, snapshot

    with snapshot(dsn, timeouts=Timeouts(connect_s=timeout_s)) as conn:
        names = sorted(r[0] for r in conn.execute("SELECT nspname FROM pg_catalog.pg_namespace").fetchall())
    found = [n for n in names if fnmatchcase(n, pattern)]
    if not found:
        raise UsageError(
            f"--tenant-schemas {pattern}: no schema of {describe(dsn)} matches it",
            hint="check the glob, e.g. 'tenant_*'",
        )
    return [Member(f"{n}", dsn, (("schema", n),), schema=n) for n in found]


def shard_of(name: str, count: int) -> int:
    """The shard (0..count-1) a member belongs to: a stable hash of its name, the same on every
    machine and Python (never ``hash()``, which is salted per process)."""
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big") % count


def parse_shard(text: str) -> tuple[int, int]:
    """``I/N`` (I from 0 to N-1, as Kubernetes' JOB_COMPLETION_INDEX counts) -> (I, N)."""
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not m or int(m.group(2)) < 1 or int(m.group(1)) >= int(m.group(2)):
        raise UsageError(f"--shard {text}: expected I/N with 0 <= I < N", hint="e.g. --shard 0/4 ... 3/4")
    return int(m.group(1)), int(m.group(2))


def select_shard(members: Sequence[Member], shard: tuple[int, int] | None) -> list[Member]:
    if shard is None:
        return list(members)
    i, n = shard
    return [m for m in members if shard_of(m.name, n) == i]


def inventory_digest(members: Sequence[Member]) -> str:
    """What identifies an inventory across shards (names and schemas, never DSNs)."""
    h = hashlib.sha256()
    for m in sorted(members, key=lambda m: m.name):
        h.update(f"{m.name}\0{m.schema or ''}\n".encode())
    return h.hexdigest()[:16]
