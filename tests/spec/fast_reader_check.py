"""The fast spec reader (``auditor.spec.fastyaml``) against the general one (``auditor.spec.yamldoc``).

Two levels: the parsed document (same data, same position and same text for every path the
general reader records) and the loaded spec (same catalog, locations, declared sets, ignore entries
and rules, compared with :func:`tests.spec.deep.deep`). The tests use both; for a file at hand::

    python -m tests.spec.fast_reader_check /tmp/b/spec.yaml expected_schema.yaml
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from auditor.spec import fastyaml, loader, yamldoc
from tests.spec.deep import deep


def document_differences(text: str, filename: str = "f.yaml") -> list[str]:
    """What the fast reader reads differently from the general one (empty: nothing). Raises
    NotFast when the fast reader does not take the text."""
    fast = fastyaml.parse(text, filename)
    general = yamldoc.parse(text, filename)
    out: list[str] = []
    if deep(fast.data) != deep(general.data):
        out.append(f"data: {_first_difference(fast.data, general.data)}")
    for path, (knode, _) in general.nodes.items():
        if not path:
            continue
        if not fast.has(path):
            out.append(f"{path}: missing")
            continue
        if fast.location(path) != general.location(path):
            out.append(f"{path}: at {fast.location(path)}, not {general.location(path)}")
        if knode is None and fast.location(path, key=False) != general.location(path, key=False):
            out.append(f"{path}: item at {fast.location(path, key=False)}")
        if fast.raw(path) != general.raw(path):
            out.append(f"{path}: text {fast.raw(path)!r}, not {general.raw(path)!r}")
        missing = (*path, "no such key")
        if fast.location(missing) != general.location(missing):
            out.append(f"{missing}: at {fast.location(missing)}, not {general.location(missing)}")
    return out


def spec_differences(text: str, filename: str = "spec.yaml") -> list[str]:
    """How the spec loaded through the fast reader differs from the one loaded through the general
    reader (empty: nothing). Raises NotFast when the fast path is not taken."""
    fast = loader._load_fast(text, filename)
    general = loader._load_general(text, filename)
    a, b = deep(fast), deep(general)
    return [] if a == b else [_first_difference(a, b)]


def _first_difference(a: Any, b: Any, where: str = "") -> str:
    if type(a) is not type(b):
        return f"{where}: {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, tuple | list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return _first_difference(x, y, f"{where}/{i}")
    if isinstance(a, dict) and list(a) == list(b):
        for k in a:
            if a[k] != b[k]:
                return _first_difference(a[k], b[k], f"{where}/{k}")
    return f"{where}: {a!r:.300} != {b!r:.300}"


def main(argv: list[str]) -> int:
    """Check each file; exit 1 when any differs."""
    failed = False
    for name in argv:
        text = Path(name).read_text("utf-8")
        try:
            diffs = spec_differences(text, name)
        except fastyaml.NotFast as e:
            print(f"{name}: general reader only ({e})")
            continue
        print(f"{name}: {'equal' if not diffs else 'DIFFERENT: ' + diffs[0]}")
        failed = failed or bool(diffs)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
