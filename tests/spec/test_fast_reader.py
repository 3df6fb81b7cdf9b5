"""The fast reader of the snapshot layout reads exactly what the general (libyaml) reader reads: the
same data, positions and scalar texts, the same loaded spec down to every location, and, for what
it does not take, it steps aside so that results and errors are the general reader's.

See tests/spec/fast_reader_check.py for the comparisons."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import psycopg
import pytest
import yaml

from auditor.errors import InputError
from auditor.introspect import introspect
from auditor.model import FrozenMap
from auditor.spec import dump_spec, fastyaml, load_spec, load_spec_text, loader
from bench.schema_gen import create_schema
from tests.compare.test_cases import skip_below
from tests.servers import Server
from tests.spec.deep import deep
from tests.spec.fast_reader_check import document_differences, spec_differences
from tests.spec.test_roundtrip import _rich_catalog

TESTS = Path(__file__).resolve().parents[1]
ROOT = TESTS.parent
SPEC_FILES = [
    ROOT / "expected_schema.yaml",
    TESTS / "spec" / "e2e" / "names.yaml",
    *sorted(p for p in (TESTS / "spec" / "cases" / "valid").glob("*.yaml") if ".expect." not in p.name),
]
ERROR_FILES = sorted((TESTS / "spec" / "cases" / "errors").glob("*.yaml"))
YAML_FILES = sorted({*TESTS.rglob("*.yaml"), *TESTS.rglob("*.yml")})


def _id(p: Path) -> str:
    return str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else str(p)


# --- files ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SPEC_FILES, ids=_id)
def test_spec_files_load_the_same_through_both_readers(path: Path) -> None:
    text = path.read_text("utf-8")
    assert spec_differences(text, str(path)) == []
    assert document_differences(text, str(path)) == []
    assert deep(load_spec_text(text, str(path))) == deep(loader._load_general(text, str(path)))


@pytest.mark.parametrize("path", YAML_FILES, ids=_id)
def test_every_yaml_fixture_reads_the_same_or_goes_to_the_general_reader(path: Path) -> None:
    text = path.read_text("utf-8")
    try:
        differences = document_differences(text, str(path))
    except fastyaml.NotFast:
        return  # read by the general reader alone: nothing to compare
    assert differences == []


def test_snapshot_of_the_benchmark_schema_loads_the_same(dsn: str) -> None:
    """A snapshot of the benchmark's synthetic Supabase-like schema (the layout users get from
    ``snapshot``), read by both readers; also checked by hand on its 5,000-table version."""
    create_schema(dsn, 60, "fast_bench")
    text = dump_spec(introspect(dsn, include_schemas=["fast_bench"]))
    assert spec_differences(text, "bench.yaml") == []
    assert document_differences(text, "bench.yaml") == []


# --- snapshots --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SPEC_FILES, ids=_id)
def test_snapshot_of_each_spec_takes_the_fast_path(path: Path) -> None:
    text = dump_spec(load_spec(path).catalog)
    assert spec_differences(text) == []  # raises NotFast if the fast path were not taken
    assert document_differences(text) == []


def test_snapshot_with_tricky_values_takes_the_fast_path() -> None:
    """Every scalar the writer has to quote, escape or write as a block (see test_roundtrip)."""
    text = dump_spec(_rich_catalog())
    assert spec_differences(text) == []
    assert document_differences(text) == []


def test_snapshot_of_many_tables_takes_the_fast_path() -> None:
    """Block entries far apart, the same lines many times over (what the reader caches)."""
    catalog = _rich_catalog()
    schemas = dict(catalog.schemas)
    for sname, schema in catalog.schemas.items():
        relations = dict(schema.relations)
        for rname, rel in schema.relations.items():
            if rel.kind == "table" and rel.partition_of is None:
                for i in range(20):
                    relations[f"{rname}_{i}"] = dataclasses.replace(rel, name=f"{rname}_{i}")
        schemas[sname] = dataclasses.replace(schema, relations=FrozenMap(relations))
    text = dump_spec(dataclasses.replace(catalog, schemas=FrozenMap(schemas)))
    assert text.count("\n") > 2 * dump_spec(catalog).count("\n")
    assert spec_differences(text) == []


def _introspect_case_sql() -> list[tuple[str, str, int]]:
    out = []
    for case in sorted((TESTS / "introspect" / "cases").glob("*.yaml")):
        data = yaml.safe_load(case.read_text("utf-8"))
        out.append((case.stem, data["sql"], int(data.get("min_major", 0))))
    return out


def _compare_case_sql() -> list[tuple[str, str]]:
    cases = TESTS / "compare" / "cases"
    base = (cases / "base.sql").read_text("utf-8")
    out = []
    for d in sorted(p for p in cases.iterdir() if p.is_dir()):
        if (d / "b.sql").is_file():
            out.append((d.name, (d / "b.sql").read_text("utf-8")))
        elif (d / "drift.sql").is_file():
            out.append((d.name, base + "\n" + (d / "drift.sql").read_text("utf-8")))
    return out


def test_snapshots_of_introspection_cases_load_the_same(server: Server, dsn: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as c:
        for _, sql, min_major in _introspect_case_sql():
            if server.major >= min_major:
                c.execute(sql.encode())
    text = dump_spec(introspect(dsn))
    assert spec_differences(text, "introspection.yaml") == []
    assert document_differences(text) == []


@pytest.mark.parametrize("case", [name for name, _ in _compare_case_sql()])
def test_snapshots_of_comparison_cases_load_the_same(case: str, server: Server) -> None:
    skip_below(server, case)
    sql = dict(_compare_case_sql())[case]
    with server.fresh_database("fastread") as dsn:
        with psycopg.connect(dsn, autocommit=True) as c:
            c.execute(sql.encode())
        text = dump_spec(introspect(dsn))
    assert spec_differences(text, f"{case}.yaml") == []


# --- tricky input -----------------------------------------------------------------------------

SCALARS = """\
a: on
b: no
c: yes
d: '010'
e: 010
f: 12:30
g: 2027-01-31
h: 0x1F
i: -5
j: 1.5
k: .inf
l: ~
m: null
n: NULL
o: True
p: FALSE
q: +12
r: 1e3
s: 1.0e+3
t: -.inf
v: 0
w: -0
x: é ✓ unicode
y: 'it''s'
z: "dq \\u00e9 \\x41 \\" \\\\ \\t \\U0001F600 end"
aa: plain with 'quotes' inside and "double"
ab: a#b
ac: value   # trailing comment
ad: ?q
ae: :colon
af: -dash
ag: a:b
ah: x  y
ai:
aj:   # only a comment
ak: 'true'
al: "null"
am: [on, no, 010, 12:30, 2027-01-31, 0x1F, -5, .inf, ~, true, 'q', "d", a:b, x  y]
an: {a: on, b: 010, 'q k': "v", "d k": 'x', e: [1, 2.5, true, null, ~], f: {}, g: []}
ao: [a b, 'c, d', "e]f", {x: y}, [nested, [deeper, []]], {}]
ap: {type: 'numeric(12,2)', default: "'{}'::text[]", n: -1}
aq: []
ar: {}
"""

KEYS = """\
'quoted key': 1
"dq key": 2
"Mixed Case": x
clé: vé
日本: 語
'on': x
"010": y
key with spaces: z
'it''s': q
"tab\\tkey": t
a,b: c
x[1]: y
q?: r
'': empty key
é: {ü: 1, x: 2, 'ß': [ä, 3]}
über:
  straße: {größe: 1}
