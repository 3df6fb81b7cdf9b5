"""Regenerate auditor/shadow/supabase/platform.sql: the auth and storage schemas of a Supabase
project at the pinned platform version, as their own services' migrations make them.

The platform pin (docs/platform.md) is three commits:

* supabase/postgres: the database image's init scripts (auth and storage before their services);
* supabase/auth: GoTrue's migrations (migrations/*.up.sql, ``{{ index .Options "Namespace" }}`` = auth);
* supabase/storage: the storage API's tenant migrations (migrations/tenant/*.sql, in number order).

They are applied, as a superuser, to a scratch database of a PostgreSQL server (``--dsn``, an admin
connection; the database is dropped afterwards) on top of our roles (supabase/roles.sql), and the
result is dumped with pg_dump (``--schema-only -n auth -n storage``, owners left out: the shadow
hands the platform's objects to its replay role). The dump is written, cleaned of session
settings, to auditor/shadow/supabase/platform.sql, which the supabase profile applies after
bootstrap.sql.

    python tools/supabase_platform.py --dsn postgresql://postgres@127.0.0.1:5432/postgres
    python tools/supabase_platform.py --mirrors DIR ...   # bare clones DIR/<owner>+<repo>/repo

To move the pin: change PINS, run the script, run tests/shadow and tests/corpus, commit the new
platform.sql with the pins in its first lines.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import psycopg
from psycopg import conninfo, sql

ROOT = Path(__file__).resolve().parent.parent
SUPABASE = ROOT / "auditor" / "shadow" / "supabase"
OUT = SUPABASE / "platform.sql"

PINS = {
    "supabase/postgres": "7db7e1a9e34b9ffb9b0e3372ccf08eb4fa772f4b",
    "supabase/auth": "bc32168e13fdc928c98b449fc76bc3fdb9a293c5",
    "supabase/storage": "4fa61fba9371c4bd40cbb81509f07bcb3af21683",
}
INIT_SCRIPTS = (
    "migrations/db/init-scripts/00000000000001-auth-schema.sql",
    "migrations/db/init-scripts/00000000000002-storage-schema.sql",
)

PRELUDE = """
CREATE SCHEMA IF NOT EXISTS extensions;
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA extensions;
CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA extensions;
"""


def _git(gitdir: Path, *args: str) -> str:
    out = subprocess.run(["git", "--git-dir", str(gitdir), *args], check=True, capture_output=True)
    return out.stdout.decode("utf-8")


def _source(repo: str, mirrors: Path | None, tmp: Path) -> Path:
    if mirrors is not None:
        return mirrors / repo.replace("/", "+") / "repo"
    target = tmp / repo.replace("/", "+")
    subprocess.run(
        [
            "git",
            "clone",
            "--quiet",
            "--bare",
            "--filter=blob:none",
            f"https://github.com/{repo}.git",
            str(target),
        ],
        check=True,
    )
    return target


def _number(name: str) -> tuple[int, str]:
    m = re.match(r"(\d+)", Path(name).name)
    return (int(m.group(1)) if m else 0, name)


def scripts(mirrors: Path | None, tmp: Path) -> list[tuple[str, str]]:
    """(label, SQL) in the order the platform applies them."""
    out: list[tuple[str, str]] = []
    pg = _source("supabase/postgres", mirrors, tmp)
    for path in INIT_SCRIPTS:
        text = _git(pg, "show", f"{PINS['supabase/postgres']}:{path}")
        # Roles are the server's (roles.sql makes them, once, on a shared server): not made or
        # altered here.
        text = re.sub(r"(?im)^(CREATE|ALTER) USER .*$", "", text)
        out.append((f"supabase/postgres:{path}", text))
    auth = _source("supabase/auth", mirrors, tmp)
    commit = PINS["supabase/auth"]
    names = sorted(
        n
        for n in _git(auth, "ls-tree", "--name-only", f"{commit}:migrations").split()
        if n.endswith(".up.sql")
    )
    for name in names:
        text = _git(auth, "show", f"{commit}:migrations/{name}")
        text = re.sub(r"\{\{\s*index \.Options \"Namespace\"\s*\}\}", "auth", text)
        out.append((f"supabase/auth:migrations/{name}", text))
    storage = _source("supabase/storage", mirrors, tmp)
    commit = PINS["supabase/storage"]
    names = sorted(
        (
            n
            for n in _git(storage, "ls-tree", "--name-only", f"{commit}:migrations/tenant").split()
            if n.endswith(".sql")
        ),
        key=_number,
    )
    for name in names:
        out.append(
            (
                f"supabase/storage:migrations/tenant/{name}",
                _git(storage, "show", f"{commit}:migrations/tenant/{name}"),
            )
        )
    return out


def clean(dump: str) -> str:
    """The dump as a script the profile can run in its session: no session settings, schemas made
    only when missing (bootstrap.sql made them)."""
    # Function bodies reach functions defined further down: checked when called, as pg_dump's
    # own script has it (reset at the end).
    lines = ["SET check_function_bodies = false;"]
    for line in dump.splitlines():
        if line.startswith(("SET ", "SELECT pg_catalog.set_config(", "\\restrict", "\\unrestrict")):
            continue
        line = re.sub(r"^CREATE SCHEMA (\S+);", r"CREATE SCHEMA IF NOT EXISTS \1;", line)
        lines.append(line)
    lines.append("RESET check_function_bodies;")
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--dsn", default="postgresql://postgres@127.0.0.1:5432/postgres", help="a superuser's DSN"
    )
    ap.add_argument("--mirrors", type=Path, help="folder of bare clones named <owner>+<repo>/repo")
    ap.add_argument("--pg-dump", default="pg_dump")
    args = ap.parse_args(argv)
    name = "sa_platform_" + uuid.uuid4().hex[:8]
    params = conninfo.conninfo_to_dict(args.dsn)
    with psycopg.connect(args.dsn, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        params["dbname"] = name
        dsn = conninfo.make_conninfo(**{k: str(v) for k, v in params.items()})
        with tempfile.TemporaryDirectory() as tmp, psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute((SUPABASE / "roles.sql").read_text(encoding="utf-8"))  # type: ignore[arg-type]
            conn.execute(PRELUDE)  # type: ignore[arg-type]
            conn.execute("SET storage.install_roles = 'false'")  # our roles.sql made them
            for label, text in scripts(args.mirrors, Path(tmp)):
                # Each service runs as its admin role, whose search_path is its own schema.
                schema = "storage" if label.startswith("supabase/storage") else "auth"
                conn.execute(
                    sql.SQL("SET search_path = {}, public, extensions").format(sql.Identifier(schema))
                )
                try:
                    conn.execute(text)  # type: ignore[arg-type]
                except psycopg.Error as e:
                    print(f"{label}: {e}", file=sys.stderr)
                    return 1
        dump = subprocess.run(
            [args.pg_dump, "--schema-only", "--no-owner", "-n", "auth", "-n", "storage", dsn],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
    finally:
        with psycopg.connect(args.dsn, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    header = (
        "-- Generated by tools/supabase_platform.py: do not edit (docs/platform.md says how to update).\n"
        + "".join(f"-- {repo}@{commit}\n" for repo, commit in PINS.items())
        + "-- The auth and storage schemas of a Supabase project: tables, functions, triggers, grants.\n\n"
    )
    OUT.write_text(header + clean(dump), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
