"""Fleet audit speed, side by side with pg_dump on the same databases, on the PostgreSQL 15 service.

* **Databases**: ``--databases`` tenant databases (default 1,000) of ``--tables`` tables (default 20),
  made with ``CREATE DATABASE ... TEMPLATE`` of one built database, ``--drifted`` of them changed by
  hand (default 3). ``schema-auditor fleet --inventory`` against the migration that built them, vs a
  loop running ``pg_dump --schema-only`` over the same databases with the same concurrency.
* **Schemas**: one database with ``--schemas`` tenant schemas (default 2,000) of ``--schema-tables``
  tables (default 10), 3 drifted: ``schema-auditor fleet --tenant-schemas`` vs one
  ``pg_dump --schema-only`` of that database.

Both run as whole processes; the fleet's peak memory is its process's max RSS (``wait4``). Everything
made is dropped at the end (``--keep`` leaves it). JSON goes to ``bench/results/fleet.json``.

Usage: ``python bench/fleet.py [--dsn postgresql://postgres@127.0.0.1:5432/postgres]
[--databases 1000] [--schemas 2000] [--concurrency 8] [--only databases|schemas]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import psycopg
from psycopg import conninfo, sql

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
PREFIX = "sa_bench_fleet"


def tenant_sql(schema: str, tables: int) -> str:
    """``tables`` tables in ``schema``: identity keys, defaults, a check, an index, a foreign key to
    the previous table, comments (what a tenant's schema holds)."""
    out = [f"CREATE SCHEMA {schema};", f"CREATE TYPE {schema}.state AS ENUM ('new', 'active', 'gone');"]
    for i in range(tables):
        fk = f",\n    parent_id bigint REFERENCES {schema}.t{i - 1:02d} (id)" if i else ""
        out.append(
            f"CREATE TABLE {schema}.t{i:02d} (\n"
            f"    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
            f"    name text NOT NULL DEFAULT '' CHECK (length(name) < 200),\n"
            f"    state {schema}.state NOT NULL DEFAULT 'new',\n"
            f"    created_at timestamptz NOT NULL DEFAULT now(){fk}\n);\n"
            f"CREATE INDEX t{i:02d}_created_at_idx ON {schema}.t{i:02d} (created_at);\n"
            f"COMMENT ON TABLE {schema}.t{i:02d} IS 'table {i}';"
        )
    return "\n".join(out) + "\n"


def dsn_for(admin: str, db: str) -> str:
    params = conninfo.conninfo_to_dict(admin)
    params["dbname"] = db
    return conninfo.make_conninfo(**{k: str(v) for k, v in params.items()})


def drop_databases(admin: str, names: list[str]) -> None:
    """Drop them from 12 sessions at once, after a checkpoint: each DROP DATABASE waits for a
    checkpoint, and concurrent ones share it (one after another, 1,000 drops hold up every other
    DROP DATABASE on a shared server for minutes)."""
    admin_exec(admin, "CHECKPOINT")

    def drop(chunk: list[str]) -> None:
        with psycopg.connect(admin, autocommit=True) as c:
            for n in chunk:
                c.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(n)))

    with ThreadPoolExecutor(12) as pool:
        list(pool.map(drop, [names[i::12] for i in range(12)]))


def admin_exec(admin: str, *statements: sql.Composable | str) -> None:
    with psycopg.connect(admin, autocommit=True) as c:
        for s in statements:
            c.execute(s if isinstance(s, sql.Composable) else s.encode())


def run_process(argv: list[str], cwd: Path) -> tuple[float, int, int, str]:
    """(wall seconds, exit code, max RSS in KiB, stderr tail) of one whole process."""
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert p.stderr is not None
    err = p.stderr.read().decode(errors="replace")
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - t0, p.returncode, usage.ru_maxrss, err[-2000:]


def pg_dump_loop(dsns: list[str], concurrency: int) -> float:
    def dump(d: str) -> None:
        subprocess.run(["pg_dump", "--schema-only", "-d", d], check=True, stdout=subprocess.DEVNULL)

    t0 = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(dump, dsns))
    return time.perf_counter() - t0


