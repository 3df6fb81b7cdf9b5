"""``schema-auditor rules [CODE]``: list the rules, or print one rule's documentation."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from auditor.errors import UsageError
from auditor.exitcodes import ExitCode


def register(sub: Any) -> None:
    p = sub.add_parser(
        "rules",
        help="list the compliance and lint rules, or show one rule's documentation",
        description="List every rule with its code, level and summary; with a CODE (or name), print "
        "that rule's documentation: what it checks, why it matters, an example and how to fix it.",
    )
    p.add_argument("code", nargs="?", metavar="CODE", help="a rule code (SEC001) or name (rls-enabled)")
    p.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="output format (default: text; markdown writes docs/rules.md)",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from auditor.rules.base import REGISTRY
    from auditor.rules.docs import render_markdown, render_rule_text

    if args.code:
        cls = REGISTRY.get(args.code)
        if cls is None:
            raise UsageError(f"no rule {args.code!r}", hint="`schema-auditor rules` lists them")
        if args.format == "json":
            json.dump(_entry(cls, full=True), sys.stdout, indent=2)
            sys.stdout.write("\n")
        else:
            sys.stdout.write(render_rule_text(cls))
        return int(ExitCode.OK)
    rules = REGISTRY.all()
    if args.format == "json":
        json.dump([_entry(r) for r in rules], sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif args.format == "markdown":
        sys.stdout.write(render_markdown())
    else:
        width = max(len(r.name) for r in rules)
        for r in rules:
            opt = "" if r.enabled_by_default else " (opt-in)"
            summary = r.summary().replace("``", "")  # RST code marks read as noise in a terminal
            sys.stdout.write(f"{r.code:<8} {r.level.value:<7} {r.name:<{width}}  {summary}{opt}\n")
    return int(ExitCode.OK)


def _entry(cls: Any, *, full: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": cls.code,
        "name": cls.name,
        "family": cls.family,
        "level": cls.level.value,
        "target": cls.target,
        "enabled_by_default": cls.enabled_by_default,
        "summary": cls.summary(),
        "options": dict(cls.options),
    }
    if full:
        out["documentation"] = cls.doc_sections()
    return out
