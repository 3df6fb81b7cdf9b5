"""What the catalog rules share is what the model says, only read once: relations with their
children in catalog order, the column index by type and name, object paths from a relation's key."""

from __future__ import annotations

import pytest

from auditor.model import (
    Catalog,
    Column,
    FrozenMap,
    Relation,
    Schema,
    fmap,
    object_path,
    qualify,
)
from auditor.normalize import canonical_type
from auditor.rules.scope import child_path, relation_parts, table_parts, typed_columns

NAMES = ["plain", "Mixed", "with space", 'quo"te', "select", "dot.ted", "é"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("table", ["jobs", "Job Events", "order"])
def test_child_path_is_the_object_path(table: str, name: str) -> None:
    for kind in ("column", "constraint", "index", "policy"):
        assert child_path(kind, qualify("App", table), name) == object_path(kind, "App", table, name)


def _catalog() -> Catalog:
    def table(schema: str, name: str, kind: str = "table", **kw: object) -> Relation:
        columns = [
            Column("id", "int4", 1),
            Column("owner_id", "uuid", 2),
            Column("note", "varchar(10)", 3, declared=frozenset({"name"})),  # type not declared
            Column("made", "timestamp", 4),
        ]
        return Relation(schema, name, kind, columns=fmap(columns), **kw)  # type: ignore[arg-type]

    app = [
        table("app", "b"),
        table("app", "a", "partitioned table"),
        table("app", "a_1", partition_of="app.a"),
        table("app", "v", "view"),
        table("app", "undeclared", declared=frozenset({"name"})),
    ]
    auth = [table("auth", "users")]
    return Catalog(
        schemas=FrozenMap(
            {
                "app": Schema("app", relations=fmap(app)),
                "auth": Schema("auth", relations=fmap(auth)),
            }
        )
    )


def test_relation_parts_are_the_catalog_in_order() -> None:
    catalog = _catalog()
    parts = relation_parts(catalog)
    assert [p.rel for p in parts] == list(catalog.relations())
    for p in parts:
        assert p.key == p.rel.key
        assert p.columns == tuple(p.rel.columns.values())
        assert p.constraints == tuple(p.rel.constraints.values())
        assert p.indexes == tuple(p.rel.indexes.values())
        assert p.policies == tuple(p.rel.policies.values())
    assert [p.rel for p in table_parts(catalog)] == list(catalog.tables())
    assert relation_parts(catalog) is parts  # built once per catalog


@pytest.mark.parametrize("partitions", [False, True])
def test_typed_columns_filter_as_a_walk_would(partitions: bool) -> None:
    catalog = _catalog()
    managed = frozenset({"auth"})
    walk = [
        (rel, rel.key, col, canonical_type(col.type, rel.schema))
        for rel in catalog.tables()
        if rel.schema not in managed
        and rel.is_declared("columns")
        and (partitions or rel.partition_of is None)
        for col in rel.columns.values()
        if col.is_declared("type")
    ]
    assert list(typed_columns(managed, catalog, partitions=partitions)) == walk

    def timestamp(typ: str) -> bool:
        return typ.startswith("timestamp")

    by_type = list(typed_columns(managed, catalog, partitions=partitions, types=timestamp))
    assert by_type == [row for row in walk if timestamp(row[3])]
    by_name = list(typed_columns(managed, catalog, partitions=partitions, names={"id", "made"}))
    assert by_name == [row for row in walk if row[2].name in {"id", "made"}]
    both = list(typed_columns(managed, catalog, partitions=partitions, types=timestamp, names={"id"}))
    assert both == []
