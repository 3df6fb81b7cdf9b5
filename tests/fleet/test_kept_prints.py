"""Kept tenant prints: a database of many tenant schemas whose catalog stamp has not moved since its
tenants were printed is not printed again (auditor/fleet/fingerprint.py). Never a false "equal":
every change made by hand between two runs is found by the second, and what a reused run reports is
what a run without the cache reports."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.fleet.test_fleet import tenant_fleet, tenant_sql
from tests.servers import Server

pytestmark = pytest.mark.timeout(300)

TENANTS = ("tenant_1", "tenant_2", "tenant_3")
REUSED = "unchanged since their prints were kept"

# One hand-made change to tenant_2 between two runs, X standing for its schema.
CHANGES = {
    "column_type": "ALTER TABLE X.notes ALTER COLUMN body TYPE varchar(100)",
    "default": "ALTER TABLE X.notes ALTER COLUMN body SET DEFAULT 'x'",
    "added_column": "ALTER TABLE X.notes ADD COLUMN extra integer",
    "index": "CREATE INDEX notes_body_idx ON X.notes (body)",
    "policy": "CREATE POLICY everyone ON X.notes USING (true)",
    "rls": "ALTER TABLE X.notes ENABLE ROW LEVEL SECURITY",
    "grant": "GRANT SELECT ON X.notes TO PUBLIC",
    "enum_label": "ALTER TYPE X.note_kind ADD VALUE 'done'",
    "function": "CREATE FUNCTION X.f() RETURNS integer LANGUAGE sql AS 'select 1'",
    "check": "ALTER TABLE X.notes ADD CONSTRAINT positive CHECK (id > 0)",
}


@pytest.fixture
def tenant_db(server: Server) -> Iterator[str]:
    name = server.create_database("kept_prints")
    try:
        with psycopg.connect(server.dsn_for(name), autocommit=True) as c:
            for t in TENANTS:
                c.execute(tenant_sql(t).encode())
        yield server.dsn_for(name)
    finally:
        server.drop_database(name)


def fleet(dsn: str, out: Path, *cache: str, glob: str = "tenant_*") -> tuple[int, str, dict[str, Any]]:
    r = tenant_fleet(dsn, out, "-v", *cache, glob=glob, timeout=200)
    rep = json.loads((out / "fleet.json").read_text()) if (out / "fleet.json").exists() else {}
    rep.pop("generated_at", None)
    return r.returncode, r.stdout + r.stderr, rep


def verdicts(rep: dict[str, Any]) -> dict[str, str]:
    return {m["name"]: m["verdict"] for m in rep["databases"]}


def test_unchanged_tenants_are_not_printed_again(tenant_db: str, tmp_path: Path) -> None:
    cache = ("--cache-dir", str(tmp_path / "cache"))
    code, text, first = fleet(tenant_db, tmp_path / "a", *cache)
    assert code == 0 and REUSED not in text, text
    assert len(list((tmp_path / "cache" / "prints").iterdir())) == 1
    code, text, again = fleet(tenant_db, tmp_path / "b", *cache)
    assert code == 0 and REUSED in text, text
    code, text, uncached = fleet(tenant_db, tmp_path / "c", "--no-cache")
    assert code == 0 and REUSED not in text, text
    assert again == first == uncached
    assert verdicts(again) == dict.fromkeys(TENANTS, "clean")


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_change_between_runs_is_printed_and_found(change: str, tenant_db: str, tmp_path: Path) -> None:
    cache = ("--cache-dir", str(tmp_path / "cache"))
    code, text, _ = fleet(tenant_db, tmp_path / "a", *cache)
    assert code == 0, text
    with psycopg.connect(tenant_db, autocommit=True) as c:
        c.execute(CHANGES[change].replace("X.", "tenant_2.").encode())
    code, text, after = fleet(tenant_db, tmp_path / "b", *cache)
    assert REUSED not in text, text
    assert code == 1 and verdicts(after) == {"tenant_1": "clean", "tenant_2": "fail", "tenant_3": "clean"}
    # the prints taken after the change are kept in turn: the next run reuses them, same report
    code, text, again = fleet(tenant_db, tmp_path / "c", *cache)
    assert code == 1 and REUSED in text, text
    assert again == after


def test_other_tenants_are_another_entry(tenant_db: str, tmp_path: Path) -> None:
    """Which tenants were printed is in the key: a run over more tenants does not take the prints of
    fewer (the catalog unchanged in between), and a tenant added by DDL is a new stamp."""
    cache = ("--cache-dir", str(tmp_path / "cache"))
    assert fleet(tenant_db, tmp_path / "a", *cache, glob="tenant_[12]")[0] == 0
    code, text, rep = fleet(tenant_db, tmp_path / "b", *cache)
    assert code == 0 and REUSED not in text and len(rep["databases"]) == 3, text
    with psycopg.connect(tenant_db, autocommit=True) as c:
        c.execute(tenant_sql("tenant_4").encode())
    code, text, rep = fleet(tenant_db, tmp_path / "c", *cache)
    assert code == 0 and REUSED not in text and len(rep["databases"]) == 4, text
    code, text, _ = fleet(tenant_db, tmp_path / "d", *cache, glob="tenant_[12]")
    assert code == 0 and REUSED not in text, text  # the stamp moved since tenant_[12] were kept
