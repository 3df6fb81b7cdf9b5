"""Issue 17 item 5: the run store (``--store``) and the trend it gives the report. The store is a
SQLite file or a PostgreSQL database (each configured server): runs recorded, findings keyed by
fingerprint, new / fixed / since judged against the last comparable run; its schema migrated by the
tool, a newer store refused (exit 2), an older one upgraded; a store that cannot be used is a clear
error, never a traceback."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import psycopg
import pytest

from auditor.findings import Finding
from auditor.model import Gap
from auditor.report.json_report import render_json
from auditor.report.markdown import render_markdown
from auditor.report.model import Report, SourceInfo
from auditor.report.text import terminal_summary
from auditor.store import STORE_VERSION, StoreError, _Postgres, _Sqlite, migrate, open_store, store_version
from tests.commands import schema_auditor
from tests.report.conftest import all_findings, changed_default, missing_policy, rls_disabled
from tests.servers import Server

T0 = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
LIVE = SourceInfo("live", "app on db.example.com:5432", "16.4")
SPEC = SourceInfo("spec", "expected_schema.yaml")


def run(findings: list[Finding], day: int, *, gap: bool = False) -> Report:
    live = replace(LIVE, gaps=(Gap("functions", "all functions", "permission denied"),)) if gap else LIVE
    return Report.create(
        sources=[SPEC, live], findings=findings, fail_on="error", generated_at=T0 + timedelta(days=day)
    )


def at(day: int) -> str:
    return (T0 + timedelta(days=day)).isoformat().replace("+00:00", "Z")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path, server: Server) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "store.sqlite")
        return
    with server.fresh_database("h5_store") as dsn:
        yield url_of(dsn)


def url_of(dsn: str, **override: str) -> str:
    """The DSN as a postgresql:// URL, as --store takes it (the servers' DSNs are key=value)."""
    p = {**psycopg.conninfo.conninfo_to_dict(dsn), **override}
    query = urlencode({k: str(v) for k, v in p.items() if k not in ("user", "dbname")})
    return f"postgresql://{quote(str(p.get('user', '')))}@/{quote(str(p['dbname']))}?{query}"


def test_new_fixed_and_since_across_runs(store_url: str) -> None:
    a, b, c = missing_policy(), rls_disabled(), changed_default()
    store = open_store(store_url)
    try:
        first = store.record(run([a, b], 0))
        assert first.previous is None and set(first.new) == {a.fingerprint, b.fingerprint}
        assert "first run recorded" in first.line()
        second = store.record(run([b, c], 1))
        assert second.previous is not None and second.previous.id == first.run_id
        assert second.new == (c.fingerprint,)
        assert [(f.fingerprint, f.code, f.object, f.since) for f in second.fixed] == [
            (a.fingerprint, a.code, a.object, at(0))
        ]
        assert second.since == {b.fingerprint: at(0), c.fingerprint: at(1)}
        # a finding fixed and back again is new again, its age counted from its return
        third = store.record(run([a, b, c], 2))
        assert third.new == (a.fingerprint,) and third.fixed == ()
        assert third.since[a.fingerprint] == at(2) and third.since[b.fingerprint] == at(0)
        assert [r.total for r in third.history] == [2, 2, 3]
        assert [r.id for r in third.history] == [first.run_id, second.run_id, third.run_id]
        assert third.line().startswith("trend: 1 new, 0 fixed since run")
    finally:
        store.close()
    # a second opening finds the same history (nothing held in the process)
    again = open_store(store_url)
    try:
        fourth = again.record(run([b], 3))
        assert {f.code for f in fourth.fixed} == {a.code, c.code} and fourth.since[b.fingerprint] == at(0)
    finally:
        again.close()


def test_a_run_that_did_not_read_everything_is_not_judged(store_url: str) -> None:
    a, b = missing_policy(), rls_disabled()
    store = open_store(store_url)
    try:
        first = store.record(run([a, b], 0))
        partial = store.record(run([b], 1, gap=True))  # a gap: a is missing because it was not read
        assert not partial.comparable and partial.new == () and partial.fixed == ()
        assert "not judged" in partial.line()
        assert partial.previous is not None and partial.previous.id == first.run_id
        # the next complete run is judged against the last complete one, not the partial one
        nxt = store.record(run([a, b], 2))
        assert nxt.previous is not None and nxt.previous.id == first.run_id
        assert nxt.new == () and nxt.fixed == () and nxt.since[a.fingerprint] == at(0)
        assert [r.verdict for r in nxt.history] == ["fail", "fail", "fail"]
    finally:
        store.close()


