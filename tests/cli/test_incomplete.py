"""Incomplete is never a pass: a role that cannot read the catalog, migration files the naming rule
skips, a schema filter that matches nothing. Live databases are built with psycopg statements, the
way a user's database is, and read by a real non-superuser role."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest
from psycopg import conninfo

from auditor.audit import without_gapped_drift
from auditor.findings import Category, Finding, Level
from auditor.model import Catalog, Gap
from tests.commands import schema_auditor

ROLE = "sa_gate_limited"
SCHEMA_SQL = """
CREATE TABLE public.accounts (id bigint PRIMARY KEY, email text NOT NULL);
CREATE TABLE public.orders (id bigint PRIMARY KEY, account_id bigint REFERENCES public.accounts (id));
CREATE FUNCTION public.order_count(a bigint) RETURNS bigint LANGUAGE sql
  AS 'SELECT count(*) FROM public.orders WHERE account_id = a';
"""


def report(out: Path) -> dict:
    return json.loads((out / "audit.json").read_text())


def as_user(dsn: str, user: str) -> str:
    params = conninfo.conninfo_to_dict(dsn)
    params.update(user=user, password=None)
    return conninfo.make_conninfo(**{k: v for k, v in params.items() if v is not None})


@pytest.fixture(scope="module")
def live(dsn: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, Path]:
    """(superuser dsn, limited role's dsn, a spec snapshotted from live by the superuser)."""
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute(SCHEMA_SQL)
        c.execute(f"DO $$ BEGIN CREATE ROLE {ROLE} LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
    spec = tmp_path_factory.mktemp("spec") / "expected_schema.yaml"
    snap = schema_auditor("snapshot", "--dsn", dsn, "-o", str(spec))
    assert snap.returncode == 0, snap.stderr
    return dsn, as_user(dsn, ROLE), spec


def audit(tmp_path: Path, dsn: str, spec: Path, *extra: str):
    out = tmp_path / "out"
    r = schema_auditor(
        "audit",
        "--dsn",
        dsn,
        "--spec",
        str(spec),
        "--no-migrations",
        "--no-rules",  # the drift and the gaps are under test; the example tables have no RLS
        "--out",
        str(out),
        *extra,
        cwd=tmp_path,
    )
    return r, (report(out) if (out / "audit.json").exists() else None)


def test_the_limited_role_sees_everything_by_default(live, tmp_path):
    _, limited, spec = live
    r, doc = audit(tmp_path, limited, spec)
    assert r.returncode == 0 and doc["verdict"] == "clean", r.stdout + r.stderr


def test_a_role_that_cannot_read_pg_class_is_incomplete_exit_3_and_reports_nothing_missing(live, tmp_path):
    su, limited, spec = live
    with psycopg.connect(su, autocommit=True) as c:  # pg_class is per database: only this one
        c.execute("REVOKE SELECT ON pg_catalog.pg_class FROM PUBLIC")
    try:
        r, doc = audit(tmp_path, limited, spec)
        chk = schema_auditor("check", "--dsn", limited, cwd=tmp_path)
        accepted, adoc = audit(tmp_path, limited, spec, "--accept-incomplete")
        gap_kinds = {g["kind"] for s in doc["sources"] for g in s["gaps"]}
        every_kind, _ = audit(tmp_path, limited, spec, "--accept-incomplete", ",".join(sorted(gap_kinds)))
        one_kind, _ = audit(tmp_path, limited, spec, "--accept-incomplete", "relations")
    finally:
        with psycopg.connect(su, autocommit=True) as c:
            c.execute("GRANT SELECT ON pg_catalog.pg_class TO PUBLIC")
    assert r.returncode == 3, r.stdout + r.stderr
    assert doc["verdict"] == "incomplete" and "CLEAN" not in r.stdout and "INCOMPLETE" in r.stdout
    assert any(f["code"] == "SRC003" for f in doc["findings"])
    # the tables it could not see are not "missing in live": that would be false
    drift = [f for f in doc["findings"] if f["category"] == "drift"]
    assert not [f for f in drift if f["object"].startswith(("table:", "column:", "constraint:", "index:"))], (
        drift
    )
    assert chk.returncode == 3 and "INCOMPLETE" in chk.stdout, chk.stdout + chk.stderr
    # accepted: the run passes, says what it accepted, never CLEAN
    assert accepted.returncode == 0 and adoc["verdict"] == "pass", accepted.stdout
    assert "accepted" in adoc["verdict_line"] and all(
        g["accepted"] for s in adoc["sources"] for g in s["gaps"]
    )
    assert adoc["accept_incomplete"] == ["*"]
    # per-gap acceptance: every gap named by its kind passes; one kind of several does not
    assert "relations" in gap_kinds and len(gap_kinds) > 1, gap_kinds
    assert every_kind.returncode == 0, every_kind.stdout
    assert one_kind.returncode == 3, one_kind.stdout


def test_unreadable_function_bodies_are_incomplete_and_not_a_changed_body(live, tmp_path):
    su, limited, spec = live
    with psycopg.connect(su, autocommit=True) as c:
        c.execute(
            """
            REVOKE SELECT ON pg_catalog.pg_proc FROM PUBLIC;
            DO $$ DECLARE cols text;
            BEGIN
              SELECT string_agg(quote_ident(attname), ', ') INTO cols FROM pg_attribute
              WHERE attrelid = 'pg_catalog.pg_proc'::regclass AND attnum > 0
                AND attname NOT IN ('prosrc', 'prosqlbody');
              EXECUTE format('GRANT SELECT (%s) ON pg_catalog.pg_proc TO PUBLIC', cols);
            END $$;
            """
        )
    try:
        r, doc = audit(tmp_path, limited, spec)
        ok, odoc = audit(tmp_path, limited, spec, "--accept-incomplete", "function body")
    finally:
        with psycopg.connect(su, autocommit=True) as c:
            c.execute("GRANT SELECT ON pg_catalog.pg_proc TO PUBLIC")
    assert r.returncode == 3 and doc["verdict"] == "incomplete", r.stdout + r.stderr
    assert not [f for f in doc["findings"] if f["category"] == "drift"], doc["findings"]
    assert ok.returncode == 0 and odoc["verdict"] == "pass", ok.stdout


@pytest.mark.parametrize(
    ("flag", "pattern", "needle"),
    [
        ("--include-schema", "pubic", "did you mean public?"),
        ("--exclude-schema", "pubilc", "did you mean public?"),
        ("--include-schema", "nothing_*", "no schema of any source matches it"),
    ],
)
def test_a_schema_filter_that_matches_nothing_is_a_usage_error(live, tmp_path, flag, pattern, needle):
    su, _, spec = live
    r, _doc = audit(tmp_path, su, spec, flag, pattern)
    assert r.returncode == 2, r.stdout + r.stderr
    assert needle in r.stderr and "CLEAN" not in r.stdout
    chk = schema_auditor("check", "--dsn", su, flag, pattern, cwd=tmp_path)
    assert chk.returncode == 2 and needle in chk.stderr, chk.stderr
    snap = schema_auditor(
        "snapshot", "--dsn", su, flag, pattern, "-o", str(tmp_path / "s.yaml"), cwd=tmp_path
    )
    assert snap.returncode == 2 and needle in snap.stderr and not (tmp_path / "s.yaml").exists(), snap.stderr


def test_a_schema_filter_that_matches_scopes_every_source(live, tmp_path):
    su, _, spec = live
    with psycopg.connect(su, autocommit=True) as c:
        c.execute("CREATE SCHEMA IF NOT EXISTS gate_other; CREATE TABLE IF NOT EXISTS gate_other.x (id int)")
    try:
        # the spec has no gate_other: without the filter that is drift, with it out of scope
        r, doc = audit(tmp_path, su, spec)
        assert r.returncode == 1 and doc["verdict"] == "fail", r.stdout
        r, doc = audit(tmp_path, su, spec, "--exclude-schema", "gate_*")
        assert r.returncode == 0 and doc["verdict"] == "clean", r.stdout + r.stderr
        r, doc = audit(tmp_path, su, spec, "--include-schema", "public")
        assert r.returncode == 0 and doc["verdict"] == "clean", r.stdout + r.stderr
    finally:
        with psycopg.connect(su, autocommit=True) as c:
            c.execute("DROP SCHEMA gate_other CASCADE")


def _folder(tmp_path: Path, files: dict[str, str]) -> Path:
    d = tmp_path / "migrations"
    d.mkdir()
    for name, text in files.items():
        (d / name).write_text(text)
    return d


SPEC_T = """version: 1
platform: none
schemas:
  public:
    tables:
      t:
        columns:
          id: {type: integer}
"""


@pytest.mark.parametrize("shadow", ["offline", "dsn"])
def test_migration_files_the_naming_rule_skips_are_incomplete(server, tmp_path, shadow):
    _folder(
        tmp_path,
        {
            "20240101000000_init.sql": "create table public.t (id integer);\n",
            "V2__more.sql": "create table public.u (id integer);\n",  # Flyway's naming: skipped
            "README.md": "not a migration\n",
        },
    )
    (tmp_path / "expected_schema.yaml").write_text(SPEC_T)
    how = ["--no-shadow"] if shadow == "offline" else ["--shadow", "dsn", "--shadow-dsn", server.admin_dsn]
    base = ["audit", "--no-live", "--no-rules", *how, "--out", str(tmp_path / "out")]
    r = schema_auditor(*base, cwd=tmp_path)
    assert r.returncode == 3, r.stdout + r.stderr
    doc = report(tmp_path / "out")
    assert doc["verdict"] == "incomplete" and "V2__more.sql" in doc["verdict_line"]
    gaps = [g for s in doc["sources"] for g in s["gaps"]]
    assert [Path(g["object"]).name for g in gaps if g["kind"] == "migration file"] == ["V2__more.sql"]
    ok = schema_auditor(*base, "--accept-incomplete", "migration file", cwd=tmp_path)
    assert ok.returncode == 0 and report(tmp_path / "out")["verdict"] == "pass", ok.stdout + ok.stderr


def test_a_folder_of_flyway_files_only_is_never_clean(tmp_path):
    _folder(tmp_path, {"V1__init.sql": "create table public.t (id integer);\n"})
    (tmp_path / "expected_schema.yaml").write_text(SPEC_T)
    r = schema_auditor(
        "audit", "--no-live", "--no-rules", "--no-shadow", "--out", str(tmp_path / "out"), cwd=tmp_path
    )
    doc = report(tmp_path / "out")
    assert r.returncode != 0 and doc["verdict"] != "clean" and "CLEAN" not in r.stdout
    assert "V1__init.sql" in doc["verdict_line"]


# --- which drift a gap hides, as data -------------------------------------------------------------
def _drift(obj: str, kind: str = "missing", changes: tuple[str, ...] = (), actual: str = "live") -> Finding:
    return Finding(
        "DRIFT-X",
        Level.ERROR,
        obj,
        "m",
        category=Category.DRIFT,
        kind=kind,
        changes=changes,
        extra=(("expected_source", "spec"), ("actual_source", actual)),
    )


GAP_CASES = [
    (Gap("relations", "all tables", "denied"), _drift("column:public.t.a"), True),
    (Gap("relations", "all tables", "denied"), _drift("function:public.f()"), False),
    (Gap("functions", "all functions", "denied"), _drift("function:public.f()"), True),
    (Gap("acls", "all privileges", "denied"), _drift("table:public.t", "changed", ("privileges",)), True),
    (
        Gap("acls", "all privileges", "denied"),
        _drift("table:public.t", "changed", ("privileges", "owner")),
        False,
    ),
    (
        Gap("function body", "function:public.f()", "x"),
        _drift("function:public.f()", "changed", ("body_hash",)),
        True,
    ),
    (
        Gap("function body", "function:public.f()", "x"),
        _drift("function:public.f()", "changed", ("owner",)),
        False,
    ),
    (Gap("table", "public.t", "offline"), _drift("column:public.t.a"), True),
    (Gap("table", "public.t", "offline"), _drift("column:public.tt.a"), False),
    (Gap("relations", "all tables", "denied"), _drift("table:public.t", actual="migrations"), False),
]


@pytest.mark.parametrize(("gap", "finding", "hidden"), GAP_CASES)
def test_drift_inside_a_gap_is_not_reported(gap: Gap, finding: Finding, hidden: bool) -> None:
    catalogs = {"spec": Catalog(), "migrations": Catalog(), "live": Catalog(gaps=(gap,))}
    assert (without_gapped_drift([finding], catalogs) == []) is hidden


def test_no_baseline_of_an_incomplete_audit_unless_accepted(tmp_path):
    _folder(
        tmp_path,
        {"20240101000000_init.sql": "create table public.t (id integer);\n", "V2__u.sql": "select 1;\n"},
    )
    (tmp_path / "expected_schema.yaml").write_text(SPEC_T)
    base = ["baseline", "--no-live", "--no-shadow", "--reason", "legacy", "-o", str(tmp_path / "b.json")]
    r = schema_auditor(*base, cwd=tmp_path)
    assert r.returncode == 3 and "no baseline written: a source was not read in full" in r.stderr, r.stderr
    assert "V2__u.sql" in r.stderr
    assert not (tmp_path / "b.json").exists()
    ok = schema_auditor(*base, "--accept-incomplete", "migration file", cwd=tmp_path)
    assert ok.returncode == 0 and (tmp_path / "b.json").exists(), ok.stdout + ok.stderr
