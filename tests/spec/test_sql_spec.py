"""A declarative spec written in SQL (auditor.spec.sqlfolder): which files, in which order (as the
Supabase CLI orders its declarative schemas), and the audit of such a spec against a live database
built with ``psql -f`` of the same files: clean, then one drift found; with migrations beside it,
the drift is attributed; a statement that fails names file:line and SQLSTATE."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import psycopg
import pytest

from auditor.errors import InputError
from auditor.spec.sqlfolder import is_sql_spec, spec_files
from tests.audit.test_attribution import psql_f
from tests.commands import schema_auditor

SUPABASE_CONFIG = 'project_id = "sa_sqlspec"\n\n[db]\nport = 54322\n'
SCHEMA_PATHS = "\n[db.migrations]\nschema_paths = [{}]\n"

# (files, the spec path given, the files expected in order), as data.
ORDER_CASES = [
    pytest.param(
        {"s/b.sql": "", "s/a/z.sql": "", "s/a.sql": "", "s/c/x.sql": "", "s/README.md": "", "s/c/y.txt": ""},
        "s",
        [
            "s/a/z.sql",
            "s/a.sql",
            "s/b.sql",
            "s/c/x.sql",
        ],  # Go's Walk: entries by name, a folder where it falls
        id="folder-walk",
    ),
    pytest.param({"one.sql": ""}, "one.sql", ["one.sql"], id="one-file"),
    pytest.param(
        {
            "supabase/config.toml": SUPABASE_CONFIG,
            "supabase/schemas/20_tables.sql": "",
            "supabase/schemas/10_types.sql": "",
            "supabase/schemas/sub/05_x.sql": "",
        },
        "supabase/schemas",
        ["supabase/schemas/10_types.sql", "supabase/schemas/20_tables.sql", "supabase/schemas/sub/05_x.sql"],
        id="supabase-schemas",
    ),
    pytest.param(
        {
            "supabase/config.toml": SUPABASE_CONFIG
            + SCHEMA_PATHS.format('"./schemas/types.sql", "./schemas/*.sql", "legacy/core.sql"'),
            "supabase/schemas/types.sql": "",
            "supabase/schemas/b.sql": "",
            "supabase/schemas/a.sql": "",
            "supabase/legacy/core.sql": "",
        },
        "supabase/schemas",  # schema_paths: pattern after pattern, each sorted, a file once
        [
            "supabase/schemas/types.sql",
            "supabase/schemas/a.sql",
            "supabase/schemas/b.sql",
            "supabase/legacy/core.sql",
        ],
        id="schema-paths",
    ),
    pytest.param(
        {
            "supabase/config.toml": SUPABASE_CONFIG + SCHEMA_PATHS.format('"db/*.sql"'),
            "supabase/db/x.sql": "",
        },
        "supabase",  # the supabase folder stands for its declarative schema
        ["supabase/db/x.sql"],
        id="supabase-folder",
    ),
]


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)


@pytest.mark.fast
@pytest.mark.parametrize(("files", "given", "expected"), ORDER_CASES)
def test_files_in_the_order_the_supabase_cli_applies_them(
    tmp_path: Path, files: dict[str, str], given: str, expected: list[str]
) -> None:
    _write(tmp_path, files)
    assert is_sql_spec(tmp_path / given)
    found = spec_files(tmp_path / given)
    assert [str(p.relative_to(tmp_path)) for p in found.files] == expected


@pytest.mark.fast
@pytest.mark.parametrize(
    ("files", "given", "needle", "where"),
    [
        ({"empty/README.md": ""}, "empty", "holds no .sql file", "empty"),
        (
            {
                "supabase/config.toml": SUPABASE_CONFIG
                + SCHEMA_PATHS.format('"./schemas/*.sql", "nope/*.sql"'),
                "supabase/schemas/a.sql": "",
            },
            "supabase/schemas",
            re.escape("no files matched pattern 'nope/*.sql'"),
            "supabase/config.toml",
        ),
        ({}, "missing.sql", "not found", None),
    ],
)
def test_bad_sql_specs_are_input_errors(
    tmp_path: Path, files: dict[str, str], given: str, needle: str, where: str | None
) -> None:
    _write(tmp_path, files)
    with pytest.raises(InputError, match=needle) as e:
        spec_files(tmp_path / given)
    if where is not None:
        assert e.value.location is not None and e.value.location.file == str(tmp_path / where)


@pytest.mark.fast
def test_a_symbolic_link_is_left_out_and_said(tmp_path: Path) -> None:
    _write(tmp_path, {"s/a.sql": "", "elsewhere/secret.sql": ""})
    os.symlink(tmp_path / "elsewhere" / "secret.sql", tmp_path / "s" / "b.sql")
    found = spec_files(tmp_path / "s")
    assert [p.name for p in found.files] == ["a.sql"]
    assert [(p.name, "symbolic link" in why) for p, why in found.left_out] == [("b.sql", True)]


@pytest.mark.fast
def test_a_yaml_spec_is_not_sql(tmp_path: Path) -> None:
    (tmp_path / "expected_schema.yaml").write_text("version: 1\n")
    assert not is_sql_spec(tmp_path / "expected_schema.yaml")


# --- audited against a live database -----------------------------------------------------------------

SCHEMAS = {
    "supabase/schemas/01_types.sql": "create type public.task_state as enum ('open', 'done');\n",
    "supabase/schemas/02_tables.sql": (
        "create table public.projects (\n  id bigint generated always as identity primary key,\n"
        "  name text not null unique\n);\n"
        "create table public.tasks (\n  id bigint generated always as identity primary key,\n"
        "  project_id bigint not null references public.projects (id) on delete cascade,\n"
        "  state public.task_state not null default 'open',\n  title text not null\n);\n"
        "create index tasks_project_id_idx on public.tasks (project_id);\n"
    ),
    "supabase/schemas/03_views.sql": (
        "create view public.open_tasks as\n"
        "  select id, project_id, title from public.tasks where state = 'open';\n"
    ),
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    _write(root, {"supabase/config.toml": SUPABASE_CONFIG, **SCHEMAS})
    return root


def _audit(root: Path, *args: str) -> tuple[Any, dict[str, Any]]:
    r = schema_auditor("audit", "--no-rules", "--history-table", "none", *args, cwd=root)
    path = root / "reports" / "audit.json"
    doc = json.loads(path.read_text()) if path.is_file() else {}
    return r, doc


def _drift(doc: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [
        (f["code"], f["object"], f.get("attribution") or "")
        for f in doc["findings"]
        if f["code"].startswith("DRIFT-") and f["level"] != "info"
    ]


def test_sql_spec_against_live_built_from_it_is_clean_then_one_drift(server: Any, project: Path) -> None:
    with server.fresh_database("sa_h1_sqlspec") as dsn:
        for rel in sorted(SCHEMAS):  # psql -f of the same files, in the CLI's order
            psql_f(dsn, project / rel)
        r, doc = _audit(project, "--dsn", dsn)
        assert r.returncode == 0, r.stdout + r.stderr
        assert doc["verdict"] == "clean", _drift(doc)
        (spec,) = [s for s in doc["sources"] if s["name"] == "spec"]
        assert "supabase/schemas/01_types.sql" in spec["description"], spec
        assert "3 file(s) in lexical order" in spec["description"], spec
        assert "replaying spec supabase/schemas" in r.stderr, r.stderr
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("alter table public.tasks add column due date")
        r, doc = _audit(project, "--dsn", dsn)
    assert r.returncode == 1, r.stdout + r.stderr
    assert _drift(doc) == [("DRIFT-COLUMN-UNEXPECTED", "column:public.tasks.due", "differs")], _drift(doc)


def test_with_migrations_the_sql_spec_side_is_attributed(server: Any, project: Path) -> None:
    """Spec (SQL), migrations and live: a column the migrations and live have and the SQL spec lacks is
    'spec out of date', as with a YAML spec."""
    migrations = {
        "supabase/migrations/20240101000000_init.sql": "".join(SCHEMAS[k] for k in sorted(SCHEMAS)),
        "supabase/migrations/20240102000000_due.sql": "alter table public.tasks add column due date;\n",
    }
    _write(project, migrations)
    with server.fresh_database("sa_h1_sqlspec_mig") as dsn:
        for rel in sorted(migrations):
            psql_f(dsn, project / rel)
        r, doc = _audit(project, "--dsn", dsn)
    assert r.returncode == 1, r.stdout + r.stderr
    assert _drift(doc) == [("DRIFT-COLUMN-MISSING", "column:public.tasks.due", "spec out of date")], _drift(
        doc
    )


def test_a_failing_spec_statement_names_file_line_and_sqlstate(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "spec/01_ok.sql": "create table public.a (id int primary key);\n",
            "spec/02_bad.sql": "-- made nowhere\n\ncreate view public.v as select * from public.nope;\n",
        },
    )
    r = schema_auditor("audit", "--spec", "spec", "--no-migrations", "--no-live", "--out", "r", cwd=tmp_path)
    assert r.returncode == 2, r.stdout + r.stderr
    err = r.stderr.strip().splitlines()[-1]
    assert "spec/02_bad.sql:3" in err and "spec SQL failed at" in err, err
    assert "[SQLSTATE 42P01]" in err and "likely cause:" in err, err


def test_check_takes_a_sql_spec_as_it_takes_yaml(tmp_path: Path) -> None:
    """`check --spec` on SQL runs the rules on the catalog the SQL builds, as on a YAML spec's."""
    _write(tmp_path, {"spec/01.sql": "create table public.nopk (a int);\n"})
    (tmp_path / "spec.yaml").write_text(
        "version: 1\nschemas:\n  public:\n    tables:\n      nopk:\n        columns: {a: integer}\n"
    )
    codes = {}
    for given in ("spec", "spec/01.sql", "spec.yaml"):
        r = schema_auditor("check", "--spec", given, "--format", "json", cwd=tmp_path)
        assert r.returncode in (0, 1), r.stdout + r.stderr
        doc = json.loads(r.stdout)
        assert [s["name"] for s in doc["sources"]] == ["spec"]
        codes[given] = sorted({f["code"] for f in doc["findings"] if f["object"] == "table:public.nopk"})
    assert "INT001" in codes["spec"], codes  # no primary key
    assert codes["spec"] == codes["spec/01.sql"], codes
    assert set(codes["spec.yaml"]) <= set(codes["spec"]), codes