"😀": {a: 1, "🙂": [x, 2]}
x😀y: {😀: 1, b: 2}
"""

BLOCKS = """\
# a comment first
top:   # comment after a key
  # a comment inside

  inner: value
  list:
    - a
    - 'b'
    - {c: d}
    - [e, f]
    - g: h
      i: j
    -   k: l
        m: [n]
    - o:
        p: q
    - 2027-01-31
  empty:
  after: x
deep:
  a:
    b:
      c:
        d: [1]
last: end
"""

LITERALS = """\
body: |
  line 1
    indented

  line 3
strip: |-
  x
  y
explicit: |2
    lead spaces
  normal
explicit_strip: |2-
   one space
commented: | # a comment
  text # not a comment
items:
  - |
    in a list
  - |-
    stripped
  - k: |
      in a mapping in a list
    l: after
trailing: |

  x


leading: |-


  after empty lines
between: y
last: |-
  end
"""

SPEC = """\
# a hand-written spec
version: 1
platform: supabase
strict: false
roles:
  'on': {login: true}
  app: {member_of: [authenticated, 'no']}
schemas:
  public:
    owner: postgres
    comment: 2024-01-01
    tables:
      "Job Events":
        rls: {enabled: true, forced: true}
        columns:
          id: {type: uuid, primary_key: true, default: gen_random_uuid()}
          kind: {type: text, check: "kind <> ''", default: 'on'}
          n: {type: integer, default: 0, unique: true}
          ref: {type: uuid, references: jobs(id)}
          at: timestamp with time zone   # trailing comment
          é: text
        checks:
          - n >= 0
          - {expression: n < 100, valid: false}
        indexes:
          by_kind: {columns: [kind, 'lower(kind)'], where: n > 0}
        policies:
          p: {for: select, to: [authenticated, 'on'], using: "true"}
        grants: {anon: [select], 'on': [insert with grant option]}
      jobs:
        columns:
          id: uuid
        primary_key: [id]
    enums:
      mood: [on, no, yes, 010, 12:30, 2027-01-31]
    functions:
      "touch()":
        returns: trigger
        language: plpgsql
        body: |
          BEGIN
            RETURN NEW;
          END
    sequences:
      counter: {start: 10, increment: -1, max_value: 0x7F}
