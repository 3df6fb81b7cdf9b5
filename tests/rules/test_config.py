"""Rule configuration: parsing (errors with file and line), level overrides, opt-in rules,
options, and the allow-list with reasons and expiry. Catalogs are built in memory: these test the
configuration, not a server."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from auditor.errors import InputError
from auditor.findings import Level
from auditor.model import Catalog, Column, FrozenMap, Relation, Schema, fmap
from auditor.rules import run_rules
from auditor.rules.config import load_config_file, merge_configs, parse_rules_config

ERRORS = yaml.safe_load((Path(__file__).parent / "config_errors.yaml").read_text())


def _catalog() -> Catalog:
    """Two exposed tables without RLS (SEC001 fires on both), one with a nullable owner_id."""
    jobs = Relation("public", "jobs", columns=fmap([Column("owner_id", "uuid")]))
    audit = Relation("public", "audit_log")
    return Catalog(schemas=FrozenMap({"public": Schema("public", relations=fmap([jobs, audit]))}))


@pytest.mark.parametrize("case", ERRORS, ids=[c["name"] for c in ERRORS])
def test_invalid_config(tmp_path: Path, case: dict[str, Any]) -> None:
    path = tmp_path / "schema-auditor.yaml"
    path.write_text(case["yaml"])
    with pytest.raises(InputError) as err:
        load_config_file(path)
    assert case["error"] in str(err.value)
    assert err.value.location is not None and err.value.location.file == str(path)
    assert err.value.location.line == case["line"]


def test_pyproject_table(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(
        '[tool.schema-auditor.rules]\nSEC001 = "warning"\n[tool.schema-auditor.rules.options]\n'
        'exposed_schemas = ["api"]\n'
    )
    cfg = load_config_file(path)
    assert cfg.rules["SEC001"].level is Level.WARNING
    assert cfg.options == {"exposed_schemas": ["api"]}
    # public is no longer exposed: nothing to report
    assert run_rules(_catalog(), cfg, only=["SEC001"]) == []


def test_disable_level_and_opt_in() -> None:
    cat = _catalog()
    default = {f.code for f in run_rules(cat)}
    assert "SEC001" in default and "CON008" not in default  # CON008 is opt-in
    cfg = parse_rules_config({"SEC001": "off", "missing-comment": True, "INT006": {"level": "error"}})
    found = run_rules(cat, cfg)
    codes = {f.code for f in found}
    assert "SEC001" not in codes and "CON008" in codes
    assert {f.level for f in found if f.code == "INT006"} == {Level.ERROR}


def test_allow_list_hides_with_reason_until_expiry() -> None:
    raw = {
        "allow": [
            {
                "rule": "SEC001",
                "object": "table:public.audit_*",
                "reason": "written by triggers only",
                "expires": "2030-01-01",
            },
        ]
    }
    cfg = parse_rules_config(raw)
    found = [f for f in run_rules(_catalog(), cfg, only=["SEC001"], today=date(2029, 12, 31))]
    by_obj = {f.object: f for f in found}
    assert by_obj["table:public.audit_log"].suppressed == "written by triggers only"
    assert by_obj["table:public.jobs"].suppressed is None
    expired = run_rules(_catalog(), cfg, only=["SEC001"], today=date(2030, 1, 2))
    audit = next(f for f in expired if f.object == "table:public.audit_log")
    assert audit.suppressed is None and "expired 2030-01-01" in audit.message


def test_spec_rules_over_config_file() -> None:
    base = parse_rules_config({"options": {"owner_column": "user_id"}, "SEC001": "warning"})
    over = parse_rules_config({"SEC001": {"options": {"exposed_schemas": ["api"]}}})
    merged = merge_configs(base, over)
    assert merged.rules["SEC001"].level is Level.WARNING
    assert merged.rules["SEC001"].options == {"exposed_schemas": ["api"]}
    assert merged.options == {"owner_column": "user_id"}
