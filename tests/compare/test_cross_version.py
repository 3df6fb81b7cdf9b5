"""The cross-version matrix: the same schema built on two PostgreSQL majors compares equal, through
every path the audit has.

The corpus is every introspection case (tests/introspect/cases, the SQL of each), every comparison
case side (tests/compare/cases: base.sql, each case's drift on top of it, its own a.sql/b.sql),
cross_version.sql, and the schemas under cross_version/ (Supabase-style default privileges and
``GRANT ALL``, contrib extensions, identity and generated columns, partitions referenced by foreign
keys, policies). Each schema is built once per server, the way users build a database (its SQL
sent with psycopg), in a database of its own that every path reuses. Then, for every pair of
majors, both ways (``live`` on one server, the other side from the other):

* live vs live: the two introspected catalogs;
* live vs spec: the other database's ``snapshot`` (dump_spec, what the command writes) loaded back;
* live vs shadow: the SQL as a migrations folder, replayed by the audit on the other server;
* live vs offline: the same folder parsed without a server (``--no-shadow``).

Nothing may be reported but history findings (the databases keep no migration history). Roles are
cluster state other suites share (attributes may differ between two clusters for reasons that have
nothing to do with the schema): the spec and live are compared without them.
``test_the_matrix_needs_the_version_layer`` shows that the corpus depends on
auditor.compare.versions: without it, live vs live finds differences.
"""

from __future__ import annotations

import importlib
import itertools
import re
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import psycopg
import pytest
import yaml

from auditor.audit import AuditOptions, run_audit
from auditor.compare import diff, to_findings
from auditor.findings import Category, Finding
from auditor.introspect import introspect
from auditor.model import Catalog, Extension, FrozenMap
from auditor.spec import dump_spec
from tests.compare.test_cases import CLUSTER_ROLES, min_major
from tests.servers import Server

# The matrix holds every case's objects, grants to their roles among them, while it runs: it shares
# the role cases' xdist group (see tests/compare/test_cases.py).
pytestmark = CLUSTER_ROLES

HERE = Path(__file__).parent
INTROSPECT_CASES = HERE.parent / "introspect" / "cases"
COMPARE_CASES = HERE / "cases"


@dataclass(frozen=True)
class Case:
    sql: str  # the project's schema: the migrations folder's one file
    min_major: int = 0  # the oldest major it runs on
    platform: str = "none"  # the audit's --platform
    live_prelude: str = ""  # what the platform puts in a live database before the project's SQL


# What a contained shadow refuses (it replays as a role that is no superuser): such cases keep their
# own database and are left out of the batch.
_NOT_IN_A_SHADOW = re.compile(r"\b(OWNER\s+TO|AUTHORIZATION|FOREIGN\s+DATA\s+WRAPPER)\b", re.I)


def _batch(intro: list[dict[str, Any]], cases: dict[str, Case]) -> str:
    """The introspection cases and every comparison case's own sides as one migration, each
    comparison side in a schema of its own (``SET search_path``; the introspection cases have
    theirs): one shadow replay per pair of majors covers them all, where a replay per case would
    cost a private server start each."""
    parts = [c["sql"] for c in intro if not c.get("min_major") and not _NOT_IN_A_SHADOW.search(c["sql"])]
    for name, case in sorted(cases.items()):
        if (
            name.startswith("compare-")
            and name not in ("compare-base", "compare-drifts")
            and not case.min_major
        ):
            schema = "xvb_" + name.removeprefix("compare-").replace("-", "_")
            parts.append(f"CREATE SCHEMA {schema};\nSET search_path = {schema}, public;\n{case.sql}")
    return "\n".join([*parts, "SET search_path = public;"])


