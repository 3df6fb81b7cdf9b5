"""Generated columns' kind (STORED / VIRTUAL) through the spec: written by snapshot, asserted when
written, not asserted by a spec that gives only the expression; fix SQL that makes the kind."""

from __future__ import annotations

from auditor.compare import diff, to_findings
from auditor.model import Catalog, Column, FrozenMap, Relation, Schema
from auditor.spec.loader import load_spec_text
from auditor.spec.writer import dump_spec

_SPEC = """\
version: 1
schemas:
  public:
    tables:
      t:
        columns:
          n: integer
          twice: {{type: integer, generated: n * 2{kind}}}
"""


def _live(kind: str) -> Catalog:
    cols = {
        "n": Column("n", "integer", position=1),
        "twice": Column("twice", "integer", position=2, generated="n * 2", generated_kind=kind),  # type: ignore[arg-type]
    }
    rel = Relation("public", "t", columns=FrozenMap(cols))
    return Catalog(schemas=FrozenMap({"public": Schema("public", relations=FrozenMap({"t": rel}))}))


def _changes(spec_text: str, live: Catalog) -> list[tuple[str, tuple[str, ...]]]:
    return [(d.path, d.changes) for d in diff(load_spec_text(spec_text).catalog, live)]


def test_a_written_kind_is_compared_both_ways() -> None:
    for spec_kind, live_kind in (("virtual", "stored"), ("stored", "virtual")):
        got = _changes(_SPEC.format(kind=f", generated_kind: {spec_kind}"), _live(live_kind))
        assert got == [("column:public.t.twice", ("generated_kind",))], (spec_kind, got)
    assert _changes(_SPEC.format(kind=", generated_kind: virtual"), _live("virtual")) == []


def test_an_unwritten_kind_is_not_asserted() -> None:
    for live_kind in ("stored", "virtual"):
        assert _changes(_SPEC.format(kind=""), _live(live_kind)) == []


def test_snapshot_writes_the_kind_and_reads_it_back() -> None:
    for kind in ("stored", "virtual"):
        text = dump_spec(_live(kind))
        assert f"generated_kind: {kind}" in text, text
        col = load_spec_text(text).catalog.schemas["public"].relations["t"].columns["twice"]
        assert col.generated_kind == kind and col.is_declared("generated_kind")
        assert diff(load_spec_text(text).catalog, _live("virtual" if kind == "stored" else "stored"))


def test_fix_sql_makes_the_kind() -> None:
    spec = load_spec_text(_SPEC.format(kind=", generated_kind: virtual")).catalog
    (f,) = to_findings(diff(spec, _live("stored")), a_label="spec", b_label="live")
    assert f.fix_sql is not None
    assert "DROP COLUMN twice, ADD COLUMN twice integer GENERATED ALWAYS AS (n * 2) VIRTUAL" in f.fix_sql, (
        f.fix_sql
    )
