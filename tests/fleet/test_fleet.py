"""Fleet audit on real servers: members built the way users build them (the migration's SQL applied
with psycopg to each database, drift made by hand with ALTER), audited with the CLI as a user runs
it. The expected side is tests/fleet/project/migrations, replayed once per run."""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from auditor.errors import InputError
from auditor.fleet.inventory import load_inventory, parse_shard, select_shard, shard_of
from tests.commands import schema_auditor
from tests.servers import Server

PROJECT = Path(__file__).parent / "project"
INIT_SQL = (PROJECT / "migrations" / "20240101000000_init.sql").read_text()
# Scoped to the app schema: the public schema's default grants differ between a PostgreSQL 15 server
# and the embedded 18 shadow, a finding `audit` reports alike (not the fleet's concern here).
COMMON = ("--history-table", "none", "--include-schema", "app", "--timeout", "5")
DEAD_DSN = "postgresql://postgres@127.0.0.1:1/nowhere?connect_timeout=2"

pytestmark = pytest.mark.timeout(180)


def tenant_sql(schema: str) -> str:
    """The migration's SQL with its schema (app) named ``schema``, quoted: a tenant's schema."""
    q = '"' + schema.replace('"', '""') + '"'
    return INIT_SQL.replace("app.", f"{q}.").replace("SCHEMA app", f"SCHEMA {q}")


def tenant_fleet(dsn: str, out: Path, *args: str, glob: str = "tenant_*", timeout: int = 150) -> Any:
    """``schema-auditor fleet`` over the schemas of ``dsn`` matching ``glob``, each compared with
    the migration's schema (app), as a user runs it; the completed process."""
    return schema_auditor(
        "fleet",
        "--dsn",
        dsn,
        "--tenant-schemas",
        glob,
        "--template-schema",
        "app",
        "--history-table",
        "none",
        "--out",
        str(out),
        *args,
        cwd=PROJECT,
        timeout=timeout,
    )


def build(server: Server, hint: str, *drift: str, schema: str = "app") -> tuple[str, str]:
    """A database holding the migration's schema, applied directly (as users do), plus ``drift``."""
    name = server.create_database(hint)
    with psycopg.connect(server.dsn_for(name), autocommit=True) as c:
        c.execute((INIT_SQL if schema == "app" else tenant_sql(schema)).encode())
        for stmt in drift:
            c.execute(stmt.encode())
    return name, server.dsn_for(name)


@pytest.fixture
def made(server: Server) -> Iterator[list[str]]:
    names: list[str] = []
    yield names
    for n in names:
        server.drop_database(n)


def inventory(path: Path, members: list[tuple[str, str]]) -> Path:
    lines = ["databases:"]
    for name, dsn in members:
        lines += [f"  - name: {name}", f"    dsn: {json.dumps(dsn)}", "    labels: {tier: test}"]
    path.write_text("\n".join(lines) + "\n")
    return path


def fleet(*args: str) -> tuple[int, str]:
    r = schema_auditor("fleet", *args, *COMMON, cwd=PROJECT, timeout=150)
    return r.returncode, r.stdout + r.stderr


def report(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "fleet.json").read_text())
    return data