def _corpus() -> dict[str, Case]:
    out: dict[str, Case] = {}
    # The introspection cases are written to share one database (own schemas, idempotent roles).
    intro = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(INTROSPECT_CASES.glob("*.yaml"))]
    for major in sorted({int(c.get("min_major", 0)) for c in intro}):
        sql_text = "\n".join(c["sql"] for c in intro if int(c.get("min_major", 0)) == major)
        out[f"introspect-pg{major}" if major else "introspect"] = Case(sql_text, major)
    # The comparison cases: base.sql; base.sql with every drift.sql on top (the ones that drop
    # something last, so that no drift loses the object another one changes); every own side.
    base = (COMPARE_CASES / "base.sql").read_text()
    out["compare-base"] = Case(base)
    dirs = sorted(
        (p for p in COMPARE_CASES.iterdir() if p.is_dir()), key=lambda p: (p.name.startswith("drop_"), p.name)
    )
    drifts = [(d / "drift.sql").read_text() for d in dirs if (d / "drift.sql").is_file()]
    out["compare-drifts"] = Case("\n".join([base, *drifts]))
    for d in dirs:
        for side in ("a", "b"):
            if (d / f"{side}.sql").is_file():
                out[f"compare-{d.name}-{side}"] = Case((d / f"{side}.sql").read_text(), min_major(d.name))
    out["shadow-batch"] = Case(_batch(intro, out))
    out["cross_version"] = Case((HERE / "cross_version.sql").read_text())
    out["xv-contrib_partitions"] = Case((HERE / "cross_version" / "contrib_partitions.sql").read_text())
    # A Supabase project: live has the platform's roles and auth functions (as a hosted database
    # does), the migrations only the project's SQL, and the shadow gets the platform from the
    # supabase profile.
    out["xv-supabase_grants"] = Case(
        (HERE / "cross_version" / "supabase_grants.sql").read_text(),
        platform="supabase",
        live_prelude=(HERE.parent / "rules" / "supabase_stub.sql").read_text(),
    )
    return out


CORPUS = _corpus()
# Cases that exercise auditor.compare.versions: without it, live vs live differs across majors.
VERSION_SENSITIVE = ("xv-supabase_grants", "xv-contrib_partitions", "introspect")


@dataclass
class Built:
    server: Server
    dbname: str
    catalog: Catalog  # introspected

    @property
    def without_roles(self) -> Catalog:
        return replace(self.catalog, roles=FrozenMap())


@dataclass
class Matrix:
    """One database per case per server, built on first use, dropped at the end of the module."""

    servers: list[Server]  # one per major
    tmp: Path
    built: dict[tuple[str, int], Built] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # per path, for the summary line

    def get(self, case: str, server: Server) -> Built:
        key = (case, server.major)
        if key not in self.built:
            name = server.create_database(f"xv_{case}")
            with psycopg.connect(server.dsn_for(name), autocommit=True) as conn:
                conn.execute(CORPUS[case].live_prelude + "\n" + CORPUS[case].sql)
            cat = introspect(server.dsn_for(name))
            assert cat.complete, (case, server.label, cat.gaps)
            self.built[key] = Built(server, name, cat)
        return self.built[key]

    def folder(self, case: str) -> Path:
        """The case's SQL as a migrations folder of one file."""
        d = self.tmp / "migrations" / case
        if not d.is_dir():
            d.mkdir(parents=True)
            (d / "20240101000000_init.sql").write_text(CORPUS[case].sql)
        return d

    def pairs(self, case: str) -> Iterator[tuple[Server, Server]]:
        """(live server, other server) for every ordered pair of majors the case runs on."""
        usable = [s for s in self.servers if s.major >= CORPUS[case].min_major]
        if len(usable) < 2:
            pytest.skip(f"{case} needs two PostgreSQL majors from {CORPUS[case].min_major} on")
        yield from itertools.permutations(usable, 2)

    def timed(self, path: str, t0: float) -> None:
        self.seconds[path] = self.seconds.get(path, 0.0) + time.perf_counter() - t0


@pytest.fixture(scope="module")
def matrix(servers: list[Server], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Matrix]:
    by_major: dict[int, Server] = {}
    for s in servers:
        by_major.setdefault(s.major, s)
    if len(by_major) < 2:
        pytest.skip("needs two PostgreSQL major versions: set SCHEMA_AUDITOR_TEST_DSN to add one")
    m = Matrix(sorted(by_major.values(), key=lambda s: s.major), tmp_path_factory.mktemp("xv"))
    yield m
    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=4) as pool:  # a DROP DATABASE mostly waits on the server
        list(pool.map(lambda b: b.server.drop_database(b.dbname), m.built.values()))
    m.timed("drop", t0)
    print("\ncross-version matrix seconds:", {k: round(v, 1) for k, v in sorted(m.seconds.items())})