def test_targets_are_kept_apart(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "s.sqlite"))
    try:
        store.record(run([missing_policy()], 0))
        other = Report.create(sources=[SourceInfo("live", "other on db2:5432")], findings=[rls_disabled()])
        t = store.record(other)
        assert t.previous is None and len(t.history) == 1 and t.target == "live=other on db2:5432"
        # the same database read with the spec from another checkout folder: the same target
        moved = Report.create(
            sources=[replace(SPEC, description="/home/runner/work/app/expected_schema.yaml"), LIVE],
            findings=[missing_policy()],
        )
        t = store.record(moved)
        assert t.previous is not None and t.target == "live=app on db.example.com:5432" and t.new == ()
        # without a live database, the sources are the target
        offline = Report.create(sources=[SPEC, SourceInfo("migrations", "migrations")], findings=[])
        assert store.record(offline).target == "migrations=migrations; spec=expected_schema.yaml"
    finally:
        store.close()


def test_the_report_formats_carry_the_trend(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "s.sqlite"))
    try:
        store.record(run(all_findings(), 0))
        fs = [f for f in all_findings() if f.code != "DRIFT_MISSING"]
        report = run(fs, 1)
        report = replace(report, trend=store.record(report))
    finally:
        store.close()
    doc = json.loads(render_json(report))
    trend = doc["trend"]
    assert trend["fixed"][0]["code"] == "DRIFT_MISSING" and trend["new"] == []
    assert [r["id"] for r in trend["history"]] == [1, 2] and trend["comparable"] is True
    from jsonschema import Draft202012Validator

    schema = json.loads((Path(__file__).parents[2] / "auditor" / "report" / "report.schema.json").read_text())
    Draft202012Validator(schema).validate(doc)
    line = [x for x in terminal_summary(report, color=False).splitlines() if "trend:" in x]
    assert len(line) == 1 and "0 new, 1 fixed since run 1" in line[0]
    md = render_markdown(report)
    assert "**Trend:** 0 new, 1 fixed" in md and "Fixed since run 1:" in md
    assert "DRIFT\\_MISSING policy:public.jobs.jobs\\_owner\\_select" in md


def _raw(url: str) -> Any:
    """The store's database, opened without migrating it."""
    return _Postgres(url) if url.startswith("postgresql://") else _Sqlite(Path(url))


def _store_v1(url: str) -> None:
    """A store as schema-auditor wrote it at store version 1: one run recorded by hand."""
    db = _raw(url)
    migrate(db, url, to=1)
    db.execute(
        "INSERT INTO {p}runs (target, at, tool_version, verdict, comparable, total, error, warning, info,"
        " gating) VALUES ('live=app on db.example.com:5432', ?, '0.1.0',"
        " 'fail', 1, 1, 1, 0, 0, 1)",
        (at(0),),
    )
    f = rls_disabled()
    db.execute(
        "INSERT INTO {p}run_findings VALUES (1, ?, ?, 'error', ?, ?)",
        (f.fingerprint, f.code, f.object, f.message),
    )
    assert store_version(db) == 1 and not db.has_table("finding_state")
    db.close()


def test_an_older_store_is_upgraded_and_keeps_its_history(store_url: str) -> None:
    _store_v1(store_url)
    store = open_store(store_url)
    try:
        assert store_version(store.db) == STORE_VERSION
        t = store.record(run([rls_disabled()], 1))
        assert t.previous is not None and t.previous.id == 1 and t.new == ()
        assert t.since[rls_disabled().fingerprint] == at(0)  # the age comes from the version-1 history
    finally:
        store.close()


def test_a_newer_store_is_refused_untouched_on_every_backend(store_url: str) -> None:
    open_store(store_url).close()
    db = _raw(store_url)
    db.execute("UPDATE {p}store_version SET version = ?, written_by = '9.0.0'", (STORE_VERSION + 1,))
    db.close()
    with pytest.raises(StoreError) as e:
        open_store(store_url)
    assert f"store version {STORE_VERSION + 1}, written by schema-auditor 9.0.0" in str(e.value)
    db = _raw(store_url)
    assert store_version(db) == STORE_VERSION + 1  # left as it was, not "repaired"
    db.close()


def test_a_newer_store_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    open_store(str(path)).close()
    with sqlite3.connect(path) as c:
        c.execute("UPDATE store_version SET version = ?, written_by = '9.0.0'", (STORE_VERSION + 1,))
    before = path.read_bytes()
    with pytest.raises(StoreError) as e:
        open_store(str(path))
    assert f"store version {STORE_VERSION + 1}, written by schema-auditor 9.0.0" in str(e.value)
    assert "upgrade schema-auditor" in str(e.value) and e.value.exit_code == 2
    assert path.read_bytes() == before
    r = schema_auditor(
        "audit", "--no-live", "--no-shadow", "--store", str(path), "--out", str(tmp_path / "reports")
    )
    assert r.returncode == 2, r.stdout + r.stderr
    assert "store version" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "reports" / "audit.json").exists()  # refused before any work


