"""Headless Chromium for tests of what a person sees (Debian's chromium, driven by Playwright).

The ``browser`` fixture (tests/conftest.py) skips with the reason when Chromium or Playwright is
missing; .ci/run installs both, so CI always runs these tests."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch() -> Iterator[Any]:
    """A headless Chromium (generator for a fixture)."""
    # CI sets SCHEMA_AUDITOR_REQUIRE_BROWSER=1: there a missing browser is a failure, not a skip.
    missing = pytest.fail if os.environ.get("SCHEMA_AUDITOR_REQUIRE_BROWSER") == "1" else pytest.skip
    if not Path(CHROMIUM).exists():
        missing("chromium is not installed (apt-get install chromium)")
    try:
        from playwright import sync_api
    except ImportError:
        missing("playwright is not installed (pip install -e '.[test]')")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Page:
    """A page with what happened on it recorded: dialogs, errors, requests."""

    def __init__(self, browser: Any, **context: Any) -> None:
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []

        def on_dialog(d: Any) -> None:
            self.dialogs.append(d.message)
            d.dismiss()

        self.page.on("dialog", on_dialog)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def open(self, path: Path, *, wait: bool = True) -> float:
        t0 = time.perf_counter()
        self.page.goto(path.as_uri())
        if wait:
            self.page.wait_for_selector("body[data-ready='1']", state="attached")
        return time.perf_counter() - t0

    def count(self) -> int:
        return int(self.page.inner_text("#shown-count"))

    def cards(self) -> int:
        return int(self.page.locator("article.finding").count())

    def close(self) -> None:
        self.context.close()
