"""Whether to colour terminal output: one decision for the whole run.

``--color always|never`` wins; with ``auto`` (the default) a non-empty ``NO_COLOR`` turns colour off
(https://no-color.org), then a non-empty ``FORCE_COLOR`` other than ``0``/``false`` turns it on (CI
logs that render ANSI; ``0`` as Node's tools read it), else colour goes only to a terminal. Standard
library only: the CLI sets the mode before any command module is imported.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

MODES = ("auto", "always", "never")

_mode = "auto"


def set_mode(mode: str) -> None:
    """Set the run's ``--color`` mode (``auto``, ``always`` or ``never``)."""
    if mode not in MODES:
        raise ValueError(f"--color must be one of {', '.join(MODES)}, not {mode!r}")
    global _mode
    _mode = mode


def enabled(stream: TextIO | None = None) -> bool:
    """Should text written to ``stream`` (default stdout) carry ANSI colour?"""
    if _mode != "auto":
        return _mode == "always"
    if os.environ.get("NO_COLOR"):
        return False
    force = os.environ.get("FORCE_COLOR")
    if force and force.strip().lower() not in ("0", "false", "no", "off"):
        return True
    out = sys.stdout if stream is None else stream
    try:
        return bool(out.isatty())
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False