@pytest.mark.fast
def test_no_shadow_parses_a_sql_spec_offline_as_the_migrations(tmp_path: Path) -> None:
    table = "create table public.t (id int primary key, name text not null);\n"
    _write(
        tmp_path,
        {
            "spec/01.sql": table,
            "migrations/20240101000000_t.sql": table,
            "migrations/20240102000000_x.sql": "alter table public.t add column extra int;\n",
        },
    )
    r, doc = _audit(tmp_path, "--spec", "spec", "--no-shadow", "--no-live")
    assert r.returncode == 1, r.stdout + r.stderr
    (spec,) = [s for s in doc["sources"] if s["name"] == "spec"]
    assert "parsed offline: approximate" in spec["description"], spec
    assert _drift(doc) == [("DRIFT-COLUMN-MISSING", "column:public.t.extra", "spec out of date")], _drift(doc)


def test_replayed_once_per_process_until_a_file_changes(tmp_path: Path) -> None:
    """A fleet audits every shape against the same spec: the SQL is replayed once, not per shape."""
    from auditor.spec.sqlfolder import load_sql_spec

    _write(tmp_path, {"spec/01.sql": "create table public.t (id int primary key);\n"})
    said: list[str] = []
    first = load_sql_spec(tmp_path / "spec", progress=said.append)
    again = load_sql_spec(tmp_path / "spec", progress=said.append)
    assert again is first and any("reused" in line for line in said), said
    (tmp_path / "spec" / "01.sql").write_text("create table public.t (id int primary key, name text);\n")
    changed = load_sql_spec(tmp_path / "spec")
    assert changed is not first
    assert set(changed.spec.catalog.schemas["public"].relations["t"].columns) == {"id", "name"}
