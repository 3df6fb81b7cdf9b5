"""Start-up time of the command line against a bare interpreter (issue 19: under 4x for --help and
--version).

    python bench/startup.py [--runs 21]

Each command is run as a whole process (the console script's own interpreter), in turn with
``python -c pass`` so that a machine whose speed drifts moves both; the figure is the median of the
per-pair ratios, wall and CPU (user + system of the child, which a busy machine moves less). Results
are printed and saved in bench/results/startup-<date>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

CASES = {
    "--version": ["--version"],
    "--help": ["--help"],
    "audit --help": ["audit", "--help"],
    "lint-migrations --help": ["lint-migrations", "--help"],
}


def _run(cmd: list[str]) -> tuple[float, float]:
    """(wall s, cpu s) of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure(cmd: list[str], bare: list[str], runs: int) -> dict[str, float]:
    _run(cmd)  # warm the page cache and .pyc files
    _run(bare)
    walls, cpus, rwall, rcpu, bwall, bcpu = [], [], [], [], [], []
    for _ in range(runs):
        w, c = _run(cmd)
        bw, bc = _run(bare)
        walls.append(w)
        cpus.append(c)
        bwall.append(bw)
        bcpu.append(bc)
        rwall.append(w / bw)
        rcpu.append(c / bc if bc else float("nan"))
    return {
        "wall_s": statistics.median(walls),
        "cpu_s": statistics.median(cpus),
        "bare_wall_s": statistics.median(bwall),
        "bare_cpu_s": statistics.median(bcpu),
        "ratio_wall": statistics.median(rwall),
        "ratio_cpu": statistics.median(rcpu),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=21)
    args = ap.parse_args()
    exe = shutil.which(
        "schema-auditor", path=str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"]
    )
    if exe is None:
        sys.exit("schema-auditor is not installed in this environment (pip install -e .)")
    bare = [sys.executable, "-c", "pass"]
    results = {}
    print(f"{'command':<38}{'wall s':>9}{'cpu s':>9}{'bare wall':>11}{'x wall':>8}{'x cpu':>8}")
    for name, argv in CASES.items():
        r = measure([exe, *argv], bare, args.runs)
        results[name] = r
        print(
            f"{'schema-auditor ' + name:<38}{r['wall_s']:>9.3f}{r['cpu_s']:>9.3f}{r['bare_wall_s']:>11.3f}"
            f"{r['ratio_wall']:>8.2f}{r['ratio_cpu']:>8.2f}"
        )
    out = Path(__file__).parent / "results" / f"startup-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"runs": args.runs, "load": os.getloadavg(), "results": results}, indent=2))
    print(f"medians of {args.runs} paired runs (load average {os.getloadavg()[0]:.1f}); saved {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
