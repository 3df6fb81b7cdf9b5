"""The writer and the loader agree: a hand-built catalog using every model class, with values that
trip YAML up (``on``, ``0``, ``2024-01-01``, ``12:30``, leading quotes, multi-line text, trailing
spaces), survives ``load_spec_text(dump_spec(c))`` unchanged; the dump is deterministic and compact."""

from __future__ import annotations

import yaml

from auditor.model import (
    PUBLIC,
    Catalog,
    Column,
    Constraint,
    DefaultPrivilege,
    Domain,
    EnumType,
    Extension,
    ForeignKeyRef,
    FrozenMap,
    Function,
    Gap,
    Grant,
    Index,
    Policy,
    Relation,
    Role,
    Schema,
    Sequence,
    Trigger,
    fmap,
)
from auditor.spec import dump_spec, load_spec_text

TRICKY = [
    "on",
    "no",
    "yes",
    "0",
    "0x1F",
    "1.5",
    "1e3",
    "010",
    "2024-01-01",
    "12:30",
    "null",
    "~",
    "",
    " x",
    "x ",
    "'quoted'::text",
    '"Mixed"',
    "#hash",
    "- dash",
    "a: b",
    "[x]",
    "{y}",
    "*star",
    "&amp",
    "!bang",
    "%pct",
    "@at",
    "`tick`",
    "é ✓",
    "tab\there",
    "line\nbreak",
    "  indented\n  block\n",
    "trailing \nspace",
    "true",
    "False",
    ".inf",
    "=",
    "?q",
    "|pipe",
    ">fold",
]


