"""A partial read next to a whole read of the same schema (issue 18 item 2: only the objects whose
fingerprint differs are read in full).

Builds the synthetic schema (bench/schema_gen.py) of N tables in a scratch database on a PostgreSQL
service (PG 15 by default) and, unless --no-embedded, on the embedded PostgreSQL 18; then times,
interleaved, ``introspect()`` of the schema whole, ``introspect(only=...)`` of 1 and of 10 of its
tables, and ``overlay()`` of the 10-table part on the whole catalog; prints the medians and the ratios
to the whole read. The scratch databases are dropped afterwards.

    python bench/partial_read.py [N] [--runs 5] [--dsn URL] [--no-embedded]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from auditor.introspect import ObjectSet, introspect, overlay
from bench.introspect_vs_pg_dump import PG15_DSN, embedded_server, scratch_database
from bench.schema_gen import create_schema

SCHEMA = "bench"


def _timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def measure(label: str, admin_dsn: str, n: int, runs: int) -> dict[str, object]:
    with scratch_database(admin_dsn, "sa_c_partial_") as dsn:
        create_schema(dsn, n, SCHEMA)
        scope = {"include_schemas": (SCHEMA,)}
        one = ObjectSet.of([(SCHEMA, "relation", f"t_{n // 2:05d}")])
        ten = ObjectSet.of((SCHEMA, "relation", f"t_{i:05d}") for i in range(0, n, max(1, n // 10)))
        whole = introspect(dsn, **scope)  # warm the server's caches and ours
        part10 = introspect(dsn, only=ten, **scope)
        assert overlay(whole, part10, ten) == whole
        rows: dict[str, dict[str, int]] = {"whole": {}, "one": {}}
        introspect(dsn, on_rows=lambda k, c: rows["whole"].__setitem__(k, c), **scope)
        introspect(dsn, only=one, on_rows=lambda k, c: rows["one"].__setitem__(k, c), **scope)
        times: dict[str, list[float]] = {"whole": [], "one": [], "ten": [], "overlay_ten": []}
        for _ in range(runs):
            times["whole"].append(_timed(lambda: introspect(dsn, **scope)))
            times["one"].append(_timed(lambda: introspect(dsn, only=one, **scope)))
            times["ten"].append(_timed(lambda: introspect(dsn, only=ten, **scope)))
            times["overlay_ten"].append(_timed(lambda: overlay(whole, part10, ten)))
    med = {k: statistics.median(v) for k, v in times.items()}
    return {
        "server": label,
        "tables": n,
        "runs": runs,
        **{f"{k}_s": round(v, 4) for k, v in med.items()},
        "one_ratio": round(med["one"] / med["whole"], 4),
        "ten_ratio": round(med["ten"] / med["whole"], 4),
        "rows_whole": sum(rows["whole"].values()),
        "rows_one": sum(rows["one"].values()),
        "load": os.getloadavg(),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("tables", nargs="?", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--dsn", default=PG15_DSN)
    ap.add_argument("--no-embedded", action="store_true")
    args = ap.parse_args()
    results = [measure("dsn", args.dsn, args.tables, args.runs)]
    if not args.no_embedded:
        with embedded_server() as (admin, _dump):
            results.append(measure("embedded 18", admin, args.tables, args.runs))
    for r in results:
        print(json.dumps(r))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
