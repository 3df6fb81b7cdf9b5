"""The benchmark, in one command: ``python bench/run.py`` (see the README).

For each server (the embedded PostgreSQL 18 and the PostgreSQL 15 service) and each size N of the
synthetic Supabase-like schema (bench/schema_gen.py), it measures side by side, as whole processes,
interleaved, medians over --runs:

* ``snapshot``: our introspection alone (``schema-auditor snapshot``);
* ``audit``: our full audit against a spec of the same schema (introspection, comparison, compliance
  rules, JSON + HTML written);
* ``pg_dump --schema-only`` of the same database (the server's own pg_dump);
* ``schemainspect``: migra's full inspection, in its own virtual environment (.bench-venv), also
  timed in-process;
* ``reference``: a set-based 8-query read with the server's deparsing and no model (the floor);

plus each audit stage on its own (in-process), the peak memory of every process, and the number of
SQL round trips our introspection makes. Then a 350-file shadow replay and the HTML report of
10,000 findings opened and filtered in headless Chromium. It prints a table with ratios and saves
everything as JSON in bench/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg import conninfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.introspect_vs_pg_dump import PG15_DSN, PG15_DUMP, embedded_server, scratch_database  # noqa: E402
from bench.schema_gen import create_schema  # noqa: E402

BENCH_VENV = ROOT / ".bench-venv"
SCHEMAINSPECT_PACKAGES = ["schemainspect", "sqlbag", "psycopg2-binary", "sqlalchemy<2"]
SCHEMAINSPECT_SCRIPT = """
import sys, time
from sqlbag import S
from schemainspect import get_inspector
t = time.perf_counter()
with S(sys.argv[1]) as s:
    i = get_inspector(s)
print(f"{time.perf_counter() - t:.6f} {len(i.relations)}")
"""


# --- measuring a process ---------------------------------------------------------------------------


def run_process(argv: Sequence[str], *, env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MiB, stdout) of one process; raises if it fails."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t = time.perf_counter()
        p = subprocess.Popen(list(argv), stdout=out, stderr=err, env=env, cwd=ROOT)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read()
        if p.returncode not in (0, 1):  # an audit with findings exits 1: still a complete run
            raise RuntimeError(f"{argv[0]} {argv[1:3]} exited {p.returncode}: {err.read()[-2000:]}")
    return wall, usage.ru_maxrss / 1024, stdout


def median_of(samples: list[tuple[float, float, str]]) -> dict[str, float]:
    return {
        "seconds": statistics.median(s[0] for s in samples),
        "peak_mib": max(s[1] for s in samples),
    }


# --- schemainspect -------------------------------------------------------------------------------------


def schemainspect_python() -> Path | None:
    """The .bench-venv interpreter with schemainspect installed (created on first use)."""
    py = BENCH_VENV / "bin" / "python"
    if not py.exists():
        print("bench: installing schemainspect into .bench-venv (once)", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(BENCH_VENV)], check=True)
        r = subprocess.run([str(py), "-m", "pip", "install", "-q", *SCHEMAINSPECT_PACKAGES], check=False)
        if r.returncode != 0:
            print("bench: schemainspect could not be installed; its column stays empty", file=sys.stderr)
            return None
    return py


def sqlalchemy_url(dsn: str) -> str:
    """A libpq DSN as the postgresql+psycopg2:// URL SQLAlchemy wants."""
    p = conninfo.conninfo_to_dict(dsn)
    user = p.get("user", "postgres")
    host = str(p.get("host", ""))
    db = p.get("dbname", "postgres")
    if host.startswith("/"):
        return f"postgresql+psycopg2://{user}@/{db}?host={host}"
    return f"postgresql+psycopg2://{user}@{host}:{p.get('port', 5432)}/{db}"


# --- one database ------------------------------------------------------------------------------------


def count_round_trips(dsn: str) -> int:
    """Catalog queries our introspection sends, whichever connection sends them, counted by its own
    hook (the few statements that open the snapshot, one per connection, come on top)."""
    from auditor.introspect import introspect

    queries: list[str] = []
    introspect(dsn, on_query=queries.append)
    return len(queries)


def stage_times(dsn: str, spec: Path, out: Path) -> dict[str, float]:
    """Each audit stage on its own, in-process. The audit reads live while it loads the spec, so
    introspection and spec loading are also timed alone, before the audit."""
    from auditor.audit import AuditOptions, run_audit
    from auditor.introspect import introspect
    from auditor.report import write_reports
    from auditor.spec import load_spec

    times: dict[str, float] = {}
    t = time.perf_counter()
    introspect(dsn)
    times["introspect alone"] = time.perf_counter() - t
    t = time.perf_counter()
    load_spec(spec)
    times["spec load alone"] = time.perf_counter() - t
    t = time.perf_counter()
    report, run = run_audit(AuditOptions(spec=str(spec), migrations=None, dsn=dsn))
    times["audit stages"] = time.perf_counter() - t
    times.update((k, v) for k, v in run.timings.items() if v > 0.0005)
    t = time.perf_counter()
    write_reports(report, out, ["json", "html"])
    times["reports"] = time.perf_counter() - t
    times["findings"] = float(len(report.findings))
    return times