def _rich_catalog() -> Catalog:
    jobs_cols = [
        Column("run_id", "text", 1, nullable=False, comment="Unique job identifier\n(second line)"),
        Column(
            "status",
            "app.job_status",
            2,
            default="'pending'::app.job_status",
            privileges=frozenset({Grant("anon", "UPDATE"), Grant("anon", "SELECT", True)}),
        ),
        Column("n", "integer", 4, default="0", collation='"C"'),  # position 3 was dropped
        Column("id", "bigint", 5, nullable=False, identity="by default"),
        Column("slug", "text", 6, generated="lower(run_id)"),
        Column("Mixed Case", "character varying(10)", 7),
        Column("select", "integer[]", 8, comment=""),
    ]
    pk = Constraint("jobs_pkey", "primary key", ("run_id",), definition="PRIMARY KEY (run_id)")
    uniq = Constraint(
        "jobs_status_n_key",
        "unique",
        ("status", "n"),
        nulls_not_distinct=True,
        definition="UNIQUE NULLS NOT DISTINCT (status, n)",
    )
    odd_unique = Constraint(
        "odd",
        "unique",
        ("id",),
        deferrable=True,
        initially_deferred=True,
        definition="UNIQUE (id) DEFERRABLE INITIALLY DEFERRED",
    )
    # identical to the primary key, added by a later ALTER TABLE: must not be merged into it
    same_as_pk = Constraint("jobs_run_id_key", "unique", ("run_id",), definition="UNIQUE (run_id)")
    chk = Constraint("jobs_n_check", "check", ("n",), expression="(n > 0)", definition="CHECK ((n > 0))")
    chk2 = Constraint(
        "weird name", "check", (), expression="true", definition=None, no_inherit=True, validated=False
    )
    fk = Constraint(
        "jobs_id_fkey",
        "foreign key",
        ("id",),
        references=ForeignKeyRef('other."Big Table"', ("Id",)),
        on_delete="set null",
        on_update="cascade",
        match_full=True,
        deferrable=True,
        definition='FOREIGN KEY (id) REFERENCES other."Big Table"("Id") ON DELETE SET NULL',
    )
    excl = Constraint(
        "jobs_excl", "exclusion", ("n",), expression="n WITH =", definition="EXCLUDE USING btree (n WITH =)"
    )
    indexes = [
        Index(
            "jobs_pkey",
            ("run_id",),
            unique=True,
            primary=True,
            constraint="jobs_pkey",
            definition="CREATE UNIQUE INDEX jobs_pkey ON app.jobs USING btree (run_id)",
        ),
        # backs a constraint but differs from the derived index: written explicitly
        Index(
            "jobs_status_n_key",
            ("status", "n"),
            unique=True,
            constraint="jobs_status_n_key",
            nulls_not_distinct=True,
            definition=None,
        ),
        # "odd" has no backing index at all: index: false
        Index("jobs_excl", ("n",), method="btree", constraint="jobs_excl"),
        Index(
            "jobs_run_id_key",
            ("run_id",),
            unique=True,
            constraint="jobs_run_id_key",
            definition="CREATE UNIQUE INDEX jobs_run_id_key ON app.jobs USING btree (run_id)",
        ),
        Index(
            "idx_lower",
            ("lower(slug) DESC NULLS LAST", '"Mixed Case"'),
            method="btree",
            include=("n",),
            predicate="(n > 1)",
            valid=False,
            definition="CREATE INDEX idx_lower ON app.jobs ...",
        ),
        Index("idx_gin", ("slug gin_trgm_ops",), method="gin"),
    ]
    jobs = Relation(
        "app",
        "jobs",
        owner="postgres",
        comment="Pipeline job tracking",
        rls_enabled=True,
        rls_forced=True,
        columns=fmap(jobs_cols),
        constraints=fmap([pk, uniq, odd_unique, chk, chk2, fk, excl, same_as_pk]),
        indexes=fmap(indexes),
        policies=fmap(
            [
                Policy(
                    "jobs_owner_select",
                    "SELECT",
                    roles=frozenset({"authenticated"}),
                    using="(( SELECT auth.uid() AS uid) = owner_id)",
                ),
                Policy(
                    "deny",
                    permissive=False,
                    roles=frozenset({PUBLIC, "anon"}),
                    using="false",
                    with_check="false",
                ),
                Policy("all defaults"),
            ]
        ),
        triggers=fmap(
            [
                Trigger(
                    "jobs_touch",
                    "before",
                    frozenset({"insert", "update"}),
                    "row",
                    "app.touch",
                    when="(new.n > 0)",
                    update_columns=("status",),
                    definition="CREATE TRIGGER jobs_touch BEFORE INSERT OR UPDATE OF status ON app.jobs "
                    "FOR EACH ROW WHEN ((new.n > 0)) EXECUTE FUNCTION app.touch()",
                ),
                Trigger(
                    "audit",
                    "after",
                    frozenset({"delete", "truncate"}),
                    "statement",
                    "audit.log_it",
                    enabled="disabled",
                ),
            ]
        ),
        privileges=frozenset(
            {
                Grant(PUBLIC, "SELECT"),
                Grant("authenticated", "INSERT"),
                Grant("authenticated", "MAINTAIN", True),
            }
        ),
    )
    view = Relation(
        "app",
        "active",
        kind="view",
        owner="postgres",
        view_definition=" SELECT jobs.run_id\n   FROM app.jobs\n  WHERE jobs.n > 0;",
        security_invoker=True,
        security_barrier=True,
        columns=fmap([Column("run_id", "text", 1)]),
    )
    matview = Relation(
        "app",
        "counts",
        kind="materialized view",
        view_definition="SELECT 1 AS one",
        columns=fmap([Column("one", "integer", 1)]),
        indexes=fmap([Index("counts_one", ("one",), unique=True)]),
    )
    parted = Relation(
        "app",
        "m",
        kind="partitioned table",
        partition_key="RANGE (d)",
        columns=fmap([Column("d", "date", 1, nullable=False)]),
    )
    parted_nokey = Relation("app", "m2", kind="partitioned table")
    part = Relation(
        "app",
        "m_2024",
        partition_of="app.m",
        partition_bound="FOR VALUES FROM ('2024-01-01') TO (MAXVALUE)",
        columns=fmap([Column("d", "date", 1, nullable=False)]),
    )
    foreign = Relation("app", "remote", kind="foreign table", columns=fmap([Column("x", "text", 1)]))
    tricky = Relation(
        "app",
        "Tricky",
        comment="\n".join(TRICKY),
        columns=fmap(
            [
                Column(name or "empty", "text", i + 1, default=name, comment=name)
                for i, name in enumerate(TRICKY)
                if "\n" not in name and "\t" not in name
            ]
        ),
        policies=fmap([Policy(f"p{i}", using=t, with_check=t) for i, t in enumerate(TRICKY)]),
    )
    functions = [
        Function(
            "app",
            "touch",
            "",
            returns="trigger",
            language="plpgsql",
            config=frozenset({"search_path=app, public"}),
            owner="postgres",
            body_hash="ab" * 32,
            privileges=frozenset({Grant(PUBLIC, "EXECUTE")}),
        ),
        Function(
            "app",
            "add",
            "a integer, b integer",
            returns="integer",
            volatility="immutable",
            security_definer=True,
            strict=True,
            comment="adds",
            config=frozenset({"work_mem=64MB", "x.y="}),
        ),
        Function("app", "noop", "", kind="procedure"),
        Function(
            "app",
            "Odd(name)",
            "x anyelement, VARIADIC y text[]",
            kind="aggregate",
            returns="anyelement",
            language="internal",
            volatility="stable",
        ),
    ]
    app = Schema(
        "app",
        owner="postgres",
        comment="Application objects",
        privileges=frozenset(
            {Grant("anon", "USAGE"), Grant("authenticated", "USAGE"), Grant(PUBLIC, "CREATE", True)}
        ),
        relations=fmap([jobs, view, matview, parted, parted_nokey, part, foreign, tricky]),
        functions=FrozenMap((f"{f.name}({f.arguments})", f) for f in functions),
        sequences=fmap(
            [
                Sequence(
                    "app",
                    "counter",
                    "integer",
                    10,
                    5,
                    10,
                    1000,
                    2,
                    True,
                    owner="postgres",
                    privileges=frozenset({Grant("authenticated", "USAGE")}),
                ),
                Sequence(
                    "app", "jobs_id_seq", owned_by="app.jobs.id", min_value=1, max_value=9223372036854775807
                ),
                Sequence("app", "neg", start=-1, increment=-1, min_value=-100, max_value=-1),
            ]
        ),
        enums=fmap(
            [
                EnumType("app", "job_status", tuple(t for t in TRICKY if t)),
                EnumType("app", "owned", ("a",), owner="postgres", comment="c"),
            ]
        ),
        domains=fmap(
            [
                Domain(
                    "app",
                    "positive",
                    "integer",
                    nullable=False,
                    default="1",
                    checks=FrozenMap({"positive_check": "VALUE > 0", "positive_check1": "VALUE < 10"}),
                ),
                Domain(
                    "app",
                    "email",
                    "text",
                    checks=FrozenMap({"has_at": "VALUE ~ '@'::text"}),
                    owner="postgres",
                ),
            ]
        ),
    )
    other = Schema(
        "other", relations=fmap([Relation("other", "Big Table", columns=fmap([Column("Id", "bigint", 1)]))])
    )
    empty = Schema("Empty Schema")
    return Catalog(
        schemas=fmap([app, other, empty]),
        extensions=fmap([Extension("pgcrypto", "1.3", "extensions"), Extension("plpgsql")]),
        roles=fmap(
            [
                Role("anon", inherit=False),
                Role("postgres", login=True, superuser=True, bypassrls=True, createrole=True, createdb=True),
                Role("authenticator", login=True, member_of=frozenset({"anon", "authenticated"})),
                Role("on"),
            ]
        ),
        default_privileges=frozenset(
            {
                DefaultPrivilege("postgres", "app", "table", "anon", "SELECT"),
                DefaultPrivilege("postgres", "app", "table", "authenticated", "SELECT"),
                DefaultPrivilege("postgres", "app", "table", "authenticated", "INSERT", True),
                DefaultPrivilege("postgres", None, "function", PUBLIC, "EXECUTE"),
                DefaultPrivilege("postgres", None, "sequence", "anon", "USAGE"),
                DefaultPrivilege("postgres", None, "type", "anon", "USAGE"),
                DefaultPrivilege("postgres", None, "schema", "anon", "CREATE"),
            }
        ),
        server_version="15.20",
        server_version_num=150020,
        gaps=(Gap("function body", "function:app.secret()", "no SELECT on pg_proc"),),
    )