def _reported(findings: list[Finding] | tuple[Finding, ...]) -> list[str]:
    """Everything but the history check's findings (no database here keeps a migration history)."""
    return [f"{f.code} {f.object} {f.message}" for f in findings if f.category is not Category.HISTORY]


def _audit(case: str, live: Built, live_catalog: Catalog, **options: Any) -> list[str]:
    opts = AuditOptions(
        dsn=live.server.dsn_for(live.dbname), rules=False, platform=CORPUS[case].platform, **options
    )
    report, run = run_audit(opts, preloaded={"live": live_catalog})
    assert run.failure is None, run.errors
    return _reported(report.findings)


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_live_vs_live(matrix: Matrix, case: str) -> None:
    for live_server, other_server in matrix.pairs(case):
        t0 = time.perf_counter()
        live, other = matrix.get(case, live_server), matrix.get(case, other_server)
        matrix.timed("build", t0)
        found = diff(other.without_roles, live.without_roles)
        assert found == [], (
            other_server.major,
            live_server.major,
            [(d.kind, d.path, d.changes) for d in found],
        )


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_live_vs_spec(matrix: Matrix, case: str) -> None:
    for live_server, other_server in matrix.pairs(case):
        live, other = matrix.get(case, live_server), matrix.get(case, other_server)
        t0 = time.perf_counter()
        spec = matrix.tmp / f"{case}-{other_server.major}.yaml"
        spec.write_text(dump_spec(other.without_roles))  # what `schema-auditor snapshot` writes
        got = _audit(case, live, live.without_roles, spec=str(spec), spec_explicit=True, migrations=None)
        matrix.timed("spec", t0)
        assert got == [], (f"spec from {other_server.major}, live {live_server.major}", got)


def _shadow_on(server: Server) -> dict[str, str]:
    """The audit options of a shadow of ``server``'s major, as a user would pick it: the embedded
    build for its major, else that major's installed binaries (a private server, where migrations
    may create roles as on a hosted project), else a scratch database on the server itself."""
    if server.label.endswith("-embedded"):
        return {"shadow": "embedded"}
    pg_bin = Path(f"/usr/lib/postgresql/{server.major}/bin")
    if (pg_bin / "initdb").is_file():
        return {"shadow": "local", "pg_bin": str(pg_bin)}
    return {"shadow": "dsn", "shadow_dsn": server.admin_dsn}


# Each shadow path starts a private server per replay (seconds each): it runs on the cases that
# carry what differs between majors, and on every other case batched into one replay.
# shadow-batch holds the introspection cases and every comparison side in one replay.
SHADOW_CASES = (
    "compare-drifts",
    "cross_version",
    "shadow-batch",
    "xv-contrib_partitions",
    "xv-supabase_grants",
)
# Every case is clean offline: the parser models each of their statements (domains, ALTER FUNCTION,
# EXCLUDE constraints, extension operator classes, aggregates, collations, storage parameters,
# INHERITS...). A known limit of the parser would be listed here with its reason (the test fails
# when one goes, so that the entry goes too); what an offline parse cannot know at all is not
# compared, and the audit says so (auditor.migrations.offline.NOT_COMPARED).
OFFLINE_UNMODELLED: dict[str, str] = {}


def _shadow_shape(findings: list[str]) -> list[str]:
    """Role attributes are cluster state, not the case's: a test cluster's ``anon`` is INHERIT or
    NOINHERIT depending on which suite made it first (under ``pytest -n`` the order changes), and a
    private shadow replays as ``postgres`` with no superuser (Supabase's shape). As live vs live
    leaves roles out, the shadow path leaves out what roles' attributes say (their grants on the
    case's objects are still compared, as attributes of those objects)."""
    return [f for f in findings if not f.startswith("DRIFT-ROLE-CHANGED role:")]


def _expected_failure(known: dict[str, str], case: str, got: list[str]) -> None:
    """A case in ``known`` must still fail (then xfail with its reason); else it must pass."""
    if case in known:
        if not got:
            pytest.fail(f"{case} is clean now: remove it from the known limits ({known[case]})")
        pytest.xfail(f"{known[case]}: {got[:3]}")


