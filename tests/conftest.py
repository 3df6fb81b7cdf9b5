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


# `python -m pytest -m fast`: modules whose tests need no PostgreSQL (not even the embedded shadow) nor a
# browser; a test among them that asks for a server or the browser is not marked. Under a minute on 2 cores.
FAST_MODULES = frozenset(
    {
        "tests/cli/test_config.py",
        "tests/cli/test_conventions.py",
        "tests/cli/test_gate.py",
        "tests/compare/test_units.py",
        "tests/compare/test_versions.py",
        "tests/migrations/test_files.py",
        "tests/migrations/test_lint_rules.py",
        "tests/migrations/test_offline.py",
        "tests/migrations/test_parse.py",
        "tests/migrations/test_provenance.py",
        "tests/migrations/test_suppression.py",
        "tests/normalize/test_equivalences.py",
        "tests/report/test_html_static.py",
        "tests/report/test_model.py",
        "tests/report/test_sarif_junit.py",
        "tests/report/test_streaming.py",
        "tests/report/test_text.py",
        "tests/rules/test_config.py",
        "tests/rules/test_docs.py",
        "tests/rules/test_registry.py",
        "tests/rules/test_scope.py",
        "tests/shadow/test_statements.py",
        "tests/spec/test_errors.py",
        "tests/spec/test_fast_paths.py",
        "tests/spec/test_loader_cases.py",
        "tests/spec/test_schema_file.py",
        "tests/spec/test_writer_shared.py",
        "tests/test_model_construction.py",
        "tests/test_suite_summary.py",
    }
)
# Slow tests of fast modules (a generated sample of hundreds of documents), left to the full run.
FAST_EXCLUDED = ("tests/spec/test_fast_paths.py::test_quick_check_is_never_more_lenient_than_jsonschema",)
_SERVER_FIXTURES = frozenset({"server", "dsn", "servers", "_server_pool"})
_ON_A_SERVER = ("server", True)  # a user property: it travels with the report from an xdist worker


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if _SERVER_FIXTURES & fixtures:
            item.user_properties.append(_ON_A_SERVER)
        elif (
            item.nodeid.split("::", 1)[0] in FAST_MODULES
            and "browser" not in fixtures
            and not item.nodeid.startswith(FAST_EXCLUDED)
        ):
            item.add_marker(pytest.mark.fast)


# What a skipped test needed, recognised by its reason, and how to give it that.
_SKIP_KINDS = (
    ("browser", ("chromium", "playwright"), "apt-get install chromium (and pip install -e '.[test]')"),
    (
        "cross-version",
        ("schema_auditor_test_dsn", "major", "needs postgresql", "binaries"),
        "SCHEMA_AUDITOR_TEST_DSN=postgresql://postgres@127.0.0.1:5432/postgres (a PostgreSQL 15 "
        "server; apt-get install postgresql-15 adds the binaries --shadow local uses)",
    ),
    ("docker", ("docker",), "a Docker engine (SCHEMA_AUDITOR_TEST_DOCKER=postgres:15 for its server)"),
)


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say loudly what did not run, and how to run it: a skipped browser, cross-version or Docker
    test is a gap in what the run proves, not a pass."""
    counts: dict[str, int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        reason = _skip_reason(report).lower()
        kind = next((k for k, words, _ in _SKIP_KINDS if any(w in reason for w in words)), None)
        if kind is not None:
            counts[kind] = counts.get(kind, 0) + 1
    majors = {s.kind for s in SERVER_SPECS}
    lines = [
        f"{counts[kind]} {kind} test(s) skipped; to run them: {how}"
        for kind, _, how in _SKIP_KINDS
        if counts.get(kind)
    ]
    on_a_server = any(
        _ON_A_SERVER in getattr(r, "user_properties", ())
        for reports in terminalreporter.stats.values()
        for r in reports
        if getattr(r, "when", None) == "call"
    )
    if "dsn" not in majors and "docker" not in majors and on_a_server:
        lines.append(
            "every database test ran on the embedded PostgreSQL 18 alone; add PostgreSQL 15 with "
            "SCHEMA_AUDITOR_TEST_DSN=postgresql://postgres@127.0.0.1:5432/postgres"
        )
    if lines:
        terminalreporter.section("not tested in this run", sep="=", yellow=True, bold=True)
        for line in lines:
            terminalreporter.write_line(line, yellow=True, bold=True)


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
