"""Introspection cases as data: ``cases/<case>.yaml`` holds the SQL that builds some objects and the
catalog expected back, on every configured server.

Case file keys
--------------
``sql``          run in the module's fresh database (each case uses its own schemas and
                 ``sa_intro_``-prefixed roles, created idempotently, so cases share the database)
``schemas``      the ``include_schemas`` of the introspection (``exclude``: its ``exclude_schemas``)
``expect``       ``schemas`` (exact: every schema, object and field), ``roles`` and ``extensions``
                 (each role/extension listed is checked field by field; others may exist),
                 ``default_privileges`` (exact, as ``role|schema|object_type|grantee|PRIVILEGE[*]``),
                 ``gaps`` (exact, as ``kind|object``; none by default)
``min_major``    skip on older servers

Every comparable field of every expected object is asserted: a field the YAML leaves out must
hold the model's default. Shorthands: ``name``/``schema`` come from the keys; a column's
``position`` is its 1-based place in the YAML; ``owner`` defaults to the role running the tests
(``$ADMIN`` spells it elsewhere); grants are ``grantee:PRIVILEGE`` (``*`` suffix: grantable); a
function's ``body`` is turned into ``body_hash`` (sha256). A key ``field@N`` replaces ``field`` on
servers of major version N and later.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path
from typing import Any

import psycopg
import pytest
import yaml

from auditor.introspect import introspect
from auditor.model import Catalog, ForeignKeyRef, FrozenMap, Grant
from tests.servers import Server

CASES = sorted((Path(__file__).parent / "cases").glob("*.yaml"))

OWNED = {"Relation", "Function", "Sequence", "EnumType", "Domain", "Schema", "Collation"}


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def _versioned(expected: dict[str, Any], major: int) -> dict[str, Any]:
    """Resolve ``field@N`` keys for a server of this major version."""
    out: dict[str, Any] = {}
    chosen: dict[str, int] = {}
    for key, value in expected.items():
        name, _, since = str(key).partition("@")
        n = int(since) if since else 0
        if n <= major and n >= chosen.get(name, -1):
            out[name] = value
            chosen[name] = n
    return out


def _subst(value: Any, admin: str) -> Any:
    if isinstance(value, str):
        return value.replace("$ADMIN", admin)
    if isinstance(value, list):
        return [_subst(v, admin) for v in value]
    if isinstance(value, dict):
        return {k: _subst(v, admin) for k, v in value.items()}
    return value


def _grant(g: Grant) -> str:
    return f"{g.grantee}:{g.privilege}" + ("*" if g.grantable else "")


def _default(f: dataclasses.Field[Any]) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    raise AssertionError(f"no default for required field {f.name}")


def assert_object(obj: Any, expected: dict[str, Any], path: str, ctx: dict[str, Any]) -> None:
    """Assert every comparable field of ``obj`` against ``expected`` (defaults where left out)."""
    expected = _versioned(expected, ctx["major"])
    if "body" in expected:
        expected["body_hash"] = hashlib.sha256(expected.pop("body").encode()).hexdigest()
    if type(obj).__name__ in OWNED:
        expected.setdefault("owner", ctx["admin"])
    unknown = set(expected) - {f.name for f in dataclasses.fields(obj)}
    assert not unknown, f"{path}: unknown fields in the case: {sorted(unknown)}"
    for f in dataclasses.fields(obj):
        if not f.compare:
            continue
        actual = getattr(obj, f.name)
        where = f"{path}.{f.name}"
        if f.name not in expected:
            assert actual == _default(f), f"{where}: expected the default {_default(f)!r}, got {actual!r}"
            continue
        want = expected[f.name]
        if isinstance(actual, FrozenMap) and actual and dataclasses.is_dataclass(next(iter(actual.values()))):
            assert_children(actual, want or {}, where, ctx)
        elif isinstance(actual, FrozenMap):
            if want and all(dataclasses.is_dataclass(v) for v in actual.values()):
                assert_children(actual, want, where, ctx)
            else:
                assert dict(actual) == (want or {}), f"{where}: {dict(actual)!r} != {want!r}"
        elif isinstance(actual, frozenset):
            got = {_grant(g) if isinstance(g, Grant) else g for g in actual}
            assert got == set(want or ()), f"{where}: {sorted(got)} != {sorted(want or ())}"
        elif isinstance(actual, tuple):
            assert list(actual) == list(want), f"{where}: {list(actual)!r} != {want!r}"
        elif isinstance(actual, ForeignKeyRef):
            got_ref = {"table": actual.table, "columns": list(actual.columns)}
            assert got_ref == want, f"{where}: {got_ref!r} != {want!r}"
        else:
            assert actual == want, f"{where}: {actual!r} != {want!r}"


def assert_children(
    actual: FrozenMap[str, Any], expected: dict[str, Any], path: str, ctx: dict[str, Any]
) -> None:
    assert sorted(actual) == sorted(expected), f"{path}: keys {sorted(actual)} != {sorted(expected)}"
    for position, (key, want) in enumerate(expected.items(), start=1):
        want = dict(want or {})
        obj = actual[key]
        names = {f.name for f in dataclasses.fields(obj)}
        if "name" in names:
            want.setdefault("name", str(key).split("(", 1)[0] if "arguments" in names else key)
        if "schema" in names and "schema" in ctx:
            want.setdefault("schema", ctx["schema"])
        if type(obj).__name__ == "Column":
            want.setdefault("position", position)
        inner = dict(ctx)
        if type(obj).__name__ == "Schema":
            inner["schema"] = key
        assert_object(obj, want, f"{path}[{key}]", inner)


def check_catalog(catalog: Catalog, expect: dict[str, Any], ctx: dict[str, Any]) -> None:
    assert_children(catalog.schemas, expect.get("schemas") or {}, "schemas", ctx)
    for name, want in (expect.get("roles") or {}).items():
        assert name in catalog.roles, f"role {name} missing from {sorted(catalog.roles)}"
        assert_object(catalog.roles[name], {"name": name, **(want or {})}, f"roles[{name}]", ctx)
    for name, want in (expect.get("extensions") or {}).items():
        assert name in catalog.extensions, f"extension {name} missing from {sorted(catalog.extensions)}"
        assert_object(catalog.extensions[name], {"name": name, **(want or {})}, f"extensions[{name}]", ctx)
    dps = {
        f"{d.role}|{d.schema}|{d.object_type}|{d.grantee}|{d.privilege}" + ("*" if d.grantable else "")
        for d in catalog.default_privileges
        if d.schema in catalog.schemas
    }
    assert dps == set(expect.get("default_privileges") or ()), sorted(dps)
    gaps = {f"{g.kind}|{g.object}" for g in catalog.gaps}
    assert gaps == set(expect.get("gaps") or ()), sorted(gaps)


@pytest.fixture(scope="module")
def admin(dsn: str) -> str:
    with psycopg.connect(dsn) as c:
        row = c.execute("SELECT current_user").fetchone()
    assert row is not None
    return str(row[0])


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_case(case: Path, server: Server, dsn: str, admin: str) -> None:
    data = _load(case)
    if server.major < data.get("min_major", 0):
        pytest.skip(f"needs PostgreSQL {data['min_major']}")
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute(data["sql"].encode())
    catalog = introspect(dsn, include_schemas=data["schemas"], exclude_schemas=data.get("exclude", ()))
    assert catalog.server_version_num == server.version_num
    assert catalog.server_version == f"{server.major}.{server.version_num % 10000}"
    ctx = {"major": server.major, "admin": admin}
    check_catalog(catalog, _subst(data["expect"], admin), ctx)
    assert_index_definitions_are_the_servers(catalog, dsn)


def assert_index_definitions_are_the_servers(catalog: Catalog, dsn: str) -> None:
    """Most index definitions are built from their parts, not deparsed twice: each must read exactly
    as the server's own pg_get_indexdef(oid, 0, true)."""
    with psycopg.connect(dsn) as c:
        c.execute("SET search_path = pg_catalog")
        server = {
            (r[0], r[1], r[2]): r[3]
            for r in c.execute(
                "SELECT n.nspname, t.relname, ic.relname, pg_get_indexdef(i.indexrelid, 0, true) "
                "FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid "
                "JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace"
            )
        }
    for schema in catalog.schemas.values():
        for rel in schema.relations.values():
            for ix in rel.indexes.values():
                assert ix.definition == server[(schema.name, rel.name, ix.name)], (schema.name, ix.name)