@pytest.mark.parametrize("case", SHADOW_CASES)
def test_live_vs_shadow(matrix: Matrix, case: str) -> None:
    for live_server, other_server in matrix.pairs(case):
        live = matrix.get(case, live_server)
        t0 = time.perf_counter()
        got = _audit(
            case,
            live,
            live.catalog,
            spec=None,
            migrations=str(matrix.folder(case)),
            migrations_explicit=True,
            **_shadow_on(other_server),
        )
        matrix.timed("shadow", t0)
        assert _shadow_shape(got) == [], (f"shadow on {other_server.major}, live {live_server.major}", got)


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_live_vs_offline(matrix: Matrix, case: str) -> None:
    """An offline parse has no major: it compares the same against every live major, and clean."""
    by_major: dict[int, list[str]] = {}
    for live_server, _other in matrix.pairs(case):
        live = matrix.get(case, live_server)
        t0 = time.perf_counter()
        by_major[live_server.major] = _audit(
            case,
            live,
            live.catalog,
            spec=None,
            migrations=str(matrix.folder(case)),
            migrations_explicit=True,
            offline=True,
        )
        matrix.timed("offline", t0)
    results = list(by_major.values())
    assert all(r == results[0] for r in results), by_major
    _expected_failure(OFFLINE_UNMODELLED, case, results[0])
    assert results[0] == [], results[0]


