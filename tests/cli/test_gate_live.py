"""Each kind of drift the issue found passing (warnings, so the old default gate printed CLEAN) fails
the default gate on a real database: built with psycopg statements, snapshotted as the spec, then
changed by hand the way a dashboard or a psql session changes it."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from tests.commands import schema_auditor

SCHEMA_SQL = """
CREATE SCHEMA gate;
CREATE TABLE gate.orders (id bigint PRIMARY KEY, status text NOT NULL DEFAULT 'new', note text);
DO $$ BEGIN CREATE ROLE gate_anon NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
"""

# (name, the hand-made change, its undo, the drift code it must produce)
CHANGES = [
    (
        "changed column default",
        "ALTER TABLE gate.orders ALTER COLUMN status SET DEFAULT 'pending'",
        "ALTER TABLE gate.orders ALTER COLUMN status SET DEFAULT 'new'",
        "DRIFT-COLUMN-CHANGED",
    ),
    (
        "hand-made index",
        "CREATE INDEX orders_note_idx ON gate.orders (note)",
        "DROP INDEX gate.orders_note_idx",
        "DRIFT-INDEX-UNEXPECTED",
    ),
    (
        "hand-made table",
        "CREATE TABLE gate.scratch (id int)",
        "DROP TABLE gate.scratch",
        "DRIFT-TABLE-UNEXPECTED",
    ),
    (
        "hand-made security definer function executable by an API role",
        "CREATE FUNCTION gate.peek() RETURNS bigint LANGUAGE sql SECURITY DEFINER"
        " AS 'SELECT count(*) FROM gate.orders'; GRANT EXECUTE ON FUNCTION gate.peek() TO gate_anon",
        "DROP FUNCTION gate.peek()",
        "DRIFT-FUNCTION-UNEXPECTED",
    ),
    (
        "comment changed (info level)",
        "COMMENT ON TABLE gate.orders IS 'edited in the dashboard'",
        "COMMENT ON TABLE gate.orders IS NULL",
        "DRIFT-TABLE-CHANGED",
    ),
]


@pytest.fixture(scope="module")
def live(dsn: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute(SCHEMA_SQL)
    spec = tmp_path_factory.mktemp("spec") / "expected_schema.yaml"
    snap = schema_auditor("snapshot", "--dsn", dsn, "--include-schema", "gate", "-o", str(spec))
    assert snap.returncode == 0, snap.stderr
    return dsn, spec


def audit(tmp_path: Path, dsn: str, spec: Path, *extra: str):
    out = tmp_path / "out"
    r = schema_auditor(
        "audit",
        "--dsn",
        dsn,
        "--spec",
        str(spec),
        "--no-migrations",
        "--no-rules",  # the drift gate is under test: no rule may be what fails the run
        "--include-schema",
        "gate",
        "--out",
        str(out),
        *extra,
        cwd=tmp_path,
    )
    return r, json.loads((out / "audit.json").read_text())


def test_the_unchanged_database_is_clean(live, tmp_path):
    r, doc = audit(tmp_path, *live)
    assert r.returncode == 0 and doc["verdict"] == "clean", r.stdout + r.stderr


@pytest.mark.parametrize(("name", "change", "undo", "code"), CHANGES, ids=[c[0] for c in CHANGES])
def test_hand_made_drift_fails_the_default_gate(live, tmp_path, name, change, undo, code):
    dsn, spec = live
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute(change)
    try:
        r, doc = audit(tmp_path, dsn, spec)
        named, ndoc = audit(tmp_path, dsn, spec, "--fail-on", "error")
    finally:
        with psycopg.connect(dsn, autocommit=True) as c:
            c.execute(undo)
    drift = [f for f in doc["findings"] if f["category"] == "drift"]
    assert code in {f["code"] for f in drift}, drift
    assert r.returncode == 1 and doc["verdict"] == "fail", r.stdout + r.stderr
    assert "CLEAN" not in r.stdout and r.stdout.startswith("schema-auditor: FAIL:")
    # a gate the user names replaces the default: below it, the drift passes but is named, never CLEAN
    if all(f["level"] != "error" for f in drift):
        assert named.returncode == 0 and ndoc["verdict"] == "pass", named.stdout
        assert "below it" in ndoc["verdict_line"] and "drift" in ndoc["verdict_line"]
