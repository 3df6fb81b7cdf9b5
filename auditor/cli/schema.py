"""``schema-auditor schema spec|report``: print a shipped JSON Schema (for editors and tools)."""

from __future__ import annotations

import argparse
import sys
from importlib import resources
from typing import Any

from auditor.exitcodes import ExitCode

SCHEMAS = {
    "spec": ("auditor.spec", "spec.schema.json"),
    "report": ("auditor.report", "report.schema.json"),
}


def register(sub: Any) -> None:
    p = sub.add_parser(
        "schema",
        help="print the JSON Schema of the spec or of the JSON report",
        description="Print a JSON Schema shipped in the package. For editor completion of the spec, "
        "save it and add `# yaml-language-server: $schema=spec.schema.json` at the top of "
        "expected_schema.yaml.",
    )
    p.add_argument("which", choices=sorted(SCHEMAS), help="spec or report")
    p.set_defaults(run=run)


def schema_text(which: str) -> str:
    package, name = SCHEMAS[which]
    return resources.files(package).joinpath(name).read_text(encoding="utf-8")


def run(args: argparse.Namespace) -> int:
    sys.stdout.write(schema_text(args.which))
    return int(ExitCode.OK)