def _folder(p: Path) -> str:
    p.mkdir()
    return str(p)


def _text_file(p: Path) -> str:
    p.write_text("hello, not a database\n" * 100)
    return str(p)


def _foreign_sqlite(p: Path) -> str:
    with sqlite3.connect(p) as c:
        c.execute("create table t (a int)")
    return str(p)


# (id, how the --store value is made, what the error says)
BAD_STORES: list[tuple[str, Callable[[Path], str], str]] = [
    ("dir", _folder, "is a directory"),
    ("no-folder", lambda p: str(p / "missing" / "s.sqlite"), "does not exist"),
    ("not-sqlite", _text_file, "file is not a database"),
    ("foreign-sqlite", _foreign_sqlite, "not a schema-auditor store"),
    ("scheme", lambda p: "mysql://u@h/db", "unknown kind of store"),
    ("pg-down", lambda p: "postgresql://sa_h5:Sekr1tPw@127.0.0.1:1/x", "cannot be opened"),
]


@pytest.mark.parametrize("make,expect", [(m, e) for _, m, e in BAD_STORES], ids=[i for i, _, _ in BAD_STORES])
def test_a_store_that_cannot_be_used_is_a_clear_error(
    tmp_path: Path, make: Callable[[Path], str], expect: str
) -> None:
    url = make(tmp_path / "store")
    with pytest.raises(StoreError) as e:
        open_store(url).close()
    assert expect in str(e.value) and e.value.hint
    assert "Traceback" not in str(e.value) and "Sekr1tPw" not in str(e.value)


def test_a_store_that_cannot_be_written_keeps_the_verdict(server: Server, tmp_path: Path) -> None:
    """A read-only role on a PostgreSQL store: opened fine, the run cannot be recorded. The reports
    and the verdict line are written all the same, then the error: exit 2, no traceback."""
    role = f"sa_h5_ro_{server.label.replace('-', '_').replace('.', '_')}"[:60]
    with server.fresh_database("h5_ro") as dsn:
        open_store(url_of(dsn)).close()  # made by its owner
        db = psycopg.conninfo.conninfo_to_dict(dsn)["dbname"]
        server.execute(f"DROP ROLE IF EXISTS {role}; CREATE ROLE {role} LOGIN")
        try:
            server.execute(
                f"GRANT USAGE ON SCHEMA schema_auditor TO {role}; "
                f"GRANT SELECT ON ALL TABLES IN SCHEMA schema_auditor TO {role}",
                dbname=str(db),
            )
            ro = url_of(dsn, user=role)
            out = tmp_path / "reports"
            r = schema_auditor(
                "audit", "--no-live", "--no-shadow", "--store", ro, "--out", str(out), "--format", "json"
            )
            assert r.returncode == 2, r.stdout + r.stderr
            assert "could not be recorded" in r.stderr and "Traceback" not in r.stderr
            assert "schema-auditor: " in r.stdout  # the verdict line
            doc = json.loads((out / "audit.json").read_text())
            assert doc["verdict"] in ("clean", "pass", "fail", "incomplete") and "trend" not in doc
        finally:
            server.execute(f"DROP OWNED BY {role} CASCADE", dbname=str(db))
            server.execute(f"DROP ROLE IF EXISTS {role}")


def test_concurrent_runs_queue(store_url: str) -> None:
    """Runs of a team recorded at once (and a store made by the first of them): each is judged
    against the one recorded just before it, none is lost."""
    from concurrent.futures import ThreadPoolExecutor

    def one(day: int) -> tuple[int, int | None]:
        store = open_store(store_url)
        try:
            t = store.record(run([missing_policy(), rls_disabled()][: 1 + day % 2], day))
            return t.run_id, t.previous.id if t.previous else None
        finally:
            store.close()

    with ThreadPoolExecutor(4) as pool:
        results = sorted(pool.map(one, range(6)))
    ids = [r for r, _ in results]
    assert ids == list(range(ids[0], ids[0] + 6))
    assert [p for _, p in results] == [None, *ids[:-1]]


def test_hostile_names_read_back_from_the_store_stay_text(tmp_path: Path) -> None:
    """Fixed findings come back from the store, not from this run: escaped all the same."""
    from tests.report.conftest import XSS

    store = open_store(str(tmp_path / "s.sqlite"))
    try:
        store.record(run(all_findings(), 0))
        report = run([rls_disabled()], 1)
        report = replace(report, trend=store.record(report))
    finally:
        store.close()
    assert any(XSS in f.object for f in report.trend.fixed)  # type: ignore[union-attr]
    from auditor.report.html import render_html

    html = render_html(report)
    assert XSS not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "<svg onload" not in html
    md = render_markdown(report)
    assert XSS not in md and "&lt;script&gt;" in md
