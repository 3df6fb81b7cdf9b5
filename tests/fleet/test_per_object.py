"""Per-object reads: a shape other than the first is read object by object over the first shape's
catalog, and must give each member exactly the findings and verdict a whole read gives. Members
are built as users build them (the migration's SQL run in each database, drift made by hand); the
fleet runs twice over the same members, with per-object reads and without."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
import pytest

from auditor.audit import AuditOptions
from auditor.connect import Timeouts
from auditor.fleet.executors import ThreadExecutor
from auditor.fleet.inventory import Member
from auditor.fleet.results import PartialWriter, read_partials
from auditor.fleet.run import FleetOptions, run_fleet
from tests.compare.test_cases import CLUSTER_ROLES
from tests.fleet.test_fleet import PROJECT, build, tenant_sql
from tests.servers import Server

# one worker: the module makes a cluster role, and its shapes hash the cluster's roles
pytestmark = [pytest.mark.timeout(300), CLUSTER_ROLES]

# One hand-made change per member, each its own shape.
DRIFT = {
    "added_column": "ALTER TABLE app.notes ADD COLUMN extra integer",
    "column_type": "ALTER TABLE app.notes ALTER COLUMN body TYPE varchar(100)",
    "dropped_default": "ALTER TABLE app.notes ALTER COLUMN body DROP DEFAULT",
    "dropped_index": "DROP INDEX app.notes_account_id_idx",
    "policy": "ALTER TABLE app.notes ENABLE ROW LEVEL SECURITY; CREATE POLICY mine ON app.notes USING (true)",
    "extra_table": "CREATE TABLE app.extra (id bigint PRIMARY KEY, note_id bigint REFERENCES app.notes (id))",
    "dropped_table": "DROP TABLE app.notes",
    "function": "CREATE FUNCTION app.f(n integer) RETURNS integer LANGUAGE sql AS 'select n'",
    "enum_label": "ALTER TYPE app.note_kind ADD VALUE 'done'",
    "sequence": "ALTER SEQUENCE app.notes_id_seq INCREMENT BY 2",
    "comment": "COMMENT ON TABLE app.notes IS 'changed'",
    "grant": "GRANT SELECT ON app.accounts TO PUBLIC",
    "schema_comment": "COMMENT ON SCHEMA app IS 'x'",
    "renamed_constraint": "ALTER TABLE app.accounts RENAME CONSTRAINT accounts_email_key TO email_unique",
    # a role is the cluster's (every member sees it): only the table's owner differs
    "owner": "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sa_fleet_po_role') "
    "THEN CREATE ROLE sa_fleet_po_role; END IF; END $$; ALTER TABLE app.notes OWNER TO sa_fleet_po_role",
    # database-wide (default privileges): read whole, and still the same answer
    "default_privileges": "ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO PUBLIC",
}


def fleet_lines(
    members: list[Member], tmp: Path, per_object: bool, *, template: str | None = None
) -> dict[str, Any]:
    """Each member's line of a fleet run (in this process, so the overlay can be counted)."""
    opts = AuditOptions(
        spec=None,
        migrations=str(PROJECT / "migrations"),
        history_table="none",
        include_schemas=() if template else ("app",),
        timeouts=Timeouts(connect_s=5),
    )
    path = tmp / f"partial-{per_object}.jsonl"
    writer = PartialWriter(path, {"shard": 0, "shards": 1, "inventory": "x", "mode": "m", "fail_on": []})
    executor = ThreadExecutor(4)
    try:
        run_fleet(members, FleetOptions(opts, template, per_object=per_object), writer, executor)
        writer.close()
    finally:
        executor.close()
    return {m["name"]: m for m in read_partials([path]).members()}


def compared(line: dict[str, Any]) -> dict[str, Any]:
    return {k: line[k] for k in ("verdict", "exit_code", "summary", "errors", "findings")}


