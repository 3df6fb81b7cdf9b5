"""Project discovery (auditor.project): the root is found from the current directory upward, as ruff
and the Supabase CLI find theirs; paths in a config file are relative to the file; a Supabase
project's layout gives the defaults; a flag always wins.

The last tests run the command as a user does, in a directory holding only a Supabase project (this
repository's migrations copied into ``supabase/migrations``), from its root and from a subdirectory."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from auditor.config import load_config
from auditor.errors import InputError
from auditor.project import discover
from tests.commands import ROOT, schema_auditor

SUPABASE_CONFIG = 'project_id = "sa_discovery"\n\n[db]\nport = 54322\nmajor_version = 15\n'

# (files to write, directory to start from, expected root, expected marker), as data.
DISCOVERY_CASES = [
    pytest.param(
        {"supabase/config.toml": SUPABASE_CONFIG}, ".", ".", "supabase/config.toml", id="supabase-root"
    ),
    pytest.param(
        {"supabase/config.toml": SUPABASE_CONFIG, "app/src/x.py": ""},
        "app/src",
        ".",
        "supabase/config.toml",
        id="supabase-from-subdir",
    ),
    pytest.param(
        {"supabase/config.toml": SUPABASE_CONFIG},
        "supabase/migrations",
        ".",
        "supabase/config.toml",
        id="inside-supabase",
    ),
    pytest.param(
        {"schema-auditor.yaml": "out: r\n", "a/b/.keep": ""}, "a/b", ".", "schema-auditor.yaml", id="yaml"
    ),
    pytest.param(
        {"pyproject.toml": "[tool.schema-auditor]\nout = 'r'\n", "a/.keep": ""},
        "a",
        ".",
        "pyproject.toml",
        id="pyproject",
    ),
    pytest.param(  # a pyproject.toml without the table is not a schema-auditor project: look further up
        {"supabase/config.toml": SUPABASE_CONFIG, "pkg/pyproject.toml": "[project]\nname = 'x'\n"},
        "pkg",
        ".",
        "supabase/config.toml",
        id="pyproject-without-table",
    ),
    pytest.param(  # the first found decides: a nested project's config wins over the outer Supabase one
        {"supabase/config.toml": SUPABASE_CONFIG, "svc/schema-auditor.yaml": "out: r\n"},
        "svc",
        "svc",
        "schema-auditor.yaml",
        id="nearest-wins",
    ),
]


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)


@pytest.mark.fast
@pytest.mark.parametrize(("files", "start", "root", "marker"), DISCOVERY_CASES)
def test_discovery_finds_the_nearest_project_upward(
    tmp_path: Path, files: dict[str, str], start: str, root: str, marker: str
) -> None:
    _write(tmp_path, files)
    (tmp_path / start).mkdir(parents=True, exist_ok=True)
    project = discover(tmp_path / start)
    assert project.root == (tmp_path / root).absolute()
    assert project.marker is not None and project.marker.relative_to(project.root) == Path(marker)


@pytest.mark.fast
def test_nothing_found_is_the_start_directory(tmp_path: Path) -> None:
    project = discover(tmp_path)
    assert project.root == tmp_path and project.marker is None and project.supabase is None


@pytest.mark.fast
def test_config_paths_are_relative_to_the_file_and_defaults_to_the_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, {"schema-auditor.yaml": "migrations: db/migrations\nout: build/reports\n"})
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    config = load_config()
    assert config.get("migrations") == "../../db/migrations"
    assert config.get("out") == "../../build/reports"
    assert config.get("spec") == "../../expected_schema.yaml"  # a default: relative to the root
    monkeypatch.chdir(tmp_path)  # from the root itself, the values are as written
    assert load_config().get("migrations") == "db/migrations"


@pytest.mark.fast
def test_supabase_defaults_and_what_wins_over_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, {"supabase/config.toml": SUPABASE_CONFIG, "supabase/migrations/.keep": ""})
    monkeypatch.chdir(tmp_path)
    config = load_config()
    assert config.get("migrations") == "supabase/migrations"
    assert config.get("spec") == "expected_schema.yaml"  # no declarative schemas: the usual default
    _write(tmp_path, {"supabase/schemas/01_tables.sql": "create table t (id int);\n"})
    assert load_config().get("spec") == "supabase/schemas"
    _write(tmp_path, {"expected_schema.yaml": "version: 1\n"})  # a YAML spec the project keeps wins
    assert load_config().get("spec") == "expected_schema.yaml"
    # a config file beside supabase/ decides the root, and its values win over the Supabase defaults
    _write(tmp_path, {"schema-auditor.yaml": "migrations: db/migrations\n"})
    config = load_config()
    assert config.project is not None and config.project.supabase is not None
    assert config.get("migrations") == "db/migrations"


@pytest.mark.fast
def test_schema_paths_without_a_schemas_folder_make_the_supabase_folder_the_spec(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(
        tmp_path,
        {
            "supabase/config.toml": SUPABASE_CONFIG + '\n[db.migrations]\nschema_paths = ["./db/*.sql"]\n',
            "supabase/db/a.sql": "select 1;\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    assert load_config().get("spec") == "supabase"


@pytest.mark.fast
@pytest.mark.parametrize(
    ("name", "text", "needle"),
    [
        ("pyproject.toml", "[tool.schema-auditor\n", "invalid TOML"),
        ("supabase/config.toml", '[db.migrations]\nschema_paths = "x"\n', "must be a list of globs"),
        ("supabase/config.toml", "[db\n", "invalid TOML"),
    ],
)
def test_a_broken_project_file_is_an_input_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str, needle: str
) -> None:
    _write(tmp_path, {name: text})
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match=needle) as e:
        config = load_config()
        config.get("spec")  # the Supabase config is read when its defaults are needed
    assert name in str(e.value)


# --- the command, as a user runs it ----------------------------------------------------------------


@pytest.fixture
def supabase_project(tmp_path: Path) -> Path:
    """A directory holding only a Supabase project: config.toml, migrations, an app folder."""
    root = tmp_path / "proj"
    _write(root, {"supabase/config.toml": SUPABASE_CONFIG, "app/src/index.ts": "export {}\n"})
    shutil.copytree(ROOT / "migrations", root / "supabase" / "migrations")
    return root


def _report(root: Path) -> dict[str, object]:
    return json.loads((root / "reports" / "audit.json").read_text())  # type: ignore[no-any-return]


@pytest.mark.parametrize("start", [".", "app/src", "supabase"])
def test_audit_with_no_flags_replays_supabase_migrations(supabase_project: Path, start: str) -> None:
    files = sorted(p.name for p in (ROOT / "migrations").glob("*.sql"))
    r = schema_auditor("audit", cwd=supabase_project / start)
    assert r.returncode in (0, 1), r.stdout + r.stderr  # a verdict, not an error nor "nothing to audit"
    assert "Supabase project, found supabase/config.toml" in r.stderr, r.stderr
    assert f"replayed {len(files)}/{len(files)} migrations in " in r.stderr, r.stderr
    doc = _report(supabase_project)  # the reports go to the project root's reports/, wherever run from
    (src,) = [s for s in doc["sources"] if s["name"] == "migrations"]  # type: ignore[attr-defined,index]
    folder, _, rest = src["description"].partition(" (")
    assert (supabase_project / start / folder).resolve() == supabase_project / "supabase" / "migrations", src
    assert rest.startswith("replayed"), src
    # [db] major_version is the shadow's major: the embedded 18 says it is not the 15 wanted
    assert "major_version is PostgreSQL 15" in src["description"], src


def test_quiet_says_nothing_and_a_flag_wins(supabase_project: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "1_t.sql").write_text("create table public.only_here (id int primary key);\n")
    r = schema_auditor(
        "audit", "-q", "--migrations", str(other), "--out", str(tmp_path / "r"), cwd=supabase_project
    )
    assert r.returncode in (0, 1), r.stdout + r.stderr
    assert "project root" not in r.stderr and "replayed" not in r.stderr, r.stderr
    doc = json.loads((tmp_path / "r" / "audit.json").read_text())
    (src,) = [s for s in doc["sources"] if s["name"] == "migrations"]
    assert src["description"].startswith(str(other)), src


def test_outside_any_project_nothing_to_audit_is_still_said(tmp_path: Path) -> None:
    r = schema_auditor("audit", "--no-live", cwd=tmp_path)
    assert r.returncode == 2 and "nothing to audit" in r.stderr, r.stderr
    assert not (tmp_path / "reports").exists()


def test_lint_migrations_defaults_to_the_supabase_migrations_too(supabase_project: Path) -> None:
    r = schema_auditor("lint-migrations", cwd=supabase_project / "app" / "src")
    assert r.returncode in (0, 1), r.stdout + r.stderr
    assert "../../supabase/migrations/20241201000004_complete_rls_setup.sql:" in r.stdout, r.stdout
