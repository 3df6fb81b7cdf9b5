"""A single audit of an unchanged schema against its own spec, next to ``pg_dump --schema-only``.

Issue 18's target: with the spec cached, at most 0.5x pg_dump's time, on PostgreSQL 15 and 18.
For each server (the PostgreSQL service at --dsn, PG 15 by default, and the embedded 18), builds
the synthetic schema of N tables (bench/schema_gen.py) in a scratch database, writes its spec with
``schema-auditor snapshot``, primes the cache with one audit, then times, interleaved:

* ``schema-auditor audit --spec spec.yaml --no-migrations --format json --cache-dir C`` (a whole
  command as a user runs it: start-up, live's catalog stamp, the previous run's result from the
  cache (auditor/resultcache.py: every input unchanged), the report written);
* the same with ``--no-cache`` (the full read, parse, compare and rules, for reference);
* that server's own ``pg_dump --schema-only``.

Prints the medians and the ratios. The scratch databases are dropped afterwards. Run it from a
checkout nobody is editing: the cache key holds the tool's source stamp, so an edit between two
runs is a miss (the line counts the cached runs that reused the stored result and wrote nothing).

    python bench/single_audit.py [--tables 5000] [--runs 5] [--dsn URL] [--no-embedded] [--no-dsn]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.introspect_vs_pg_dump import PG15_DSN, PG15_DUMP, embedded_server, scratch_database
from bench.schema_gen import create_schema


def _cli(*args: str, cwd: Path) -> float:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "GITHUB_ACTIONS")}
    t = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "auditor", *args], cwd=cwd, env=env, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - t
    if done.returncode not in (0, 1):
        raise SystemExit(f"schema-auditor {' '.join(args)} exited {done.returncode}:\n{done.stderr}")
    return elapsed


def _entries(cache_dir: Path) -> dict[str, int]:
    """The cache's entries by inode: a hit leaves them (only touched), a miss writes a new file."""
    return {str(p.relative_to(cache_dir)): p.stat().st_ino for p in cache_dir.rglob("*.bin")}


def _pg_dump(pg_dump: str, dsn: str) -> float:
    t = time.perf_counter()
    subprocess.run([pg_dump, "--schema-only", "-f", os.devnull, "--dbname", dsn], check=True)
    return time.perf_counter() - t


def measure(label: str, admin_dsn: str, pg_dump: str, tables: int, runs: int) -> dict[str, object]:
    with scratch_database(admin_dsn) as dsn, tempfile.TemporaryDirectory(prefix="sa-bench-single-") as tmp:
        work = Path(tmp)
        create_schema(dsn, tables, "app")
        with psycopg.connect(dsn, autocommit=True) as c:
            c.execute("ANALYZE")
            version = c.info.server_version
        _cli("snapshot", "--dsn", dsn, "-o", "spec.yaml", cwd=work)
        audit = ("audit", "--dsn", dsn, "--spec", "spec.yaml", "--no-migrations", "--format", "json", "-q")
        cache = ("--cache-dir", str(work / "cache"))
        _cli(*audit, *cache, cwd=work)  # primes the cache: the spec, live's catalog and the result stored
        _pg_dump(pg_dump, dsn)  # warm both sides once
        cached: list[float] = []
        uncached: list[float] = []
        dump: list[float] = []
        hits = 0
        for _ in range(runs):  # interleaved, so load from elsewhere hits all alike
            before = _entries(work / "cache")
            cached.append(_cli(*audit, *cache, cwd=work))
            reused = any(name.startswith("result") for name in before)
            hits += reused and _entries(work / "cache") == before
            uncached.append(_cli(*audit, "--no-cache", cwd=work))
            dump.append(_pg_dump(pg_dump, dsn))
    c, u, d = statistics.median(cached), statistics.median(uncached), statistics.median(dump)
    return {
        "server": f"{label} ({version // 10000}.{version % 10000})",
        "tables": tables,
        "cached": c,
        "uncached": u,
        "pg_dump": d,
        "runs": runs,
        "spread": (min(cached), max(cached)),
        "hits": hits,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tables", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--dsn", default=os.environ.get("SCHEMA_AUDITOR_BENCH_DSN", PG15_DSN))
    ap.add_argument("--pg-dump", default=PG15_DUMP, help="pg_dump matching --dsn's server")
    ap.add_argument("--no-embedded", action="store_true")
    ap.add_argument("--no-dsn", action="store_true")
    args = ap.parse_args(argv)

    results = []
    if not args.no_dsn:
        results.append(measure("service", args.dsn, args.pg_dump, args.tables, args.runs))
    if not args.no_embedded:
        with embedded_server() as (admin, dump):
            results.append(measure("embedded", admin, dump, args.tables, args.runs))

    print(
        f"{'server':<22} {'tables':>6} {'cached s':>8} {'no-cache s':>10} {'pg_dump s':>9}"
        f" {'cached/dump':>11} {'no-cache/dump':>13}  (median of N runs; cached min-max)"
    )
    for r in results:
        c, u, d = float(r["cached"]), float(r["uncached"]), float(r["pg_dump"])  # type: ignore[arg-type]
        lo, hi = r["spread"]  # type: ignore[misc]
        print(
            f"{r['server']:<22} {r['tables']:>6} {c:>8.2f} {u:>10.2f} {d:>9.2f} {c / d:>11.2f} {u / d:>13.2f}"
            f"  N={r['runs']}, {lo:.2f}-{hi:.2f}, {r['hits']}/{r['runs']} cached runs reused the result"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