def measure(
    label: str, admin_dsn: str, pg_dump: str, n: int, runs: int, si_python: Path | None
) -> dict[str, Any]:
    with scratch_database(admin_dsn) as dsn, tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        create_schema(dsn, n, "public")
        build_s = time.perf_counter() - t
        with psycopg.connect(dsn, autocommit=True) as c:
            c.execute("ANALYZE")
            version = c.info.server_version
        spec = Path(tmp) / "spec.yaml"
        py = sys.executable
        run_process([py, "-m", "auditor", "snapshot", "--dsn", dsn, "-o", str(spec)])
        commands: dict[str, list[str]] = {
            "snapshot": [py, "-m", "auditor", "snapshot", "--dsn", dsn, "-o", str(Path(tmp) / "again.yaml")],
            # the same on one connection, as the reference reads (the default uses two from 500 tables)
            "snapshot -j1": [
                py,
                "-m",
                "auditor",
                "snapshot",
                "--jobs",
                "1",
                "--dsn",
                dsn,
                "-o",
                str(Path(tmp) / "j1.yaml"),
            ],
            "audit": [
                py,
                "-m",
                "auditor",
                "audit",
                "--dsn",
                dsn,
                "--spec",
                str(spec),
                "--no-migrations",
                "--out",
                str(Path(tmp) / "reports"),
                "--quiet",
            ],
            "pg_dump": [pg_dump, "--schema-only", "-f", os.devnull, "--dbname", dsn],
            "reference": [py, str(ROOT / "bench" / "reference_queries.py"), dsn],
        }
        if si_python is not None:
            commands["schemainspect"] = [str(si_python), "-c", SCHEMAINSPECT_SCRIPT, sqlalchemy_url(dsn)]
        samples: dict[str, list[tuple[float, float, str]]] = {k: [] for k in commands}
        for argv in commands.values():  # warm-up: caches on both sides
            run_process(argv)
        for _ in range(runs):  # interleaved, so load from elsewhere hits every tool alike
            for name, argv in commands.items():
                samples[name].append(run_process(argv))
        result: dict[str, Any] = {
            "server": f"{label} PostgreSQL {version // 10000}.{version % 10000}",
            "major": version // 10000,
            "tables": n,
            "build_s": build_s,
        }
        for name, s in samples.items():
            result[name] = median_of(s)
        for name in ("reference", "schemainspect"):
            if name in samples:  # their own in-process seconds, printed on stdout
                result[name]["in_process_s"] = statistics.median(
                    float(s[2].split()[0]) for s in samples[name]
                )
        # In a child process: a catalog read here would grow this process, and on Linux a child's
        # peak RSS (wait4's ru_maxrss) starts from its forked parent's high-water mark.
        _, _, inner = run_process([py, str(Path(__file__)), "--inner", dsn, str(spec), str(Path(tmp) / "st")])
        result["round_trips"], result["stages"] = json.loads(inner)
    return result


# --- replay and HTML ---------------------------------------------------------------------------------


def bench_replay(runs: int) -> dict[str, Any]:
    """A generated 350-file migrations folder replayed into the embedded shadow."""
    from auditor.shadow import shadow_catalog
    from tests.shadow.test_long_history import FILES, generate_history

    times = []
    with tempfile.TemporaryDirectory() as tmp:
        generate_history(Path(tmp))
        for _ in range(runs):
            t = time.perf_counter()
            shadow_catalog(tmp, provider="embedded")
            times.append(time.perf_counter() - t)
    return {
        "files": FILES,
        "seconds": statistics.median(times),
        "includes": "server start, replay, introspection",
    }


