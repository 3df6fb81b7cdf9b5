from pathlib import Path

import pytest

from auditor.config import load_config
from auditor.errors import InputError


def test_pyproject_section(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.schema-auditor]\nmigrations = "supabase/migrations"\nfail-on = "warning"\n'
    )
    c = load_config(tmp_path)
    assert c.values["migrations"] == "supabase/migrations"
    # a path in the file is relative to the file, a default to the project root: both opened from here
    assert Path(c.get("migrations")).resolve() == (tmp_path / "supabase/migrations").resolve()
    assert c.get("fail_on") == "warning"
    assert Path(c.get("spec")).resolve() == (tmp_path / "expected_schema.yaml").resolve()  # default


def test_yaml_wins_over_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.schema-auditor]\nout = "a"\n')
    (tmp_path / "schema-auditor.yaml").write_text("out: b\n")
    assert load_config(tmp_path).values["out"] == "b"


@pytest.mark.parametrize(
    ("name", "text", "needle"),
    [
        ("schema-auditor.yaml", "migrations: [\n", "invalid YAML"),
        ("schema-auditor.yaml", "colour: red\n", "unknown configuration key 'colour'"),
        ("schema-auditor.yaml", "out: [1]\n", "wrong type"),
        ("pyproject.toml", "[tool.schema-auditor\n", "invalid TOML"),
    ],
)
def test_bad_config(tmp_path, name, text, needle):
    (tmp_path / name).write_text(text)
    with pytest.raises(InputError, match=needle) as e:
        load_config(tmp_path)
    assert name in str(e.value)
