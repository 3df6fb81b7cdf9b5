"""Shared fixtures. Every database test runs on every configured server (see tests/servers.py),
each test module in its own fresh database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.commands import ROOT as ROOT  # re-exported: tests import it from here
from tests.servers import Server, ServerSpec, configured_servers, start

SERVER_SPECS = configured_servers()


def pytest_report_header() -> list[str]:
    return ["servers: " + (", ".join(s.label for s in SERVER_SPECS) or "none")]


_started: dict[str, Server] = {}
_stack: list[object] = []


@pytest.fixture(scope="session")
def _server_pool() -> Iterator[dict[str, Server]]:
    from contextlib import ExitStack

    with ExitStack() as stack:
        _stack.append(stack)
        yield _started
    _started.clear()


@pytest.fixture(scope="session", params=SERVER_SPECS, ids=[s.label for s in SERVER_SPECS])
def server(request: pytest.FixtureRequest, _server_pool: dict[str, Server]) -> Server:
    """One real PostgreSQL server (started once per session)."""
    spec: ServerSpec = request.param
    if spec.label not in _server_pool:
        stack = _stack[-1]
        _server_pool[spec.label] = stack.enter_context(start(spec))  # type: ignore[attr-defined]
    return _server_pool[spec.label]


@pytest.fixture(scope="module")
def dsn(server: Server, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh, empty database for this test module on this server; dropped afterwards."""
    with server.fresh_database(request.module.__name__.rsplit(".", 1)[-1]) as d:
        yield d


@pytest.fixture(scope="session")
def servers(_server_pool: dict[str, Server]) -> list[Server]:
    """Every configured server at once (for cross-version tests)."""
    stack = _stack[-1]
    for spec in SERVER_SPECS:
        if spec.label not in _server_pool:
            _server_pool[spec.label] = stack.enter_context(start(spec))  # type: ignore[attr-defined]
    return [_server_pool[s.label] for s in SERVER_SPECS]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Chromium (see tests/browser.py)."""
    from tests.browser import launch

    yield from launch()
