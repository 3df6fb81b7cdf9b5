"""The rules on the shadow of a migrations folder: each failing rule case, written as a one-file
migrations folder and replayed by auditor.shadow (a scratch database on the test server), must be
reported exactly as on the database the SQL was run in directly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from auditor.shadow import shadow_catalog
from tests.rules.harness import SUPABASE_STUB, check_catalog
from tests.rules.test_rule_cases import CASES_DIR
from tests.servers import Server


def _failing_cases() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text())
        for case in doc["cases"]:
            if case.get("expect"):
                params.append(pytest.param(doc, case, id=f"{doc['rule']}-{case['name']}"))
    return params


@pytest.mark.parametrize(("doc", "case"), _failing_cases())
def test_rule_case_on_shadow(
    server: Server, tmp_path: Path, doc: dict[str, Any], case: dict[str, Any]
) -> None:
    supabase = case.get("supabase", doc.get("supabase", False))
    script = (SUPABASE_STUB + "\n" if supabase else "") + case["sql"]
    (tmp_path / "20240101000000_case.sql").write_text(script)
    catalog = shadow_catalog(
        tmp_path, "dsn", dsn=server.admin_dsn, platform="supabase" if supabase else "none"
    )
    options = {**doc.get("options", {}), **case.get("options", {})}
    got = sorted(f.object for f in check_catalog(catalog, doc["rule"], options))
    assert got == sorted(case["expect"])
