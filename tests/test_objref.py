"""ObjectRef: the object reference behind every path; renders object_path's text, parses it back once."""

from __future__ import annotations

import pytest

from auditor.compare.diff import Difference, DiffKind
from auditor.model import object_path
from auditor.objref import ObjectRef

# (kind, unquoted parts, the path object_path renders, schema, name, table key)
CASES = [
    ("table", ("public", "jobs"), "table:public.jobs", "public", "jobs", "public.jobs"),
    ("column", ("public", "jobs", "status"), "column:public.jobs.status", "public", "status", "public.jobs"),
    (
        "policy",
        ("public", "my.table", 'a"b'),
        'policy:public."my.table"."a""b"',
        "public",
        'a"b',
        'public."my.table"',
    ),
    ("index", ("Sales", "t", "Ix"), 'index:"Sales".t."Ix"', "Sales", "Ix", '"Sales".t'),
    ("function", ("public", "f", "integer, text"), "function:public.f(integer, text)", "public", "f", None),
    ("function", ("s", "my f", "public.t[]"), 'function:s."my f"(public.t[])', "s", "my f", None),
    ("function", ("public", "g", ""), "function:public.g()", "public", "g", None),
    ("sequence", ("public", "s"), "sequence:public.s", "public", "s", None),
    ("schema", ("select",), 'schema:"select"', None, "select", None),
    ("role", ("anon",), "role:anon", None, "anon", None),
    ("extension", ("pgcrypto",), "extension:pgcrypto", None, "pgcrypto", None),
    ("default_privilege", ("postgres", "*", "r"), 'default_privilege:postgres."*".r', None, "r", None),
]


@pytest.mark.parametrize(("kind", "parts", "path", "schema", "name", "table"), CASES)
def test_renders_object_path_and_parses_back(
    kind: str, parts: tuple[str, ...], path: str, schema: str | None, name: str, table: str | None
) -> None:
    ref = ObjectRef(kind, parts)
    assert ref.path == object_path(kind, *parts) == path == str(ref)
    back = ObjectRef.parse(path)
    assert back == ref and hash(back) == hash(ref)
    assert (back.kind, back.parts, back.path) == (kind, parts, path)
    assert (back.schema, back.name, back.table_key) == (schema, name, table)
    assert (ref.schema, ref.name, ref.table_key) == (schema, name, table)
    assert ref.spelled == back.spelled
    assert ref.qualified == back.qualified == path.partition(":")[2]


# Paths no model object renders (redacted names, hand-written ignore patterns): kept as written.
ODD = [
    ("column:a..b", "column", ("a", "", "b"), "a."),
    ("index:s.t)x.y", "index", ("s", "t)x", "y"), "s.t)x"),
    ("no-kind.x", "", ("no-kind", "x"), None),
    ("column:public.***.c", "column", ("public", "***", "c"), "public.***"),
    ("", "", ("",), None),
]


@pytest.mark.parametrize(("path", "kind", "parts", "table"), ODD)
def test_odd_paths_render_as_written(path: str, kind: str, parts: tuple[str, ...], table: str | None) -> None:
    ref = ObjectRef.parse(path)
    assert (ref.path, ref.kind, ref.parts, ref.table_key) == (path, kind, parts, table)
    assert ref.qualified == (path.partition(":")[2] if kind else path)


def test_difference_carries_the_ref() -> None:
    ref = ObjectRef.of("column", "public", "jobs", "status")
    d = Difference(DiffKind.CHANGED, ref, None, None, ("type",))
    assert (d.object_type, d.path, d.parts) == (
        "column",
        "column:public.jobs.status",
        ("public", "jobs", "status"),
    )
    # The kind is typed and still prints (and compares) as the text reports carry.
    assert d.kind == "changed" and f"{d.kind}" == "changed" and d.kind.value == "changed"
    assert DiffKind.MISSING.swapped() is DiffKind.UNEXPECTED
    assert DiffKind.UNEXPECTED.swapped() is DiffKind.MISSING
    assert DiffKind.CHANGED.swapped() is DiffKind.CHANGED


def test_changed_is_the_set_of_changes_in_their_order() -> None:
    d = Difference(DiffKind.CHANGED, ObjectRef.of("role", "anon"), None, None, ("login", "member_of"))
    assert d.changes == ("login", "member_of")  # the order findings print and fingerprint
    assert d.changed == {"member_of", "login"} and isinstance(d.changed, frozenset)


def test_a_migration_path_keeps_its_version_whole() -> None:
    ref = ObjectRef.parse("migration:20241201000001.v2_init")
    assert (ref.kind, ref.qualified) == ("migration", "20241201000001.v2_init")
