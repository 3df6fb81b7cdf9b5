"""The comparison on hand-built catalogs: declared attributes, strict mode, every object kind,
attribution when only two sources exist, the ignore list and fix SQL quoting. (Server-side behaviour is
covered by the cases in test_cases.py and test_three_way.py.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from auditor.compare import apply_ignores, diff, three_way, to_findings
from auditor.compare.attribution import Explained, LiveFact
from auditor.compare.findings import IGNORE_EXPIRED_CODE
from auditor.findings import Attribution, Level
from auditor.model import (
    Catalog,
    Column,
    DefaultPrivilege,
    EnumType,
    Extension,
    FrozenMap,
    Function,
    Grant,
    Location,
    Policy,
    Relation,
    Role,
    Schema,
    fmap,
)
from auditor.spec.loader import IgnoreEntry

LOC = Location("expected_schema.yaml", 12, 5)


def table(name: str = "jobs", **kw: object) -> Relation:
    cols = kw.pop("columns", (Column("id", "bigint", 1, nullable=False), Column("status", "text", 2)))
    pols = kw.pop("policies", (Policy("p", "SELECT", roles=frozenset({"authenticated"}), using="owner = 1"),))
    return Relation("public", name, columns=fmap(cols), policies=fmap(pols), **kw)  # type: ignore[arg-type]


def catalog(*rels: Relation, schema_kw: dict[str, object] | None = None, **kw: object) -> Catalog:
    s = Schema("public", relations=fmap(rels), **(schema_kw or {}))  # type: ignore[arg-type]
    return Catalog(schemas=FrozenMap({"public": s}), **kw)  # type: ignore[arg-type]


def summary(a: Catalog, b: Catalog) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(d.kind, d.path, d.changes) for d in diff(a, b)]


def test_equal_catalogs_have_no_differences() -> None:
    assert diff(catalog(table()), catalog(table())) == []


def test_declared_attributes_only() -> None:
    live = catalog(table(policies=(Policy("p", "SELECT", roles=frozenset({"anon"}), using="true"),)))
    spec_pol = Policy("p", roles=frozenset({"authenticated"}), declared=frozenset({"roles"}))
    spec = catalog(table(policies=(spec_pol,), declared=frozenset({"policies"}), columns=()))
    # command and using differ too, but the spec only asserts roles; the spec table is not strict,
    # so live's columns are no finding either.
    assert summary(spec, live) == [("changed", "policy:public.jobs.p", ("roles",))]


def test_strict_spec_reports_extras() -> None:
    live = catalog(table(), table("extra"))
    only_id = (Column("id", "int8", nullable=False, declared=frozenset({"type", "nullable"})),)
    loose = table(columns=only_id, policies=(), declared=frozenset({"columns"}))
    spec_schema = {"declared": frozenset({"relations"})}
    assert summary(catalog(loose, schema_kw=spec_schema), live) == []
    strict = replace(loose, strict=True)
    got = summary(catalog(strict, schema_kw={**spec_schema, "strict": True}), live)
    assert got == [
        ("unexpected", "column:public.jobs.status", ()),
        ("unexpected", "policy:public.jobs.p", ()),
        ("unexpected", "table:public.extra", ()),
    ]


def test_missing_in_partial_spec_side_is_not_a_finding() -> None:
    # diff(live, spec): what live has and a non-strict spec does not list is no finding.
    spec = catalog(
        table(
            columns=(Column("id", "bigint", declared=frozenset({"type"})),),
            policies=(),
            declared=frozenset({"columns"}),
        ),
        schema_kw={"declared": frozenset()},
    )
    assert summary(catalog(table(), table("other")), spec) == []


def test_type_aliases_and_column_order() -> None:
    a = catalog(table(columns=(Column("id", "int8", 1), Column("at", "timestamptz", 2))))
    b = catalog(table(columns=(Column("at", "timestamp with time zone", 1), Column("id", "bigint", 2))))
    assert diff(a, b) == []
    assert {d.changes for d in diff(a, b, column_order=True)} == {("position",)}


def test_other_kinds() -> None:
    fn = Function("public", "f", "integer", returns="int4", body_hash="x", security_definer=False)
    schema_a = Schema(
        "public",
        functions=fmap([fn], key="key"),
        enums=fmap([EnumType("public", "mood", ("a", "b"))]),
    )
    schema_b = Schema(
        "public",
        functions=fmap([replace(fn, returns="integer", security_definer=True, body_hash="y")], key="key"),
        enums=fmap([EnumType("public", "mood", ("b", "a"))]),
    )
    dp = DefaultPrivilege("postgres", "public", "table", "anon", "SELECT")
    a = Catalog(
        schemas=FrozenMap({"public": schema_a}),
        extensions=fmap([Extension("pgcrypto", "1.3", "public")]),
        roles=fmap([Role("anon")]),
        default_privileges=frozenset({dp}),
    )
    b = Catalog(
        schemas=FrozenMap({"public": schema_b}),
        extensions=fmap([Extension("pgcrypto", "1.2", "public")]),
        roles=fmap([Role("anon", bypassrls=True)]),
    )
    got = summary(a, b)
    assert got == [
        ("changed", "function:public.f(integer)", ("security_definer", "body_hash")),
        ("changed", "enum:public.mood", ("labels",)),
        ("changed", "extension:pgcrypto", ("version",)),
        ("changed", "role:anon", ("bypassrls",)),
        ("missing", 'default_privilege:postgres.public."table"', ()),
    ]
    findings = to_findings(diff(a, b), a_label="migrations", b_label="live")
    assert [f.level for f in findings] == [Level.ERROR, Level.ERROR, Level.WARNING, Level.ERROR, Level.ERROR]
    assert findings[-1].fix_sql == (
        "ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT SELECT ON TABLES TO anon;"
    )


def test_grant_messages_and_fix() -> None:
    a = catalog(
        table(privileges=frozenset({Grant("authenticated", "SELECT"), Grant("authenticated", "UPDATE")}))
    )
    b = catalog(table(privileges=frozenset({Grant("authenticated", "SELECT"), Grant("anon", "SELECT")})))
    (f,) = to_findings(diff(a, b), a_label="migrations", b_label="live")
    assert f.code == "DRIFT-TABLE-CHANGED" and f.level is Level.ERROR and f.changes == ("privileges",)
    assert "UPDATE to authenticated missing in live" in f.message
    assert "SELECT to anon granted in live" in f.message
    assert f.fix_sql == (
        "REVOKE SELECT ON TABLE public.jobs FROM anon;\nGRANT UPDATE ON TABLE public.jobs TO authenticated;"
    )


def test_fix_sql_quotes_identifiers() -> None:
    pol = Policy("Owner Select", "SELECT", roles=frozenset({"Team A"}), using="true")
    a = catalog(table("My Jobs", policies=(pol,), rls_enabled=True))
    b = catalog(table("My Jobs", policies=()))
    fixes = [f.fix_sql for f in to_findings(diff(a, b), a_label="a", b_label="b")]
    assert fixes == [
        'ALTER TABLE public."My Jobs" ENABLE ROW LEVEL SECURITY;',
        'CREATE POLICY "Owner Select" ON public."My Jobs" FOR SELECT TO "Team A" USING (true);',
    ]


def test_finding_fields() -> None:
    spec_pol = Policy("p", "SELECT", roles=frozenset({"authenticated"}), using="owner = 1", location=LOC)
    spec = catalog(table(policies=(spec_pol,)))
    live = catalog(table(policies=(replace(spec_pol, using="(owner = 2)", location=None),)))
    (f,) = three_way(spec, None, live)
    assert f.attribution is Attribution.DIFFERS and f.location == LOC
    assert f.code == "DRIFT-POLICY-CHANGED" and f.object == "policy:public.jobs.p"
    assert f.expected == "using: owner = 1" and f.actual == "using: (owner = 2)"
    assert f.fix_sql == "ALTER POLICY p ON public.jobs USING (owner = 1);"
    # The fingerprint rests on stable facts only: another spelling of the live text keeps it.
    live2 = catalog(table(policies=(replace(spec_pol, using="owner=2", location=None),)))
    (f2,) = three_way(spec, None, live2)
    assert f2.fingerprint == f.fingerprint and f.fingerprint_parts == (f.code, f.object, "using")


def test_two_source_attribution() -> None:
    a = catalog(table(rls_enabled=True))
    b = catalog(table(rls_enabled=False))
    assert [f.attribution for f in three_way(a, b, None)] == [Attribution.SPEC_OUT_OF_DATE]
    assert [f.fix_sql for f in three_way(a, b, None)] == [None]  # nothing to run against live
    # Without provenance nothing is said to be outside the migrations: the history decides, or is unknown.
    assert [f.attribution for f in three_way(None, a, b)] == [Attribution.HISTORY_UNKNOWN]
    assert [f.attribution for f in three_way(None, a, b, migrations_applied=True)] == [
        Attribution.OUTSIDE_MIGRATIONS
    ]
    assert [f.attribution for f in three_way(None, a, b, migrations_applied=False)] == [
        Attribution.MIGRATION_NOT_APPLIED
    ]
    for explained, attribution in (
        (Explained.NONE, Attribution.OUTSIDE_MIGRATIONS),
        (Explained.APPLIED, Attribution.OUTSIDE_MIGRATIONS),
        (Explained.NOT_APPLIED, Attribution.MIGRATION_NOT_APPLIED),
        (Explained.UNKNOWN, Attribution.HISTORY_UNKNOWN),
    ):
        asked: list[LiveFact] = []

        def explain(
            facts: Sequence[LiveFact], e: Explained = explained, asked: list[LiveFact] = asked
        ) -> dict[LiveFact, Explained]:
            asked.extend(facts)
            return dict.fromkeys(facts, e)

        assert [f.attribution for f in three_way(None, a, b, explain=explain)] == [attribution]
        assert [(x.kind, x.path, x.attribute) for x in asked] == [
            ("changed", "table:public.jobs", "rls_enabled")
        ]
    assert [f.attribution for f in three_way(a, None, b)] == [Attribution.DIFFERS]
    assert three_way(a, None, None) == []


def test_spec_silent_attribute_is_outside_migrations() -> None:
    spec_pol = Policy("p", roles=frozenset({"authenticated"}), declared=frozenset({"roles"}))
    spec = catalog(table(policies=(spec_pol,), declared=frozenset({"policies"}), columns=()))
    mig = catalog(table())
    live = catalog(table(policies=(Policy("p", "SELECT", roles=frozenset({"authenticated"}), using="true"),)))
    # The spec's silence does not tell who moved: the migrations' provenance (here: none touches it) does.
    (f,) = three_way(spec, mig, live, explain=lambda facts: dict.fromkeys(facts, Explained.NONE))
    assert (f.attribution, f.object, f.changes) == (
        Attribution.OUTSIDE_MIGRATIONS,
        "policy:public.jobs.p",
        ("using",),
    )
    (f,) = three_way(spec, mig, live)
    assert f.attribution is Attribution.HISTORY_UNKNOWN


def test_ignore_entries() -> None:
    a = catalog(table(rls_enabled=True, comment="x"))
    b = catalog(table(rls_enabled=False, policies=()))
    findings = to_findings(diff(a, b), a_label="migrations", b_label="live")
    assert {f.code for f in findings} == {"DRIFT-TABLE-CHANGED", "DRIFT-POLICY-MISSING"}
    today = dt.date(2026, 5, 1)
    entries = [
        IgnoreEntry("policy:public.jobs.*", "DRIFT-POLICY-*", "being rewritten", dt.date(2026, 5, 1)),
        IgnoreEntry("table:public.*", None, "old exception", dt.date(2026, 4, 30), LOC),
    ]
    out = apply_ignores(findings, entries, today)
    by_code = {f.code: f for f in out}
    assert by_code["DRIFT-POLICY-MISSING"].suppressed == "being rewritten"  # expires at the end of its day
    assert by_code["DRIFT-TABLE-CHANGED"].suppressed is None  # its entry expired
    expired = by_code[IGNORE_EXPIRED_CODE]
    assert (
        expired.level is Level.INFO and expired.location == LOC and "expired on 2026-04-30" in expired.message
    )
    # A code that does not match hides nothing.
    other = apply_ignores(findings, [IgnoreEntry("policy:*", "DRIFT-INDEX-*", "r")], today)
    assert all(f.suppressed is None for f in other)


def test_functions_match_by_argument_types() -> None:
    live_fn = Function("public", "f", "p_id integer, p_name text", returns="integer")
    spec_fn = Function("public", "f", "int4, text", returns="int4", declared=frozenset({"returns"}))

    def cat(fn: Function) -> Catalog:
        declared = None if fn.declared is None else frozenset({"functions"})
        schema = Schema("public", functions=fmap([fn], key="key"), declared=declared)
        return Catalog(schemas=FrozenMap({"public": schema}))

    assert diff(cat(spec_fn), cat(live_fn)) == []
    other = replace(live_fn, arguments="p_id bigint, p_name text")
    assert [(d.kind, d.path) for d in diff(cat(spec_fn), cat(other))] == [
        ("missing", "function:public.f(int4, text)")
    ]