def grouping(lines: dict[str, Any]) -> set[frozenset[str]]:
    """Which members share a shape. The shape keys themselves are not compared between two runs:
    they hash the cluster's roles, which another test may create or drop in between."""
    groups: dict[str, set[str]] = {}
    for name, line in lines.items():
        groups.setdefault(line["shape"], set()).add(name)
    return {frozenset(g) for g in groups.values()}


def once(overlays: list[int], run: Any, *args: Any, **kw: Any) -> Any:
    """``run`` with the overlay count of an earlier, discarded try (roles changed under it) cleared."""
    overlays.clear()
    return run(*args, **kw)


@pytest.fixture
def overlays(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many partial reads were put over the base (one per shape read object by object)."""
    import auditor.introspect

    calls: list[int] = []
    real = auditor.introspect.overlay

    def counted(*args: Any, **kw: Any) -> Any:
        calls.append(1)
        return real(*args, **kw)

    monkeypatch.setattr(auditor.introspect, "overlay", counted)
    return calls


def test_per_object_reads_give_the_whole_reads_findings(
    server: Server, tmp_path: Path, overlays: list[int]
) -> None:
    made: list[str] = []
    try:
        members = []
        for i in range(2):  # the largest shape: the base
            name, dsn = build(server, f"fleet_po_same{i}")
            made.append(name)
            members.append(Member(f"same-{i}", dsn))
        for case, sql in DRIFT.items():
            name, dsn = build(server, f"fleet_po_{case}", sql)
            made.append(name)
            members.append(Member(case, dsn))
        whole = server.while_roles_hold(lambda: fleet_lines(members, tmp_path, per_object=False))
        assert overlays == []
        parts = server.while_roles_hold(
            lambda: once(overlays, fleet_lines, members, tmp_path, per_object=True)
        )
    finally:
        for n in made:
            server.drop_database(n)
        server.execute("DROP ROLE IF EXISTS sa_fleet_po_role")
    # every drifted shape but the database-wide one was read object by object
    assert len(overlays) == len(DRIFT) - 1
    assert whole.keys() == parts.keys()
    for name in whole:
        assert compared(parts[name]) == compared(whole[name]), name
    assert grouping(parts) == grouping(whole)
    assert {n for n, m in whole.items() if m["verdict"] == "clean"} == {"same-0", "same-1"}
    assert [case for case in DRIFT if whole[case]["verdict"] != "fail"] == []


def test_per_object_reads_of_tenant_schemas(server: Server, tmp_path: Path, overlays: list[int]) -> None:
    changes = {
        "tenant_a": "",
        "tenant_b": "",
        "tenant_c": "ALTER TABLE X.notes ADD COLUMN extra integer",
        "tenant_d": "CREATE FUNCTION X.label(k X.note_kind) RETURNS text LANGUAGE sql AS 'select k::text'",
        "tenant_e": "DROP INDEX X.notes_account_id_idx; COMMENT ON SCHEMA X IS 'x'",
    }
    name = server.create_database("fleet_po_tenants")
    dsn = server.dsn_for(name)
    try:
        with psycopg.connect(dsn, autocommit=True) as c:
            for t, change in changes.items():
                c.execute(tenant_sql(t).encode())
                if change:
                    c.execute(change.replace("X.", f"{t}.").replace(" X ", f" {t} ").encode())
        members = [Member(t, dsn, schema=t) for t in changes]
        whole = server.while_roles_hold(
            lambda: fleet_lines(members, tmp_path, per_object=False, template="app")
        )
        parts = server.while_roles_hold(
            lambda: once(overlays, fleet_lines, members, tmp_path, per_object=True, template="app")
        )
    finally:
        server.drop_database(name)
    assert len(overlays) == 3
    for t in changes:
        assert compared(parts[t]) == compared(whole[t]), t
    assert grouping(parts) == grouping(whole)
    assert [t for t in changes if whole[t]["verdict"] == "fail"] == ["tenant_c", "tenant_d", "tenant_e"]
