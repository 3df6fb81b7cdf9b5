"""The rules on the shadow of a migrations folder: each failing rule case, written as a one-file
migrations folder and replayed by auditor.shadow (a scratch database on the test server), must be
reported exactly as on the database the SQL was run in directly. A case with ``shadow: false``
needs what the shadow's contained replay role is refused (creating roles, writing pg_index)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from auditor.shadow import shadow_catalog
from tests.rules.harness import check_catalog
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
    if case.get("shadow", True) is False:
        pytest.skip("the case needs a privilege the shadow's replay role is refused (see its comment)")
    supabase = case.get("supabase", doc.get("supabase", False))
    # The Supabase profile bootstraps the API roles and auth.uid()/jwt()/role() in the shadow (as
    # a superuser, before the replay role, which may not create roles, takes over): no stub.
    script = case["sql"]
    (tmp_path / "20240101000000_case.sql").write_text(script)
    catalog = shadow_catalog(
        tmp_path, "dsn", dsn=server.admin_dsn, platform="supabase" if supabase else "none"
    )
    options = {**doc.get("options", {}), **case.get("options", {})}
    got = sorted(f.object for f in check_catalog(catalog, doc["rule"], options))
    assert got == sorted(case["expect"])
