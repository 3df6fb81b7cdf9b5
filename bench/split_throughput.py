"""Statement splitting time and memory on one large migration file: 1, 4 and 50 MB.

    python bench/split_throughput.py [--sizes 1,4,50] [--timeout 400]

Splitting must be linear in the file's size: a pull request may hold one 50 MB migration. Measured,
each in a child process of its own (so one slow case cannot hold up the others and its peak memory
is its own), on three kinds of file made from ``parse_throughput.TEMPLATES``:

* ``utf8``: statements PostgreSQL's grammar accepts, with some non-ASCII text (comments, names);
* ``broken``: the same with one statement in a thousand misspelt, so the whole-file parse fails
  and the file is split on top-level semicolons and parsed piece by piece;
* ``one-insert``: a single ``INSERT ... VALUES`` of the whole size, with non-ASCII strings.

and three entry points: ``split_statements`` (the shadow's replay), the same plus every statement's
pglast node (``split+nodes``: what replay builds while it sends the statements), and ``parse_text``
(lint, offline catalog, provenance). Figures: wall seconds, CPU seconds (the figure to compare on a
shared machine) and peak RSS of the child. Not a timed test.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

KINDS = ("utf8", "broken", "one-insert")
ENTRIES = ("split_statements", "split+nodes", "parse_text")


def make(kind: str, megabytes: float) -> str:
    """A migration text of about ``megabytes`` of the given kind."""
    from parse_throughput import TEMPLATES

    target = int(megabytes * 1024 * 1024)
    parts: list[str] = []
    size = n = 0
    if kind == "one-insert":
        parts.append("insert into public.t (id, name) values\n")
        while size < target:
            n += 1
            row = f"  ({n}, 'row {n} — café ✓'),\n"
            parts.append(row)
            size += len(row)
        parts.append(f"  ({n + 1}, 'last');\n")
        return "".join(parts)
    while size < target:
        n += 1
        text = TEMPLATES[n % len(TEMPLATES)].format(n=n)
        if kind == "broken" and n % 1000 == 0:
            text += "create tabel oops (x int);\n"
        parts.append(text)
        size += len(text)
    return "".join(parts)


def child(kind: str, megabytes: float, entry: str) -> None:
    text = make(kind, megabytes)
    if entry in ("split_statements", "split+nodes"):
        from auditor.shadow.statements import replay_node, split_statements

        t0, c0 = time.perf_counter(), time.process_time()
        statements, whole = split_statements(text)
        count = len(statements)
        if entry == "split+nodes":
            count = sum(1 for st in statements if replay_node(st, whole) is not None)
    else:
        from auditor.migrations.parse import parse_text

        t0, c0 = time.perf_counter(), time.process_time()
        count = len(parse_text(text, "big.sql").statements)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "cpu": cpu, "statements": count, "peak_mb": peak}))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1,4,50", help="megabytes, comma-separated")
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--entries", default=",".join(ENTRIES))
    ap.add_argument("--timeout", type=float, default=400.0, help="seconds per case")
    ap.add_argument("--child", nargs=3, metavar=("KIND", "MB", "ENTRY"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child[0], float(args.child[1]), args.child[2])
        return 0
    print(
        f"{'kind':<11} {'entry':<17} {'MB':>5} {'statements':>10} {'seconds':>8} {'CPU s':>8} {'peak MB':>8}"
    )
    for kind in args.kinds.split(","):
        for entry in args.entries.split(","):
            for mb in (float(s) for s in args.sizes.split(",")):
                cmd = [sys.executable, __file__, "--child", kind, str(mb), entry]
                try:
                    out = subprocess.run(
                        cmd, capture_output=True, text=True, timeout=args.timeout, check=True
                    )
                except subprocess.TimeoutExpired:
                    print(f"{kind:<11} {entry:<17} {mb:>5g} {'':>10} {'>' + str(int(args.timeout)):>8}")
                    continue
                except subprocess.CalledProcessError as e:
                    print(f"{kind:<11} {entry:<17} {mb:>5g} failed: {e.stderr.strip().splitlines()[-1:]}")
                    continue
                r = json.loads(out.stdout)
                print(
                    f"{kind:<11} {entry:<17} {mb:>5g} {r['statements']:>10} {r['seconds']:>8.2f} "
                    f"{r['cpu']:>8.2f} {r['peak_mb']:>8.0f}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