def test_the_matrix_needs_the_version_layer(matrix: Matrix, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without auditor.compare.versions the version-sensitive cases differ across majors: the
    matrix above would fail, so it does test the layer."""
    monkeypatch.setattr(importlib.import_module("auditor.compare.diff"), "align", lambda a, b: (a, b))
    for case in VERSION_SENSITIVE:
        for live_server, other_server in matrix.pairs(case):
            live, other = matrix.get(case, live_server), matrix.get(case, other_server)
            assert diff(other.without_roles, live.without_roles), (
                case,
                other_server.major,
                live_server.major,
            )


def test_the_version_layer_only_removes(matrix: Matrix, monkeypatch: pytest.MonkeyPatch) -> None:
    """Equal means no finding, and the layer never adds one nor hides real drift: with drift planted
    on live (a grant, a NOT NULL on a partition, a dropped column), what is found with
    auditor.compare.versions is the drift, and is found without it too."""
    case = "xv-contrib_partitions"
    planted = (
        "GRANT SELECT ON people TO PUBLIC; ALTER TABLE events_2024 ALTER COLUMN k SET NOT NULL; "
        "ALTER TABLE refs DROP COLUMN note;"
    )
    no_layer = importlib.import_module("auditor.compare.diff")
    for live_server, other_server in matrix.pairs(case):
        other = matrix.get(case, other_server)
        with live_server.fresh_database("xv_planted") as dsn:
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute(CORPUS[case].sql)
                conn.execute(planted)
            drifted = replace(introspect(dsn), roles=FrozenMap())
        with_layer = {(d.path, d.changes) for d in diff(other.without_roles, drifted)}
        with monkeypatch.context() as m:
            m.setattr(no_layer, "align", lambda a, b: (a, b))
            without = {(d.path, d.changes) for d in diff(other.without_roles, drifted)}
        assert with_layer <= without, with_layer - without
        assert with_layer == {
            ("table:public.people", ("privileges",)),
            ("column:public.events_2024.k", ("nullable",)),
            ("column:public.refs.note", ()),
        }, (other_server.major, live_server.major, with_layer)


def test_same_schema_twice_is_equal(server: Server) -> None:
    """On one server (so on every server, even with one configured): two builds compare equal."""
    sql_text = (HERE / "cross_version.sql").read_text()
    cats = []
    for hint in ("xv_a", "xv_b"):
        with server.fresh_database(hint) as dsn:
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute(sql_text)
            cats.append(introspect(dsn))
    assert cats[0].complete, cats[0].gaps
    assert diff(cats[0], cats[1]) == []


_FIX_SIDE = """
DO $$ BEGIN CREATE ROLE sa_xv_reader NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE EXTENSION citext {version};
CREATE TABLE t (id int PRIMARY KEY, email citext);
GRANT {grant} ON t TO sa_xv_reader;
"""


def test_fix_sql_runs_on_the_live_major(matrix: Matrix) -> None:
    """Expected: GRANT ALL and the server's own citext; live: SELECT only, and an older citext. The
    findings' fix SQL runs on live's major (no MAINTAIN for a server without it, an extension
    update to a version live's server ships) and leaves nothing to find."""
    for live_server, other_server in itertools.permutations(matrix.servers[:2], 2):
        with (
            other_server.fresh_database("xv_fix_a") as dsn_a,
            live_server.fresh_database("xv_fix_b") as dsn_b,
        ):
            with psycopg.connect(dsn_a, autocommit=True) as conn:
                conn.execute(_FIX_SIDE.format(version="", grant="ALL"))
            with psycopg.connect(dsn_b, autocommit=True) as conn:
                conn.execute(_FIX_SIDE.format(version="VERSION '1.4'", grant="SELECT"))
            a = replace(introspect(dsn_a), roles=FrozenMap())
            b = replace(introspect(dsn_b), roles=FrozenMap())
            findings = to_findings(diff(a, b), a_label="a", b_label="b")
            assert {f.object for f in findings} == {"extension:citext", "table:public.t"}, findings
            fixes = [f.fix_sql for f in findings]
            assert all(fixes), [(f.object, f.message) for f in findings]
            shipped = b.extensions["citext"].default_version
            assert any(f"UPDATE TO '{shipped}'" in x for x in fixes if x), fixes
            if live_server.major < 17:
                assert not any("MAINTAIN" in x for x in fixes if x), fixes
            with psycopg.connect(dsn_b, autocommit=True) as conn:
                for sql_text in fixes:
                    conn.execute(sql_text)  # type: ignore[arg-type]
            left = diff(a, replace(introspect(dsn_b), roles=FrozenMap()))
            assert left == [], [(d.path, d.changes) for d in left]


def test_no_fix_for_a_version_live_does_not_ship(matrix: Matrix) -> None:
    """A spec that pins a citext newer than live's server ships (or older than live runs) is a
    finding, with no ALTER EXTENSION that server would refuse."""
    live_server = matrix.servers[0]
    with live_server.fresh_database("xv_fix_pin") as dsn:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("CREATE EXTENSION citext")
        live = introspect(dsn)
    shipped = live.extensions["citext"].default_version
    assert shipped is not None
    for pinned in ("99.0", "1.0"):
        spec = Catalog(
            extensions=FrozenMap(
                {"citext": Extension("citext", version=pinned, declared=frozenset({"name", "version"}))}
            )
        )
        findings = to_findings(diff(spec, live), a_label="spec", b_label="live")
        assert [(f.object, f.changes) for f in findings] == [("extension:citext", ("version",))]
        assert findings[0].fix_sql is None, findings[0].fix_sql
        assert f"up to {shipped}" in findings[0].help and "cannot be downgraded" in findings[0].help


def test_report_says_the_majors_differ(matrix: Matrix) -> None:
    """A spec written from another major than live's: its source in the report says both majors and
    what the comparison leaves out."""
    case = "xv-supabase_grants"
    for live_server, other_server in matrix.pairs(case):
        live, other = matrix.get(case, live_server), matrix.get(case, other_server)
        spec = matrix.tmp / f"note-{other_server.major}.yaml"
        spec.write_text(dump_spec(other.without_roles))
        opts = AuditOptions(
            dsn=live.server.dsn_for(live.dbname),
            spec=str(spec),
            migrations=None,
            rules=False,
            platform="supabase",
        )
        report, run = run_audit(opts, preloaded={"live": live.without_roles})
        assert run.failure is None, run.errors
        (src,) = [s for s in report.sources if s.name == "spec"]
        assert (
            f"read from PostgreSQL {other_server.major}, the other side {live_server.major}"
            in src.description
        )
        if min(live_server.major, other_server.major) < 17 <= max(live_server.major, other_server.major):
            assert "MAINTAIN left out" in src.description, src.description
