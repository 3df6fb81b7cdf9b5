"""Vendor the migration folders of the Supabase corpus (tests/corpus/supabase/<owner>__<repo>/).

Each project is pinned to a commit. The script copies the project's migrations folder (every
file in it, as the repository has it at that commit), its licence file, and writes MANIFEST.toml
(repo, commit, licence, the folder it came from, and the expected failures kept in PROJECTS).

    python tests/corpus/supabase/fetch.py                    # clone each repository from GitHub
    python tests/corpus/supabase/fetch.py --mirrors DIR      # use bare clones DIR/<owner>+<repo>/repo

Only repositories under a permissive licence (MIT, Apache-2.0, BSD) are listed. To add a
project: append it to PROJECTS with its commit, run the script, run tests/corpus/test_supabase_corpus.py.
To move a pin: change the commit and run the script again (the folder is replaced).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Project:
    repo: str  # owner/name on GitHub
    commit: str
    migrations: str  # the folder the Supabase CLI applies, inside the repository
    licence_file: str
    licence: str  # SPDX identifier
    # file name -> why it cannot replay for reasons of its own (kept visible, never hidden)
    expected_failures: dict[str, str] = field(default_factory=dict)


PROJECTS: tuple[Project, ...] = (
    Project(
        "KolbySisk/next-supabase-stripe-starter",
        "ba6f9c34b26d33a65ea9c7228e71dcbd76f16f49",
        "supabase/migrations",
        "LICENSE",
        "MIT",
    ),
    Project(
        "Razikus/supabase-nextjs-template",
        "9e29445ce8002186f75c5a9c3e6362ca5b56873e",
        "supabase/migrations",
        "LICENSE",
        "Apache-2.0",
    ),
    Project(
        "YuDefine/nuxt-supabase-starter",
        "18b8c733e7a63c1ef1380aee2ca7b20412743b35",
        "template/supabase/migrations",
        "LICENSE",
        "MIT",
    ),
    Project(
        "imbhargav5/nextbase-nextjs-supabase-starter",
        "2371c30a97c4f21ded972db6ef5e6ce036e0ec4d",
        "apps/database/supabase/migrations",
        "LICENSE",
        "MIT",
    ),
    Project(
        "point-source/supabase-tenant-rbac",
        "2400ad76a74ee6aeaa7f3c89375dac0a253ddb42",
        "supabase/migrations",
        "LICENSE.md",
        "BSD-2-Clause",
    ),
    Project(
        "psteinroe/supabase-cache-helpers",
        "78fe803ede5d3ea5ae80a3f76c292d7eeb61eb09",
        "supabase/migrations",
        "LICENSE",
        "MIT",
    ),
    Project(
        "supabase-community/database-build",
        "03bdaf934aa1c28a81250e0e59f621585c41129a",
        "supabase/migrations",
        "LICENSE",
        "Apache-2.0",
    ),
    Project(
        "supabase-community/nextjs-openai-doc-search",
        "ece6e2a2227d4ace31491203cf09ea2f7c7d3f80",
        "supabase/migrations",
        "LICENSE",
        "Apache-2.0",
    ),
    Project(
        "supabase-community/vercel-ai-chatbot",
        "5a8fcfec092749263d9c3bf34cf7dda11c8ad22b",
        "supabase/migrations",
        "LICENSE",
        "Apache-2.0",
    ),
    Project(
        "supabase-community/partner-gallery-example",
        "bb5b36d2f39248d50669c15a3fe5049ab6989709",
        "supabase/migrations",
        "LICENSE",
        "MIT",
    ),
    Project(
        "gridaco/grida",
        "8ef5e53f4847c5f68018e6f3fa6d6d6af7629440",
        "supabase/migrations",
        "LICENSE",
        "Apache-2.0",
    ),
)


def folder(p: Project) -> Path:
    return HERE / p.repo.replace("/", "__")


def _git(*args: str, cwd: Path | None = None) -> bytes:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True).stdout


def _source(p: Project, mirrors: Path | None, tmp: Path) -> Path:
    """A git directory holding ``p.commit``."""
    if mirrors is not None:
        return mirrors / p.repo.replace("/", "+") / "repo"
    target = tmp / p.repo.replace("/", "+")
    _git("clone", "--quiet", "--bare", "--filter=blob:none", f"https://github.com/{p.repo}.git", str(target))
    return target


def _toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def manifest(p: Project) -> str:
    lines = [
        "# Written by fetch.py: where this folder comes from.",
        f"repo = {_toml_str(p.repo)}",
        f"commit = {_toml_str(p.commit)}",
        f"licence = {_toml_str(p.licence)}",
        f"licence_file = {_toml_str(p.licence_file)}",
        f"migrations = {_toml_str(p.migrations)}",
        "",
        "[expected_failures]  # file = why it cannot replay, for reasons of the project's own",
    ]
    lines += [f"{_toml_str(k)} = {_toml_str(v)}" for k, v in sorted(p.expected_failures.items())]
    return "\n".join(lines) + "\n"


def vendor(p: Project, gitdir: Path) -> int:
    out = folder(p)
    if out.exists():
        shutil.rmtree(out)
    (out / "migrations").mkdir(parents=True)
    listing = _git("--git-dir", str(gitdir), "ls-tree", "--name-only", f"{p.commit}:{p.migrations}").decode()
    count = 0
    for name in listing.splitlines():
        blob = _git("--git-dir", str(gitdir), "show", f"{p.commit}:{p.migrations}/{name}")
        (out / "migrations" / name).write_bytes(blob)
        count += 1
    (out / "LICENSE").write_bytes(_git("--git-dir", str(gitdir), "show", f"{p.commit}:{p.licence_file}"))
    (out / "MANIFEST.toml").write_text(manifest(p), encoding="utf-8")
    return count


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mirrors", type=Path, help="folder of bare clones named <owner>+<repo>/repo")
    ap.add_argument("only", nargs="*", help="owner/repo to refresh (default: all)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        for p in PROJECTS:
            if args.only and p.repo not in args.only:
                continue
            n = vendor(p, _source(p, args.mirrors, Path(tmp)))
            print(f"{p.repo}@{p.commit[:12]}: {n} files", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
