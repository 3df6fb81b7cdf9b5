"""Run rule cases against a real server: a fresh database per case, the case's SQL, introspect,
run the one rule. Shared by the case test and the seed test."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pglast
import psycopg

from auditor.findings import Finding
from auditor.introspect import introspect
from auditor.model import Catalog
from auditor.rules import RuleConfig, RulesConfig, run_rules

HERE = Path(__file__).resolve().parent
SUPABASE_STUB = (HERE / "supabase_stub.sql").read_text()


def execute_script(dsn: str, script: str) -> None:
    """Run ``script`` statement by statement in autocommit, as psql does (so CREATE INDEX
    CONCURRENTLY works and a failing statement names itself)."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        for stmt in pglast.split(script):
            try:
                conn.execute(stmt)  # type: ignore[arg-type]
            except psycopg.Error as e:
                raise AssertionError(f"case SQL failed: {e}\n--- statement:\n{stmt}") from e


def config_for(code: str, options: Mapping[str, Any] | None) -> RulesConfig:
    return RulesConfig(rules={code: RuleConfig(enabled=True, options=dict(options or {}))})


def check_catalog(catalog: Catalog, code: str, options: Mapping[str, Any] | None = None) -> list[Finding]:
    """Findings of rule ``code`` alone on ``catalog`` (unsuppressed)."""
    found = run_rules(catalog, config_for(code, options), only=[code])
    return [f for f in found if f.suppressed is None]


def check_dsn(dsn: str, code: str, options: Mapping[str, Any] | None = None) -> list[Finding]:
    return check_catalog(introspect(dsn), code, options)