ignore:
  - object: table:public.*
    code: DRIFT*
    reason: 'noisy: for now'
    expires: 2099-12-31
  - {object: 'column:public.jobs.id', reason: "yes"}
rules:
  SEC001: {level: warning}
  PERF:
    enabled: false
    options: {max: 3, names: [a, 'b']}
"""

FAST_DOCUMENTS = {
    "scalars": SCALARS,
    "keys": KEYS,
    "blocks": BLOCKS,
    "literals": LITERALS,
    "spec": SPEC,
    "no final newline": "a: 1\nb: [x]",
    "no final newline after literal strip": "a: |-\n  x\nb: y",
    "trailing spaces": "a: x   \nb:    \n  c: d  \n",
}


@pytest.mark.parametrize("text", FAST_DOCUMENTS.values(), ids=FAST_DOCUMENTS.keys())
def test_tricky_documents_read_the_same(text: str) -> None:
    assert document_differences(text) == []


def test_hand_written_spec_loads_the_same() -> None:
    assert spec_differences(SPEC) == []
    spec = load_spec_text(SPEC, "s.yaml")
    assert spec.catalog.schemas["public"].enums["mood"].labels == (
        "on",
        "no",
        "yes",
        "010",
        "12:30",
        "2027-01-31",
    )
    assert spec.catalog.schemas["public"].relations["Job Events"].columns["n"].default == "0"
    lines = SPEC.splitlines()
    assert spec.rules["PERF"].lines == {
        "enabled": lines.index("    enabled: false") + 1,
        "options": lines.index("    options: {max: 3, names: [a, 'b']}") + 1,
    }


# What the fast reader does not take: the general reader reads it (or reports the error).
GENERAL_ONLY = {
    "tab": "a:\tb\n",
    "tab in quotes": 'a: "x\ty"\n',
    "anchor": "a: &x 1\nb: *x\n",
    "tag": "a: !!str 1\n",
    "merge key": "a: {x: 1}\nb:\n  <<: {x: 2}\n",
    "duplicate key": "a: 1\nb: 2\na: 3\n",
    "duplicate flow key": "a: {x: 1, x: 2}\n",
    "multi-line plain": "a: b\n  c\n",
    "multi-line quoted": "a: 'b\n  c'\n",
    "multi-line flow": "a: [b,\n  c]\n",
    "folded": "a: >\n  b\n  c\n",
    "keep": "a: |+\n  b\n\n",
    "literal with spaces-only line": "a: |\n  b\n   \n  c\n",
    "document marker": "---\na: 1\n",
    "document end": "a: 1\n...\n",
    "directive": "%YAML 1.1\n---\na: 1\n",
    "trailing comma": "a: [b, c,]\n",
    "indentless sequence": "a:\n- x\n- y\n",
    "invalid date": "a: 2027-02-31\n",
    "crlf": "a: 1\r\nb: 2\r\n",
    "bom": "\ufeffa: 1\n",
    "nel": "a: x\x85y\n",
    "line separator": "a: x\u2028y\n",
    "control character": "a: x\x07y\n",
    "complex key": "? a\n: b\n",
    "flow key": "[a]: b\n",
    "scalar at top": "just text\n",
    "empty": "",
    "only comments": "# nothing\n",
    "unclosed flow": "a: {b: c\n",
    "unclosed quote": "a: 'b\n",
    "text after flow": "a: [b] c\n",
    "mapping value in plain": "a: b: c\n",
    "plain ending in colon": "a: b:\n",
    "bad indentation": "a:\n    b: 1\n  c: 2\n",
    "sequence in mapping": "a: 1\n- b\n",
    "mapping after sequence": "a:\n  - b\n  c: d\n",
    "mapping after top sequence": "- a\nb: c\n",
    "nested dash": "a:\n  - - b\n",
    "dash alone": "a:\n  -\n    b: c\n",
    "key too long": "k" * 1100 + ": v\n",
    "flow pair in list": "a: [b: c]\n",
    "flow colon without space": "a: {b:c}\n",
    "flow comment": "a: {b: c #d}\n",
    "flow plain with question mark": "a: [b?c]\n",
    "dash key in a flow mapping": "a: {- b: c}\n",
    "two chomping indicators": "a: |--\n  b\n",
}


@pytest.mark.parametrize("text", GENERAL_ONLY.values(), ids=GENERAL_ONLY.keys())
def test_what_the_fast_reader_does_not_take_goes_to_the_general_reader(text: str) -> None:
    with pytest.raises(fastyaml.NotFast):
        fastyaml.parse(text, "f.yaml")
    assert _outcome(lambda: load_spec_text(text, "f.yaml")) == _outcome(
        lambda: loader._load_general(text, "f.yaml")
    )


def _outcome(load: object) -> object:
    assert callable(load)
    try:
        return deep(load())
    except InputError as e:
        return ("error", str(e))


NOT_SPECS = {
    "sequence at top": "- a\n- b: c\n",
    "mapping without version": "schemas: {}\n",
    "unknown key deep down": (
        "version: 1\nschemas:\n  s:\n    tables:\n      t: {columns: {a: {tpye: text}}}\n"
    ),
}


@pytest.mark.parametrize("text", NOT_SPECS.values(), ids=NOT_SPECS.keys())
def test_documents_read_fast_that_are_no_valid_spec_fail_as_on_the_general_path(text: str) -> None:
    assert document_differences(text) == []
    with pytest.raises(InputError) as fast:
        load_spec_text(text, "f.yaml")
    with pytest.raises(InputError) as general:
        loader._load_general(text, "f.yaml")
    assert str(fast.value) == str(general.value)


# --- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ERROR_FILES, ids=_id)
def test_errors_are_the_general_readers(path: Path) -> None:
    """Every invalid spec fails with the general reader's message and position, also when the fast
    reader could read its YAML (the error then comes from validation or the builder)."""
    text = path.read_text("utf-8")
    with pytest.raises(InputError) as fast:
        load_spec_text(text, str(path))
    with pytest.raises(InputError) as general:
        loader._load_general(text, str(path))
    assert str(fast.value) == str(general.value)


def test_most_error_cases_are_read_by_the_fast_reader_first() -> None:
    """So the test above exercises the step back from the fast path, not only the general one."""
    fast = 0
    for path in ERROR_FILES:
        try:
            fastyaml.parse(path.read_text("utf-8"), str(path))
            fast += 1
        except fastyaml.NotFast:
            pass
    assert fast >= len(ERROR_FILES) // 2


ERRORS_IN_A_SNAPSHOT = {
    "unknown key in a flow mapping": ("not_null: true}", "not_null: true, nullable: false}"),
    "wrong type": ("rls: true", "rls: 5"),
    "bad reference": ("references: ", "references: 'no such thing' #"),
    "unknown column key": ("type: text", "tpye: text"),
    "duplicate column": ("          'no': {", "          'on': {"),
}


@pytest.mark.parametrize("edit", ERRORS_IN_A_SNAPSHOT.values(), ids=ERRORS_IN_A_SNAPSHOT.keys())
def test_errors_deep_in_a_snapshot_keep_their_position(edit: tuple[str, str]) -> None:
    text = dump_spec(_rich_catalog())
    old, new = edit
    assert old in text
    broken = text.replace(old, new, 1)
    with pytest.raises(InputError) as fast:
        load_spec_text(broken, "s.yaml")
    with pytest.raises(InputError) as general:
        loader._load_general(broken, "s.yaml")
    assert str(fast.value) == str(general.value)
    assert fast.value.location is not None and (fast.value.location.line or 0) > 1


_TABLE = """\
      {name}:
        columns:
          id: bigint
          parent_id: bigint
          code: text
        primary_key: [id]
        unique:
          - [code]
        checks:
          - id > 0
        foreign_keys:
          - {{columns: [parent_id], references: parent(id)}}