def test_every_model_class_round_trips() -> None:
    catalog = _rich_catalog()
    text = dump_spec(catalog)
    loaded = load_spec_text(text, "snapshot.yaml")
    assert loaded.catalog == catalog
    assert loaded.strict is True
    assert dump_spec(loaded.catalog, header=False) == dump_spec(catalog, header=False)


def test_roles_and_kinds_are_kept_apart() -> None:
    # Equality of the whole catalog could hide nothing here, but name the facts most likely to slip.
    loaded = load_spec_text(dump_spec(_rich_catalog()), "s.yaml").catalog
    app = loaded.schemas["app"]
    assert {r.name: r.kind for r in app.relations.values()}["m2"] == "partitioned table"
    assert app.relations["m2"].partition_key is None
    assert app.relations["jobs"].indexes.get("odd") is None
    assert app.relations["jobs"].constraints["weird name"].definition is None
    assert loaded.roles["on"].name == "on"


def test_dump_is_compact_and_reads_like_ddl() -> None:
    catalog = _rich_catalog()
    doc = yaml.safe_load(dump_spec(catalog, header=False))
    assert doc["version"] == 1 and doc["strict"] is True
    jobs = doc["schemas"]["app"]["tables"]["jobs"]
    assert jobs["primary_key"] == ["run_id"]  # name and index are what PostgreSQL would choose
    assert "jobs_pkey" not in jobs["indexes"]
    assert jobs["checks"][0] == "(n > 0)"  # name, columns and definition all derivable
    assert jobs["columns"]["run_id"]["not_null"] is True
    assert "position" not in jobs["columns"]["status"] and jobs["columns"]["n"]["position"] == 4
    assert doc["schemas"]["app"]["views"]["active"]["columns"]["run_id"] == "text"
    assert doc["schemas"]["app"]["enums"]["owned"] == {"labels": ["a"], "owner": "postgres", "comment": "c"}
    assert doc["schemas"]["app"]["domains"]["positive"]["checks"] == ["VALUE > 0", "VALUE < 10"]
    assert doc["schemas"]["Empty Schema"] == {}