def by_name(rep: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {m["name"]: m for m in rep["databases"]}


# --- inventory -------------------------------------------------------------------------------------

INVENTORY_ERRORS = [
    ("databases:\n  - name: a\n    dsn: x\n  - name: a\n    dsn: y\n", 4, "appears twice"),
    ("databases:\n  - name: a\n", 2, "without dsn"),
    ("databases:\n  - name: a\n    dsn: x\n    labls: {}\n", 4, "unknown key 'labls'"),
    ("databases:\n  - name: a\n    dsn: ${SA_FLEET_TEST_UNSET}\n", 3, "SA_FLEET_TEST_UNSET is not set"),
    ("databases: [\n  {name: a, dsn: x\n", 3, "inventory"),
    ("dbs:\n  - name: a\n", 1, "unknown key 'dbs'"),
    ("databases: []\n", 1, "non-empty list"),
    ("databases:\n  - name: 'a b'\n    dsn: x\n", 2, "not a plain name"),
    ("databases:\n  - name: a\n    dsn: x\n    labels: [1]\n", 4, "labels: must be a mapping"),
]


@pytest.mark.parametrize(("text", "line", "message"), INVENTORY_ERRORS)
def test_inventory_errors_name_file_and_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = tmp_path / "fleet.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as err:
        load_inventory(path)
    assert err.value.location is not None and err.value.location.file == str(path)
    assert err.value.location.line == line, str(err.value)
    assert message in str(err.value)


def test_inventory_env_dsn_labels_and_shards(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SA_FLEET_DSN", "postgresql://u:s3cret@h/db")
    path = tmp_path / "fleet.yaml"
    path.write_text("databases:\n  - name: eu\n    dsn: ${SA_FLEET_DSN}\n    labels: {region: eu}\n")
    (m,) = load_inventory(path)
    assert m.dsn == "postgresql://u:s3cret@h/db" and m.labels == (("region", "eu"),)
    assert "s3cret" not in repr(m)
    names = [type(m)(f"tenant-{i}", "x") for i in range(200)]
    slices = [select_shard(names, (i, 4)) for i in range(4)]
    assert sorted(x.name for s in slices for x in s) == sorted(x.name for x in names)  # a partition
    assert all(slices) and shard_of("tenant-7", 4) == shard_of("tenant-7", 4)
    with pytest.raises(Exception, match="0 <= I < N"):
        parse_shard("4/4")


def test_cli_inventory_error_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "fleet.yaml"
    path.write_text("databases:\n  - name: a\n    dsn: x\n  - name: a\n    dsn: y\n")
    code, out = fleet("--inventory", str(path), "--out", str(tmp_path / "r"))
    assert code == 2, out
    assert f"{path}:4:" in out and "Traceback" not in out
    for bad in (["--out", "-"], ["--shard", "3/3"], ["--executor", "dask"], []):
        code, out = fleet(*(["--inventory", str(path)] if bad else []), *bad)
        assert code == 2 and "Traceback" not in out, (bad, out)


# --- one fleet on each server ----------------------------------------------------------------------


def test_shapes_outlier_and_unread_member(server: Server, made: list[str], tmp_path: Path) -> None:
    members = []
    for i in range(3):
        name, dsn = build(server, f"fleet_same{i}")
        made.append(name)
        members.append((f"same-{i}", dsn))
    name, dsn = build(server, "fleet_drift", "ALTER TABLE app.notes ADD COLUMN extra integer")
    made.append(name)
    members += [("drifted", dsn), ("dead", DEAD_DSN)]
    out = tmp_path / "reports"
    code, text = server.while_roles_hold(
        lambda: fleet(
            "--inventory",
            str(inventory(tmp_path / "fleet.yaml", members)),
            "--out",
            str(out),
            "--format",
            "json,html,junit,sarif",
        )
    )
    assert code == 3, text  # a member unread: never clean, exit 3 as audit
    rep = report(out)
    assert rep["format"] == "schema-auditor-fleet-report" and rep["verdict"] == "error"
    got = by_name(rep)
    assert [got[f"same-{i}"]["verdict"] for i in range(3)] == ["clean"] * 3
    assert len({got[f"same-{i}"]["shape"] for i in range(3)}) == 1  # one shape, audited once
    assert got["drifted"]["verdict"] == "fail" and got["drifted"]["shape"] != got["same-0"]["shape"]
    assert [f["object"] for f in got["drifted"]["findings"] if f["category"] == "drift"] == [
        "column:app.notes.extra"
    ]
    assert got["dead"]["verdict"] == "error" and got["dead"]["shape"] is None and got["dead"]["errors"]
    assert got["same-0"]["server_version"].startswith(f"{server.major}.")
    outlier = next(s for s in rep["shapes"] if not s["majority"])
    assert outlier["members"] == 1 and outlier["representative"] == "drifted"
    assert [f["object"] for f in outlier["apart"]["findings_not_in_majority"]] == ["column:app.notes.extra"]
    cases = ET.parse(out / "fleet.junit.xml").getroot().findall(".//testcase")
    assert sorted(c.get("name") or "" for c in cases) == sorted(n for n, _ in members)
    assert {c.get("name"): [e.tag for e in c] for c in cases}["drifted"] == ["failure"]
    sarif = json.loads((out / "fleet.sarif").read_text())
    ids = {(r["properties"]["member"], r["ruleId"]) for r in sarif["runs"][0]["results"]}
    assert ("drifted", "DRIFT-COLUMN-UNEXPECTED") in ids and ("dead", "FLEET-UNREAD") in ids
    page = (out / "fleet.html").read_text()
    assert "column:app.notes.extra" in page and "drifted" in page and "unread" in page.lower()
    # one member of a shape carries its findings; the others link to them, naming that member
    shape = got["same-0"]["shape"]
    assert page.count(f'<details id="shape-{shape}">') == 1
    n = sum(not f.get("suppressed") for f in got["same-0"]["findings"])
    assert page.count(f'<a href="#shape-{shape}">{n} finding(s)</a>, as same-0 (same shape)') == 2
    # the rows a reader must see first come first: unread, failing, then the clean ones by name
    rows = [page.index(f'id="member-{n}"') for n in ("dead", "drifted", "same-0", "same-1", "same-2")]
    assert rows == sorted(rows)
    # the outlier shape's row names its member, linked to its row
    assert '<p>members: <a href="#member-drifted">drifted</a></p>' in page


def test_schema_per_tenant(server: Server, made: list[str], tmp_path: Path) -> None:
    name, dsn = build(server, "fleet_tenants", schema="tenant_1")
    made.append(name)
    with psycopg.connect(dsn, autocommit=True) as c:
        for t in ("tenant_2", "tenant_3"):
            c.execute(tenant_sql(t).encode())
        c.execute(b"CREATE SCHEMA other")  # not a tenant: left alone
        c.execute(b"ALTER TABLE tenant_3.notes ALTER COLUMN body DROP DEFAULT")
    out = tmp_path / "reports"
    r = server.while_roles_hold(lambda: tenant_fleet(dsn, out))
    assert r.returncode == 1, r.stdout + r.stderr
    got = by_name(report(out))
    assert sorted(got) == ["tenant_1", "tenant_2", "tenant_3"]
    assert got["tenant_1"]["verdict"] == got["tenant_2"]["verdict"] == "clean"  # nextval, FK, enum renamed
    assert got["tenant_1"]["shape"] == got["tenant_2"]["shape"] != got["tenant_3"]["shape"]
    drift = [f for f in got["tenant_3"]["findings"] if f["category"] == "drift"]
    assert [(f["object"], f["changes"]) for f in drift] == [("column:tenant_3.notes.body", ["default"])]
    # a tenant's fix SQL changes that tenant, never the template schema
    assert drift[0]["fix_sql"].startswith("ALTER TABLE tenant_3.notes ") and "app." not in drift[0]["fix_sql"]


# --- beyond one process -----------------------------------------------------------------------------


@pytest.fixture
def pg15_fleet(servers: list[Server], tmp_path: Path) -> Iterator[Path]:
    server = servers[0]
    names: list[str] = []
    members = []
    for i in range(5):
        drift = ("CREATE INDEX notes_body_idx ON app.notes (body)",) if i == 3 else ()
        name, dsn = build(server, f"fleet_shard{i}", *drift)
        names.append(name)
        members.append((f"member-{i}", dsn))
    yield inventory(tmp_path / "fleet.yaml", members)
    for n in names:
        server.drop_database(n)


def comparable(rep: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in rep.items() if k != "generated_at"}


def test_shards_then_merge_equal_one_run(pg15_fleet: Path, tmp_path: Path) -> None:
    code, text = fleet("--inventory", str(pg15_fleet), "--out", str(tmp_path / "one"))
    assert code == 1, text
    one = report(tmp_path / "one")
    partials = []
    for i in range(3):
        part = tmp_path / f"p{i}.jsonl"
        code, text = fleet("run", "--inventory", str(pg15_fleet), "--shard", f"{i}/3", "--partial", str(part))
        assert code == 0 and part.exists(), text
        partials.append(str(part))
    r = schema_auditor("fleet", "merge", *partials, "--out", str(tmp_path / "merged"), cwd=PROJECT)
    assert r.returncode == 1, r.stdout + r.stderr
    assert comparable(report(tmp_path / "merged")) == comparable(one)
    # a shard that never arrived: its members were not audited, never clean
    r = schema_auditor(
        "fleet", "merge", partials[0], partials[2], "--out", str(tmp_path / "gap"), cwd=PROJECT
    )
    assert r.returncode == 3 and report(tmp_path / "gap")["missing_shards"] == [1], r.stdout
    r = schema_auditor("fleet", "merge", partials[0], partials[0], cwd=PROJECT, env={"PWD": str(tmp_path)})
    assert r.returncode == 2 and "also in" in r.stderr


def test_dask_executor_on_a_local_cluster(
    pg15_fleet: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    distributed = pytest.importorskip("distributed")
    from auditor.cli import main

    monkeypatch.chdir(PROJECT)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        code = main(
            [
                "fleet",
                "--inventory",
                str(pg15_fleet),
                *COMMON,
                "--quiet",
                "--out",
                str(tmp_path / "d"),
                "--executor",
                "dask",
                "--scheduler",
                cluster.scheduler_address,
                "--concurrency",
                "2",
            ]
        )
    assert code == 1
    got = by_name(report(tmp_path / "d"))
    assert [got[f"member-{i}"]["verdict"] for i in range(5)] == ["clean"] * 3 + ["fail", "clean"]
    assert len({m["shape"] for m in got.values()}) == 2
    # a scheduler that does not answer: exit 3, said in one line, before any database is read
    code, text = fleet(
        "--inventory", str(pg15_fleet), "--executor", "dask", "--scheduler", "tcp://127.0.0.1:1"
    )
    assert code == 3 and "cannot reach the dask scheduler" in text and "Traceback" not in text, text


def test_cross_version_members_no_false_drift(servers: list[Server], tmp_path: Path) -> None:
    if len({s.major for s in servers}) < 2:
        pytest.skip("needs two PostgreSQL majors (SCHEMA_AUDITOR_TEST_DSN adds the 15 service)")
    made = [(s, *build(s, f"fleet_x{s.major}")) for s in servers]
    try:
        members = [(f"pg{s.major}", dsn) for s, _, dsn in made]
        code, text = fleet(
            "--inventory", str(inventory(tmp_path / "f.yaml", members)), "--out", str(tmp_path / "r")
        )
        assert code == 0, text
        rep = report(tmp_path / "r")
        assert rep["verdict"] == "clean" and {m["verdict"] for m in rep["databases"]} == {"clean"}
        shapes = {m["shape"] for m in rep["databases"]}
        assert len(shapes) == len(servers) and {s.split("-")[0] for s in shapes} == {
            f"pg{s.major}" for s in servers
        }
    finally:
        for s, name, _ in made:
            s.drop_database(name)


def test_inventory_query_on_a_control_database(servers: list[Server], tmp_path: Path) -> None:
    server = servers[0]
    member, dsn = build(server, "fleet_q")
    control = server.create_database("fleet_control")
    try:
        _inventory_query(server, dsn, control, tmp_path)
    finally:
        for name in (member, control):
            server.drop_database(name)


def _inventory_query(server: Server, dsn: str, control: str, tmp_path: Path) -> None:
    with psycopg.connect(server.dsn_for(control), autocommit=True) as c:
        c.execute("CREATE TABLE tenants (slug text, url text, region text)")
        c.execute("INSERT INTO tenants VALUES ('acme', %s, 'eu'), ('gone', %s, 'us')", (dsn, DEAD_DSN))
    out = tmp_path / "r"
    query = "SELECT slug AS name, url AS dsn, json_build_object('region', region) AS labels FROM tenants"
    code, text = fleet(
        "--inventory-query", query, "--control-dsn", server.dsn_for(control), "--out", str(out)
    )
    assert code == 3, text
    got = by_name(report(out))
    assert got["acme"]["verdict"] == "clean" and got["acme"]["labels"] == {"region": "eu"}
    assert got["gone"]["verdict"] == "error"
    code, text = fleet("--inventory-query", "SELECT 1 AS id", "--control-dsn", server.dsn_for(control))
    assert code == 2 and "name, dsn" in text, text


# --- the shipped examples ---------------------------------------------------------------------------


def _fleet_flags(command: str) -> list[str]:
    args = command.split("schema-auditor fleet", 1)[1].split()
    return [a.split("=")[0] for a in args if a.startswith("--")]


def test_examples_shard_the_way_the_cli_does() -> None:
    import re
    import shutil
    import subprocess

    import yaml

    from tests.conftest import ROOT

    help_text = schema_auditor("fleet", "--help").stdout
    docs = list(yaml.safe_load_all((ROOT / "examples" / "fleet" / "k8s-cronjob.yaml").read_text()))
    jobs = [d for d in docs if d["kind"] == "CronJob"]
    shards = jobs[0]["spec"]["jobTemplate"]["spec"]
    assert shards["completionMode"] == "Indexed" and shards["completions"] == shards["parallelism"]
    commands = [
        c["args"][0] for j in jobs for c in j["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"]
    ]
    assert f"--shard ${{JOB_COMPLETION_INDEX}}/{shards['completions']}" in commands[0]
    assert "fleet merge" in commands[1]
    workflow = yaml.safe_load((ROOT / "examples" / "github" / "fleet-matrix.yml").read_text())
    matrix = workflow["jobs"]["shard"]["strategy"]["matrix"]["shard"]
    runs = [
        s["run"] for job in workflow["jobs"].values() for s in job["steps"] if "fleet" in s.get("run", "")
    ]
    assert re.search(rf"--shard \$\{{\{{ matrix.shard \}}\}}/{len(matrix)}\b", runs[0]) and matrix == list(
        range(len(matrix))
    )
    for command in [*commands, *runs]:
        for flag in _fleet_flags(command):
            assert flag in help_text, flag
    actionlint = shutil.which("actionlint") or shutil.which(
        "actionlint", path=str(Path(sys.executable).parent)
    )
    if actionlint is not None:
        lint = subprocess.run(
            [
                actionlint,
                "-shellcheck=",
                "-pyflakes=",
                str(ROOT / "examples" / "github" / "fleet-matrix.yml"),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert lint.returncode == 0, lint.stdout + lint.stderr


def test_a_migration_that_does_not_apply_stops_the_fleet(servers: list[Server], tmp_path: Path) -> None:
    import shutil

    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    (project / "migrations" / "20240102000000_broken.sql").write_text(
        "CREATE TABLE app.x (y no_such_type);\n"
    )
    server = servers[0]
    name, dsn = build(server, "fleet_broken")
    try:
        inv = inventory(tmp_path / "fleet.yaml", [("m", dsn), ("dead", DEAD_DSN)])
        r = schema_auditor(
            "fleet", "--inventory", str(inv), *COMMON, "--out", str(tmp_path / "r"), cwd=project
        )
    finally:
        server.drop_database(name)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "20240102000000_broken.sql" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "r" / "fleet.json").exists()
    assert list((tmp_path / "r").glob("*.jsonl")) == [] and list((tmp_path / "r").glob(".*tmp*")) == []


def test_many_tenants_of_one_database_are_fingerprinted_in_slices() -> None:
    """A database of many tenants is fingerprinted a slice per connection, as many as run at once;
    every tenant in exactly one slice, databases one each, few tenants in one query."""
    from auditor.fleet.inventory import Member
    from auditor.fleet.run import TENANTS_PER_SLICE, by_database

    tenants = [
        Member(f"t{i}", "postgresql:///many", schema=f"t{i}") for i in range(TENANTS_PER_SLICE * 6 + 7)
    ]
    few = [Member(f"f{i}", "postgresql:///few", schema=f"f{i}") for i in range(3)]
    dbs = [Member(f"db{i}", f"postgresql:///db{i}") for i in range(3)]
    groups = by_database([*tenants, *few, *dbs], slices=4)
    many = [g for g in groups if g[0].dsn == "postgresql:///many"]
    assert len(many) == 4 and sorted(m.name for g in many for m in g) == sorted(m.name for m in tenants)
    assert [g for g in groups if g[0].dsn == "postgresql:///few"] == [tuple(few)]
    assert [g for g in groups if g[0].schema is None] == [(d,) for d in dbs]
    assert len(by_database(tenants, slices=1)) == 1


def test_a_shapes_findings_encoded_once_give_the_same_line(tmp_path: Path) -> None:
    """A member's line written with its shape's findings encoded once is the line encoded whole."""
    from auditor.fleet.results import PartialWriter, encode

    line = {
        "name": 'db "1" ü',
        "verdict": "fail",
        "findings": [{"object": "column:app.t.x", "message": "a\u0000b \u2028 ü", "n": 1, "z": None}],
        "labels": {"b": "2", "a": "1"},
        "errors": [],
    }
    writers = {}
    for way in ("whole", "shared"):
        w = writers[way] = PartialWriter(tmp_path / f"{way}.jsonl", {"shard": 0, "shards": 1})
        w.member(line, findings_json=encode(line["findings"]) if way == "shared" else None)
        w.close()
    whole, shared = ((tmp_path / f"{w}.jsonl").read_bytes().splitlines()[0] for w in ("whole", "shared"))
    assert shared == whole and json.loads(whole) == line
