"""Parse throughput: statements per second over a generated 5 MB migrations folder.

    python bench/parse_throughput.py [--megabytes 5] [--keep DIR]

Measures, on the same folder:

* ``parse_folder``: schema-auditor's parser (PostgreSQL's parser through pglast's JSON output:
  every statement's span, kind, line and column; meta-command and suppression scans), then the
  same plus building each statement's pglast node object (what lint and offline mode use);
* pglast alone: ``pglast.parser.parse_sql`` on each file's text (node objects for everything);
* sqlglot (postgres dialect, compiled by sqlglotc when installed) on each statement's text,
  counting the statements it only wraps as opaque commands.

Not a timed test: run it by hand and compare the figures in docs/lint.md.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TEMPLATES = (
    "create table public.t{n} (\n    id uuid primary key default gen_random_uuid(),\n"
    "    owner_id uuid not null,\n    name text not null check (name <> ''),\n"
    "    status text default 'pending',\n    created_at timestamptz default now()\n);\n",
    "alter table public.t{n} add column if not exists note_{n} text;\n",
    "create index if not exists idx_t{n}_owner on public.t{n} (owner_id) where status <> 'done';\n",
    "alter table public.t{n} enable row level security;\n",
    "create policy t{n}_owner_select on public.t{n}\n    for select to authenticated\n"
    "    using (owner_id = (select auth.uid()));\n",
    "comment on table public.t{n} is 'table number {n} — generated ✓';\n",
    "grant select, insert on public.t{n} to authenticated;\n",
    "create or replace function public.f{n}(a integer) returns integer\n    language plpgsql stable as $$\n"
    "begin\n    -- a comment; with a semicolon\n    return a + {n};\nend $$;\n",
    "do $$\nbegin\n    if not exists (select 1 from pg_constraint where conname = 'c{n}') then\n"
    "        alter table public.t{n} add constraint c{n} check (status in ('a', 'b')) not valid;\n"
    "    end if;\nend $$;\n",
    "insert into public.t{n} (owner_id, name) values ('00000000-0000-0000-0000-000000000000', 'x{n}');\n",
)


def generate(folder: Path, megabytes: float) -> int:
    """Write migration files totalling ``megabytes``; return the number of statements."""
    rng = random.Random(42)
    target = int(megabytes * 1024 * 1024)
    written = statements = n = 0
    file_no = 0
    while written < target:
        file_no += 1
        parts = ["-- generated migration\nset lock_timeout = '5s';\n"]
        statements += 1
        for _ in range(200):
            n += 1
            parts.append(TEMPLATES[0].format(n=n))
            for t in rng.sample(TEMPLATES[1:], 5):
                parts.append(t.format(n=n))
            statements += 6
        text = "".join(parts)
        (folder / f"{20240000000000 + file_no}_generated_{file_no}.sql").write_text(text, encoding="utf-8")
        written += len(text.encode())
    return statements


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--megabytes", type=float, default=5.0)
    ap.add_argument("--keep", metavar="DIR", help="write the folder here and keep it")
    args = ap.parse_args()

    import sqlglot
    import sqlglot.parser
    from pglast import parser as pg_parser

    from auditor.migrations.parse import parse_folder, sqlglot_expression

    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="sa-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        expected = generate(folder, args.megabytes)
        size = sum(p.stat().st_size for p in folder.glob("*.sql")) / 1024 / 1024
        print(f"folder: {size:.1f} MB, {len(list(folder.glob('*.sql')))} files, {expected} statements")

        t0 = time.perf_counter()
        files = parse_folder(folder)
        t_ours = time.perf_counter() - t0
        count = sum(len(f.statements) for f in files)
        assert count == expected, (count, expected)
        print(f"schema-auditor parse_folder: {count / t_ours:12,.0f} statements/s ({t_ours:.2f} s)")

        t0 = time.perf_counter()
        built = sum(1 for f in files for s in f.statements if s.ast is not None)
        t_ast = time.perf_counter() - t0
        assert built == count
        print(
            f"  + every statement's pglast node: {count / (t_ours + t_ast):8,.0f} statements/s "
            f"({t_ours + t_ast:.2f} s)"
        )

        texts = [f.text for f in files]
        t0 = time.perf_counter()
        raw = sum(len(pg_parser.parse_sql(t)) for t in texts)
        t_pg = time.perf_counter() - t0
        print(f"pglast parse_sql:            {raw / t_pg:12,.0f} statements/s ({t_pg:.2f} s)")

        compiled = str(sqlglot.parser.__file__).endswith((".so", ".pyd"))
        stmts = [s.text for f in files for s in f.statements]
        t0 = time.perf_counter()
        opaque = sum(1 for s in stmts if sqlglot_expression(s) is None)
        t_sg = time.perf_counter() - t0
        print(
            f"sqlglot {sqlglot.__version__} ({'sqlglotc compiled' if compiled else 'pure Python'}): "
            f"{len(stmts) / t_sg:8,.0f} statements/s ({t_sg:.2f} s); "
            f"{opaque} of {len(stmts)} statements not read (opaque Command or error)"
        )
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