def bench_databases(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    template = f"{PREFIX}_tpl"
    names = [f"{PREFIX}_{i:05d}" for i in range(args.databases)]
    drop_databases(args.dsn, [template, *names])
    body = tenant_sql("app", args.tables)
    (work / "migrations").mkdir()
    (work / "migrations" / "20240101000000_tenant.sql").write_text(body)
    t0 = time.perf_counter()
    admin_exec(args.dsn, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(template)))
    with psycopg.connect(dsn_for(args.dsn, template), autocommit=True) as c:
        c.execute(body.encode())

    def create(chunk: list[str]) -> None:  # a few sessions at once: WAL_LOG copies need no checkpoint
        with psycopg.connect(args.dsn, autocommit=True) as c:
            for n in chunk:
                c.execute(
                    sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                        sql.Identifier(n), sql.Identifier(template)
                    )
                )

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(create, [names[i::4] for i in range(4)]))
    drifted = names[:: max(1, len(names) // args.drifted)][: args.drifted]
    for n in drifted:
        with psycopg.connect(dsn_for(args.dsn, n), autocommit=True) as c:
            c.execute(b"ALTER TABLE app.t05 ADD COLUMN note text")
    built = time.perf_counter() - t0
    dsns = [dsn_for(args.dsn, n) for n in names]
    inv = work / "fleet.yaml"
    inv.write_text(
        "databases:\n"
        + "".join(f"  - name: {n}\n    dsn: {json.dumps(d)}\n" for n, d in zip(names, dsns, strict=True))
    )
    try:
        fleet_s, code, rss, err = run_process(
            [
                sys.executable,
                "-m",
                "auditor",
                "fleet",
                "--inventory",
                str(inv),
                "--no-spec",
                "--history-table",
                "none",
                "--include-schema",
                "app",
                "--concurrency",
                str(args.concurrency),
                "--out",
                str(work / "reports"),
                "--quiet",
            ],
            work,
        )
        report = work / "reports" / "fleet.json"
        rep = json.loads(report.read_text()) if report.exists() else {}
        dump_s = pg_dump_loop(dsns, args.concurrency)
    finally:
        if not args.keep:
            drop_databases(args.dsn, [template, *names])
    failing = sorted(m["name"] for m in rep.get("databases", []) if m["verdict"] == "fail")
    return {
        "databases": args.databases,
        "tables": args.tables,
        "drifted": drifted,
        "concurrency": args.concurrency,
        "build_s": round(built, 1),
        "fleet_s": round(fleet_s, 2),
        "fleet_exit": code,
        "fleet_peak_rss_mib": round(rss / 1024, 1),
        "pg_dump_loop_s": round(dump_s, 2),
        "ratio": round(fleet_s / dump_s, 3),
        "found_drifted": failing,
        "all_found": failing == sorted(drifted),
        "shapes": len(rep.get("shapes", [])),
        "stderr_tail": err[-1500:] if code not in (0, 1) else "",
    }


def dump_tenants(dsn: str, schemas: int) -> tuple[float, str]:
    """One ``pg_dump --schema-only`` of the database; when the server cannot lock every table in one
    transaction (max_locks_per_transaction: 64 on a default server), runs of ``-n`` over 100 schemas
    each, one after another, which is what dumping it then takes."""
    t0 = time.perf_counter()
    one = subprocess.run(
        ["pg_dump", "--schema-only", "-d", dsn], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    if one.returncode == 0:
        return time.perf_counter() - t0, "one run"
    failed_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    batch = 100
    for start in range(0, schemas, batch):
        names = [f"--schema=tenant_{i:05d}" for i in range(start, min(schemas, start + batch))]
        subprocess.run(["pg_dump", "--schema-only", "-d", dsn, *names], check=True, stdout=subprocess.DEVNULL)
    why = one.stderr.decode(errors="replace").strip().splitlines()[0]
    return (
        time.perf_counter() - t0,
        f"one run failed after {failed_s:.1f} s ({why}); {schemas // batch} runs of 100",
    )


def bench_schemas(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    db = f"{PREFIX}_tenants"
    admin_exec(
        args.dsn,
        sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(db)),
        sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db)),
    )
    mig = work / "tenant_project" / "migrations"
    mig.mkdir(parents=True)
    (mig / "20240101000000_tenant.sql").write_text(tenant_sql("app", args.schema_tables))
    dsn = dsn_for(args.dsn, db)
    t0 = time.perf_counter()
    with psycopg.connect(dsn, autocommit=True) as c:
        for i in range(args.schemas):
            with c.transaction():
                c.execute(tenant_sql(f"tenant_{i:05d}", args.schema_tables).encode())
        drifted = [f"tenant_{i:05d}" for i in range(0, args.schemas, max(1, args.schemas // 3))][:3]
        for s in drifted:
            c.execute(f"ALTER TABLE {s}.t03 ALTER COLUMN name DROP DEFAULT".encode())
    built = time.perf_counter() - t0
    try:
        fleet_s, code, rss, err = run_process(
            [
                sys.executable,
                "-m",
                "auditor",
                "fleet",
                "--dsn",
                dsn,
                "--tenant-schemas",
                "tenant_*",
                "--template-schema",
                "app",
                "--no-spec",
                "--history-table",
                "none",
                "--concurrency",
                str(args.concurrency),
                "--out",
                str(work / "treports"),
                "--quiet",
            ],
            mig.parent,
        )
        report = work / "treports" / "fleet.json"
        rep = json.loads(report.read_text()) if report.exists() else {}
        print(json.dumps({"schemas_fleet_s": round(fleet_s, 2), "exit": code}), flush=True)
        dump_s, dump_note = dump_tenants(dsn, args.schemas)
    finally:
        if not args.keep:
            admin_exec(
                args.dsn, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(db))
            )
    failing = sorted(m["name"] for m in rep.get("databases", []) if m["verdict"] == "fail")
    return {
        "schemas": args.schemas,
        "tables_per_schema": args.schema_tables,
        "drifted": drifted,
        "build_s": round(built, 1),
        "fleet_s": round(fleet_s, 2),
        "fleet_exit": code,
        "fleet_peak_rss_mib": round(rss / 1024, 1),
        "pg_dump_s": round(dump_s, 2),
        "pg_dump_note": dump_note,
        "ratio": round(fleet_s / dump_s, 3),
        "found_drifted": failing,
        "all_found": failing == sorted(drifted),
        "shapes": len(rep.get("shapes", [])),
        "stderr_tail": err[-1500:] if code not in (0, 1) else "",
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dsn", default="postgresql://postgres@127.0.0.1:5432/postgres")
    ap.add_argument("--databases", type=int, default=1000)
    ap.add_argument("--tables", type=int, default=20)
    ap.add_argument("--drifted", type=int, default=3)
    ap.add_argument("--schemas", type=int, default=2000)
    ap.add_argument("--schema-tables", type=int, default=10)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--only", choices=("databases", "schemas"))
    ap.add_argument("--keep", action="store_true", help="leave the databases (for a rerun by hand)")
    args = ap.parse_args()
    out: dict[str, Any] = {"python": platform.python_version(), "cpus": os.cpu_count()}
    with psycopg.connect(args.dsn) as c:
        out["server"] = c.info.server_version
    with tempfile.TemporaryDirectory(prefix="sa-bench-fleet-") as tmp:
        if args.only in (None, "databases"):
            out["databases"] = bench_databases(args, Path(tmp))
            print(json.dumps(out["databases"]), flush=True)
        if args.only in (None, "schemas"):
            out["schemas"] = bench_schemas(args, Path(tmp))
            print(json.dumps(out["schemas"]), flush=True)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / "fleet.json"
    if args.only and path.exists():  # keep the other part's last figures
        out = {**json.loads(path.read_text()), **out}
    path.write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
