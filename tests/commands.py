"""Run ``schema-auditor`` the way a user does: a separate process, from a working directory.

The caller's DATABASE_URL and GITHUB_ACTIONS are left out, so that a developer's shell or a CI runner
cannot change what a test audits or prints."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def schema_auditor(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None, timeout: int = 300
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "GITHUB_ACTIONS")}
    clean.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "auditor", *args],
        cwd=cwd,
        env=clean,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
