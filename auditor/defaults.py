"""Defaults the command line shows in its help before any work: written here, in a module that
imports nothing, so that ``schema-auditor audit --help`` does not load psycopg, PyYAML or the model.
``auditor.connect``, ``auditor.config`` and ``auditor.gate`` re-export them under their old names."""

from __future__ import annotations

DEFAULT_STATEMENT_TIMEOUT_MS = 30_000
DEFAULT_LOCK_TIMEOUT_MS = 2_000
DEFAULT_FAIL_ON = "drift,error"  # every drift that is not cosmetic, and every error (auditor.gate)
FORMATS = ("json", "html", "sarif", "junit", "md")  # report formats (auditor.config)
BASELINE_FILE = "schema-auditor-baseline.json"  # auditor.baseline.DEFAULT_FILE