def test_header_marks_an_incomplete_catalog() -> None:
    text = dump_spec(_rich_catalog())
    lines = text.splitlines()
    assert lines[0].startswith("# yaml-language-server: $schema=")
    assert lines[1].startswith("# INCOMPLETE: 1 ")
    assert "function:app.secret()" in lines[2]
    complete = Catalog()
    assert "INCOMPLETE" not in dump_spec(complete)
    assert load_spec_text(dump_spec(complete), "e.yaml").catalog == complete


def test_multi_line_text_is_a_literal_block() -> None:
    text = dump_spec(_rich_catalog(), header=False)
    assert "definition: |" in text
    assert "     FROM app.jobs" in text


def test_first_difference_names_the_attribute() -> None:
    from dataclasses import replace

    from auditor.cli.snapshot import first_difference

    catalog = _rich_catalog()
    app = catalog.schemas["app"]
    jobs = app.relations["jobs"]
    changed_jobs = replace(
        jobs, columns=FrozenMap({**jobs.columns, "n": replace(jobs.columns["n"], default="1")})
    )
    changed = replace(
        catalog,
        schemas=FrozenMap(
            {
                **catalog.schemas,
                "app": replace(app, relations=FrozenMap({**app.relations, "jobs": changed_jobs})),
            }
        ),
    )
    assert first_difference(catalog, catalog) is None
    assert first_difference(catalog, changed) == "schemas/app.relations/jobs.columns/n.default"
