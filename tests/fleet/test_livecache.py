"""The single audit's fast path (auditor/fleet/livecache.py): an unchanged live database is not read
again, and a changed one is always read again, on every server.

Never a false "equal": every change of the fingerprint's cases (one hand-made change each, as in
test_fingerprint.py) and every drift case of tests/audit/drift_cases.yaml is seen, and the
audit's findings through the cache are exactly those of a full read; a cached catalog from another
server version is never used."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import psycopg
import pytest
import yaml
from psycopg import conninfo

from auditor.audit import AUDIT, AuditContext, AuditOptions, build_report, run_audit, run_stages
from auditor.fleet.livecache import Entry, Stamp, read_live, stamp
from auditor.introspect import introspect
from auditor.model import Catalog
from auditor.spec.cache import Cache, key_of, tool_stamp
from tests.audit.seedlive import SPEC, build_live, execute
from tests.compare.test_cases import CLUSTER_ROLES
from tests.fleet.test_fingerprint import CHANGES, INIT_SQL

# one worker for the whole module: each worker's copy of the module database holds objects of the
# cluster-wide ROLE, which test_drop_what_the_changes_made drops
pytestmark = CLUSTER_ROLES

ROLE = "sa_fleet_lc_owner"  # this module's own: test_fingerprint drops its role when it ends
CHANGES = {name: sql.replace("sa_fleet_fp_owner", ROLE) for name, sql in CHANGES.items()}
DRIFT_CASES = yaml.safe_load((Path(__file__).parents[1] / "audit" / "drift_cases.yaml").read_text())


def read(dsn: str, cache_dir: Path | None) -> tuple[str, Catalog]:
    got = read_live(
        dsn, timeouts=None, include_schemas=(), exclude_schemas=(), jobs=None, cache_dir=cache_dir
    )
    return got.status, got.catalog


def read_until_hit(dsn: str, cache_dir: Path) -> Catalog:
    """Read until a hit, at most three times: on a shared server, another session's CREATE ROLE
    (roles are the cluster's) rightly changes the stamp between two reads."""
    for _ in range(3):
        status, cat = read(dsn, cache_dir)
        if status == "hit":
            return cat
    raise AssertionError(f"an unchanged database was read in full three times ({status})")


@pytest.fixture(scope="module")
def tenant_db(dsn: str) -> str:
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ROLE}') "
            f"THEN CREATE ROLE {ROLE}; END IF; END $$".encode()
        )
        c.execute(INIT_SQL.replace("app.", "x.").replace("SCHEMA app", "SCHEMA x").encode())
    return dsn


def test_unchanged_live_is_read_once(tenant_db: str, tmp_path: Path) -> None:
    status, first = read(tenant_db, tmp_path)
    assert status == "stored"
    cached = read_until_hit(tenant_db, tmp_path)
    assert cached == first == introspect(tenant_db)
    assert read(tenant_db, None) == ("off", first)  # no cache: always a full read


@pytest.mark.parametrize("change", list(CHANGES), ids=list(CHANGES))
def test_every_change_is_read_in_full(change: str, tenant_db: str, tmp_path_factory: Any) -> None:
    cache_dir = tmp_path_factory.getbasetemp() / "livecache-changes"  # one cache for every case
    schema = f"c_{change}"  # each case changes its own copy of the schema
    execute(tenant_db, INIT_SQL.replace("app.", f"{schema}.").replace("SCHEMA app", f"SCHEMA {schema}"))
    read(tenant_db, cache_dir)
    read_until_hit(tenant_db, cache_dir)
    execute(tenant_db, CHANGES[change].replace("X.", f"{schema}.").replace(" X ", f" {schema} "))
    status, cat = read(tenant_db, cache_dir)
    assert status in ("changed", "unstable")  # unstable: another session's DDL on a shared server
    assert cat == introspect(tenant_db)
    assert read_until_hit(tenant_db, cache_dir) == cat


def test_drop_what_the_changes_made(tenant_db: str) -> None:
    with psycopg.connect(tenant_db, autocommit=True) as c:  # the role is the cluster's
        c.execute(f"DROP OWNED BY {ROLE} CASCADE".encode())
        # another copy of this module's database (a module run twice on one worker) may still hold
        # objects of the role: it is then left, and created if missing next time
        with contextlib.suppress(psycopg.errors.DependentObjectsStillExist):
            c.execute(f"DROP ROLE IF EXISTS {ROLE}".encode())


def test_no_password_in_the_cache(tenant_db: str, tmp_path: Path) -> None:
    secret = "h6-s3cret-pw"
    with_password = conninfo.make_conninfo(tenant_db, password=secret)
    try:
        read(with_password, tmp_path)
    except Exception as e:  # a server that checks passwords refuses this one: nothing to test
        pytest.skip(f"the server refused the password: {e}")
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert files
    for p in files:
        assert secret.encode() not in p.read_bytes(), p