def bench_html(n_findings: int = 10_000) -> dict[str, Any]:
    """The HTML report of n findings: written, opened and filtered in headless Chromium."""
    from auditor.findings import Category, Finding, Level
    from auditor.model import object_path
    from auditor.report import Report, write_reports

    try:
        from playwright.sync_api import sync_playwright

        from tests.browser import ARGS, CHROMIUM
    except ImportError as e:
        return {"skipped": f"needs playwright and chromium ({e})"}
    if not Path(CHROMIUM).exists():
        return {"skipped": "chromium is not installed"}
    levels = (Level.ERROR, Level.WARNING, Level.INFO)
    findings = [
        Finding(
            code="DRIFT-COLUMN-CHANGED" if i % 2 else "SEC001",
            level=levels[i % 3],
            object=object_path("column", "public", f"orders_{i // 5:05d}", f"col_{i % 5}"),
            message=f"column col_{i % 5} on public.orders_{i // 5:05d} differs: default",
            category=Category.DRIFT if i % 2 else Category.RULE,
            kind="changed",
            expected="'pending'::text",
            actual="'queued'::text",
            fix_sql=f"ALTER TABLE public.orders_{i // 5:05d} ALTER COLUMN col_{i % 5} SET DEFAULT 'pending';",
        )
        for i in range(n_findings)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        (path,) = write_reports(Report.create(sources=(), findings=tuple(findings)), Path(tmp), ["html"])
        write_s = time.perf_counter() - t
        mib = path.stat().st_size / 2**20
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            t = time.perf_counter()
            page.goto(path.as_uri())
            page.wait_for_selector("body[data-ready='1']", state="attached")
            open_s = time.perf_counter() - t
            t = time.perf_counter()
            page.select_option("#f-level", "error")
            page.wait_for_function(
                f"document.getElementById('shown-count').textContent === '{len(findings[::3])}'"
            )
            filter_s = time.perf_counter() - t
            browser.close()
    return {"findings": n_findings, "mib": mib, "write_s": write_s, "open_s": open_s, "filter_s": filter_s}


# --- output ------------------------------------------------------------------------------------------


def print_table(results: list[dict[str, Any]]) -> None:
    cols = ("snapshot", "snapshot -j1", "audit", "pg_dump", "schemainspect", "reference")
    print()
    print(
        f"{'server':<26} {'N':>5} "
        + " ".join(f"{c:>13}" for c in cols)
        + f" {'snap/dump':>9} {'snap/ref':>8} {'j1/ref':>6} {'audit/dump':>10} {'audit/si':>8}"
        + f" {'peak MiB':>8} {'queries':>7}"
    )
    for r in results:

        def s(name: str, r: dict[str, Any] = r) -> float | None:
            return r[name]["seconds"] if name in r else None

        cells = " ".join(f"{s(c):>12.3f}s" if s(c) is not None else f"{'-':>13}" for c in cols)
        ratio = lambda a, b: f"{s(a) / s(b):.2f}" if s(a) and s(b) else "-"  # noqa: E731
        print(
            f"{r['server']:<26} {r['tables']:>5} {cells} {ratio('snapshot', 'pg_dump'):>9} "
            f"{ratio('snapshot', 'reference'):>8} {ratio('snapshot -j1', 'reference'):>6} "
            f"{ratio('audit', 'pg_dump'):>10} "
            f"{ratio('audit', 'schemainspect'):>8} {r['audit']['peak_mib']:>8.0f} {r['round_trips']:>7}"
        )
    print()
    for r in results:
        stages = ", ".join(f"{k} {v:.3f}s" for k, v in r["stages"].items() if k != "findings")
        print(f"{r['server']} N={r['tables']}: stages {stages}; {int(r['stages']['findings'])} findings")
    by_server: dict[str, list[dict[str, Any]]] = {}
    for r in results:
        by_server.setdefault(r["server"], []).append(r)
    for server, rs in by_server.items():
        rs = sorted(rs, key=lambda r: r["tables"])
        if len(rs) >= 2:
            a, b = rs[-2], rs[-1]
            per = lambda r: r["audit"]["seconds"] / r["tables"] * 1000  # noqa: E731
            print(
                f"{server}: audit per table {per(a):.3f} ms at N={a['tables']}, "
                f"{per(b):.3f} ms at N={b['tables']}"
            )


@contextmanager
def servers(args: argparse.Namespace) -> Iterator[list[tuple[str, str, str]]]:
    found: list[tuple[str, str, str]] = []
    if args.no_embedded:
        if not args.no_pg15:
            found.append(("service", args.dsn, args.pg_dump))
        yield found
        return
    with embedded_server() as (admin, dump):
        found.append(("embedded", admin, dump))
        if not args.no_pg15:
            found.append(("service", args.dsn, args.pg_dump))
        yield found


def inner(dsn: str, spec: str, out: str) -> int:
    """Child-process part of a measurement: round trips and per-stage times, printed as JSON."""
    print(json.dumps([count_round_trips(dsn), stage_times(dsn, Path(spec), Path(out))]))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--inner"]:
        return inner(*argv[1:4])
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", nargs="+", type=int, default=[100, 1000, 5000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--dsn", default=os.environ.get("SCHEMA_AUDITOR_BENCH_DSN", PG15_DSN))
    ap.add_argument("--pg-dump", default=PG15_DUMP, help="pg_dump matching --dsn's server")
    ap.add_argument("--no-embedded", action="store_true")
    ap.add_argument("--no-pg15", action="store_true")
    ap.add_argument("--no-schemainspect", action="store_true")
    ap.add_argument("--no-extras", action="store_true", help="skip the replay and HTML benchmarks")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results"))
    args = ap.parse_args(argv)

    si = None if args.no_schemainspect else schemainspect_python()
    results: list[dict[str, Any]] = []
    with servers(args) as found:
        for label, admin, dump in found:
            for n in args.sizes:
                print(f"bench: {label} N={n}", file=sys.stderr)
                results.append(measure(label, admin, dump, n, args.runs, si))
    extras: dict[str, Any] = {}
    if not args.no_extras:
        extras["replay_350_files"] = bench_replay(args.runs)
        extras["html_10000_findings"] = bench_html()
    print_table(results)
    for name, value in extras.items():
        print(f"{name}: {value}")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    doc = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "runs": args.runs,
        "results": results,
        "extras": extras,
    }
    path = out / f"bench-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(doc, indent=2))
    print(f"saved {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