"""


def test_constraints_written_alike_in_many_tables_are_each_their_own() -> None:
    """The builder reads a constraint line written the same way in many tables once: each table still
    gets its own names and locations, and references resolved in its own schema."""
    text = "version: 1\nschemas:\n" + "".join(
        f"  {schema}:\n    tables:\n      parent:\n        columns:\n          id: bigint\n"
        + "".join(_TABLE.format(name=name) for name in ("a", "b"))
        for schema in ("one", "two")
    )
    assert spec_differences(text) == []  # also: the fast path is taken
    catalog = load_spec_text(text, "s.yaml").catalog
    tables = [catalog.schemas[s].relations[t] for s in ("one", "two") for t in ("a", "b")]
    fks = [t.constraints[f"{t.name}_parent_id_fkey"] for t in tables]
    assert [fk.references.table for fk in fks if fk.references] == ["one.parent"] * 2 + ["two.parent"] * 2
    for kind in ("pkey", "code_key", "id_check", "parent_id_fkey"):
        found = [t.constraints[f"{t.name}_{kind}"] for t in tables]
        assert len({c.location for c in found}) == len(found) == len({id(c) for c in found})


# --- the comparison itself ----------------------------------------------------------------------


def test_the_comparison_sees_locations_and_declared_sets() -> None:
    """deep() is what proves equality above: it must see what model equality ignores."""
    a = load_spec_text(SPEC, "s.yaml")
    b = load_spec_text("\n" + SPEC, "s.yaml")  # everything one line down
    assert a.catalog == b.catalog
    assert deep(a) != deep(b)
    written = SPEC.replace("{type: integer, default: 0,", "{type: integer, default: 0, nullable: true,")
    c = load_spec_text(written, "s.yaml")  # the same column, one more attribute declared
    assert c.catalog == a.catalog
    assert deep(c.catalog) != deep(a.catalog)