# --- the audit through the cache gives the findings of a full read -------------------------------


@pytest.fixture(scope="module")
def seeded(server: Any) -> Iterator[str]:
    """A second database of this module, built from the migrations (the drift cases' live)."""
    with server.fresh_database("livecache_drift") as d:
        build_live(d, server.version_num)
        yield d


def findings(live_dsn: str, cache_dir: Path | None) -> tuple[str, list[dict[str, Any]]]:
    """The audit's verdict and findings, live read through its cache at ``cache_dir`` (the result
    cache left out: it is tests/audit/test_result_cache.py's), and how live was had."""
    global last_status
    opts = AuditOptions(spec=str(SPEC), migrations=None, dsn=live_dsn, cache_dir=None)
    if cache_dir is None:
        report, run = run_audit(opts)
        last_status = "off"
    else:
        ctx = AuditContext(replace(opts, cache_dir=str(cache_dir)))
        ctx.result_key = None  # only live's catalog from the cache: no reuse stage
        run = run_stages(ctx, tuple(s for s in AUDIT if s.name != "reuse"))
        report = build_report(run, ctx.opts)
        assert ctx.live_read is not None
        last_status = ctx.live_read.status
    assert run.failure is None, run.errors
    return report.verdict_line(), [f.to_dict() for f in report.findings]


last_status = "off"  # how the last findings() had live's catalog


@pytest.mark.parametrize("case", DRIFT_CASES, ids=[c["name"] for c in DRIFT_CASES])
def test_drift_case_through_the_cache(case: dict[str, Any], seeded: str, tmp_path: Path) -> None:
    clean = findings(seeded, None)
    assert findings(seeded, tmp_path) == clean  # stored
    assert findings(seeded, tmp_path) == clean  # hit (or changed, on a busy shared server)
    execute(seeded, case["break"])
    try:
        full = findings(seeded, None)
        assert full != clean, "the case must make a difference for this test to mean anything"
        assert findings(seeded, tmp_path) == full
        assert last_status in ("changed", "unstable")  # never the clean catalog of before
        assert findings(seeded, tmp_path) == full
    finally:
        execute(seeded, case["undo"])
    assert findings(seeded, tmp_path) == clean
    assert last_status in ("changed", "unstable")


# --- another server version never matches ---------------------------------------------------------


def test_entry_from_another_server_version_is_not_used(servers: list[Any], tmp_path: Path) -> None:
    """A database upgraded in place (same address, another major) must be read again even if its
    stamp happened to be equal: an entry read by PostgreSQL 18 is planted under the key of a 15
    database with that database's own stamp and only the version differing."""
    by_major = {s.version_num // 10000: s for s in servers}
    if len(by_major) < 2:
        pytest.skip("needs two PostgreSQL majors (set SCHEMA_AUDITOR_TEST_DSN to a 15)")
    old, new = by_major[min(by_major)], by_major[max(by_major)]
    with old.fresh_database("livecache_old") as old_dsn, new.fresh_database("livecache_new") as new_dsn:
        for d in (old_dsn, new_dsn):
            execute(d, INIT_SQL.replace("app.", "x.").replace("SCHEMA app", "SCHEMA x"))
        other = introspect(new_dsn)
        mine = introspect(old_dsn)
        assert other.server_version != mine.server_version
        here = stamp(old_dsn)
        store = Cache(tmp_path, "live")
        key = key_of(b"live/1", tool_stamp(), here.where, (), ())
        planted = Stamp(here.where, other.server_version or "", here.value)
        assert store.put(key, Entry(planted, other))
        status, cat = read(old_dsn, tmp_path)
        assert status == "changed"
        assert cat == mine
        # the same entry with the version equal would be used: the version is what refused it
        store.put(key, Entry(Stamp(here.where, here.server_version, stamp(old_dsn).value), other))
        status, cat = read(old_dsn, tmp_path)
        assert (status, cat.server_version) == ("hit", other.server_version)


def test_unreachable_database_is_the_full_reads_error(tmp_path: Path) -> None:
    from auditor.connect import Timeouts
    from auditor.errors import DatabaseError

    with pytest.raises(DatabaseError):
        read_live(
            "postgresql://postgres@127.0.0.1:1/none",
            timeouts=Timeouts(connect_s=2),
            include_schemas=(),
            exclude_schemas=(),
            jobs=None,
            cache_dir=tmp_path,
        )
    assert not any(p.is_file() for p in tmp_path.rglob("*"))
    shutil.rmtree(tmp_path)
