"""Offline mode: the catalog the migrations describe, read without a server, equals the catalog a
real server builds by running them; what cannot be modelled is listed with its location."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from auditor.compare.diff import diff
from auditor.migrations.offline import offline_catalog
from auditor.model import FrozenMap
from auditor.shadow import open_shadow, replay
from auditor.shadow.catalog import introspect_shadow
from tests.conftest import ROOT
from tests.shadow.providers import shadow_params

PROJECTS = Path(__file__).parent / "offline_projects"
FOLDERS = {"seed": ROOT / "migrations", "features": PROJECTS / "features"}


@pytest.fixture(scope="module", params=shadow_params())
def provider(request: pytest.FixtureRequest) -> tuple[str, dict[str, Any]]:
    return request.param  # type: ignore[no-any-return]


@pytest.mark.parametrize("folder", FOLDERS.values(), ids=list(FOLDERS))
def test_offline_catalog_equals_the_shadow(folder: Path, provider: tuple[str, dict[str, Any]]) -> None:
    offline = offline_catalog(folder)
    assert offline.approximate and offline.gaps == ()
    name, kw = provider
    with open_shadow(name, **kw) as shadow:
        result = replay(folder, shadow)
        shadow_catalog = introspect_shadow(shadow, result)
    differences = diff(offline, shadow_catalog)
    assert differences == [], [(d.kind, d.path, d.changes) for d in differences]

    # The comparison does look at what offline declares: one wrong column type is found.
    table = next(r for r in offline.tables() if r.columns)
    column = next(iter(table.columns.values()))
    wrong = replace(column, type="bytea")
    bad_table = replace(table, columns=FrozenMap({**table.columns, column.name: wrong}))
    schema = offline.schemas[table.schema]
    bad_schema = replace(schema, relations=FrozenMap({**schema.relations, table.name: bad_table}))
    bad = replace(offline, schemas=FrozenMap({**offline.schemas, table.schema: bad_schema}))
    assert [d.path for d in diff(bad, shadow_catalog)] == [f"column:{table.key}.{column.name}"]


def test_offline_names_what_it_cannot_model() -> None:
    folder = PROJECTS / "gaps"
    catalog = offline_catalog(folder)
    file = str(folder / "0001_dynamic.sql")
    lines = (folder / "0001_dynamic.sql").read_text(encoding="utf-8").splitlines()

    def line_of(needle: str) -> int:
        return next(i for i, x in enumerate(lines) if needle in x) + 1

    got = sorted((g.location.line, g.reason.split(":")[0]) for g in catalog.gaps if g.location)
    assert all(g.location is not None and g.location.file == file for g in catalog.gaps)
    assert [line for line, _ in got] == [
        line_of("execute format"),
        line_of("create index t_a"),
        line_of("add column c"),
        line_of("create operator"),
        line_of("selec 1"),
    ]
    assert not catalog.complete
    # What it could model is there.
    t = catalog.get_relation("public", "t")
    assert t is not None and list(t.columns) == ["id", "a"] and "t_pkey" in t.constraints
