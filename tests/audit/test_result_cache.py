"""The result cache (auditor/resultcache.py): a run whose every input is unchanged gives the previous
run's report, and any change of an input (live DDL, the spec, the config's rules, --fail-on, a
migration file) is a run in full.

Never a false "equal": every output of a reused run (json, html, sarif, junit, md) is the one a run
without any cache writes, but for its time and the sources' note saying the result was reused; a run
with a gap or a failed stage is never stored."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from auditor.audit import AuditOptions, AuditRun, run_audit
from auditor.gate import FailPolicy
from auditor.report import write_reports
from auditor.report.model import Report
from auditor.resultcache import KIND
from tests.audit.seedlive import SPEC, build_live, execute

DRIFT_CASES = yaml.safe_load((Path(__file__).parent / "drift_cases.yaml").read_text())
FORMATS = ["json", "html", "sarif", "junit", "md"]
_NOTE = re.compile(r" \(unchanged since the run of [0-9T:Z-]+: its result reused\)")


@pytest.fixture(scope="module")
def seeded(server: Any) -> Any:
    """A database built from the migrations (the drift cases' live)."""
    with server.fresh_database("result_cache") as d:
        build_live(d, server.version_num)
        yield d


def audit(opts: AuditOptions) -> tuple[Report, AuditRun]:
    report, run = run_audit(opts)
    assert run.failure is None, run.errors
    return report, run


def outputs(report: Report, where: Path) -> dict[str, str]:
    """Every report file's text, the report's time and the reuse note taken out."""
    where.mkdir(parents=True)
    written = write_reports(report, where, FORMATS)
    assert len(written) == len(FORMATS)
    when = report.generated_at
    texts = {}
    for p in written:
        text = _NOTE.sub("", p.read_text(encoding="utf-8"))
        texts[p.name] = text.replace(when, "<time>").replace(when.rstrip("Z"), "<time>")
    return texts


def entries(cache: Path) -> set[str]:
    return {p.name for p in (cache / KIND).glob("*.bin")}


def reused_until(opts: AuditOptions) -> tuple[Report, AuditRun]:
    """Audit until the result is reused, at most three times: on a shared server another session's
    CREATE ROLE (roles are the cluster's) rightly changes live's stamp between two runs."""
    for _ in range(3):
        report, run = audit(opts)
        if run.reused is not None:
            return report, run
    raise AssertionError("an unchanged run was run in full three times")


def test_the_premise_an_unchanged_run_is_reused(seeded: str, tmp_path: Path) -> None:
    opts = AuditOptions(spec=str(SPEC), migrations=None, dsn=seeded, cache_dir=str(tmp_path / "c"))
    first, run = audit(opts)
    assert run.reused is None and len(entries(tmp_path / "c")) == 1
    again, run = reused_until(opts)
    assert run.timings.keys() == {"reuse"}  # no other stage ran
    assert all("its result reused" in s.description for s in again.sources)
    assert "its result reused" not in "".join(s.description for s in first.sources)
    full, _ = audit(replace(opts, cache_dir=None))
    assert outputs(again, tmp_path / "a") == outputs(full, tmp_path / "b")


@pytest.mark.parametrize("case", DRIFT_CASES, ids=[c["name"] for c in DRIFT_CASES])
def test_drift_case_reused_only_while_unchanged(case: dict[str, Any], seeded: str, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    opts = AuditOptions(spec=str(SPEC), migrations=None, dsn=seeded, cache_dir=str(cache))
    nocache = replace(opts, cache_dir=None)
    n = iter(range(100))

    def same(a: Report, b: Report) -> bool:
        return outputs(a, tmp_path / str(next(n))) == outputs(b, tmp_path / str(next(n)))

    clean, _ = audit(nocache)
    audit(opts)
    assert same(reused_until(opts)[0], clean)
    execute(seeded, case["break"])
    try:
        broken, _ = audit(nocache)
        assert not same(broken, clean), "the case must make a difference for this test to mean anything"
        through, run = audit(opts)
        assert run.reused is None  # live's DDL changed its stamp: never the clean result of before
        assert same(through, broken)
        assert same(reused_until(opts)[0], broken)
    finally:
        execute(seeded, case["undo"])
    # Undone, live's catalog may be row for row what it was (an index made and dropped leaves no
    # trace), so the clean run's result may rightly be reused: it is the clean report either way.
    assert same(audit(opts)[0], clean)


def test_each_input_change_is_a_run_in_full(seeded: str, tmp_path: Path) -> None:
    """The spec, the config file's rules, --fail-on and a migration file (offline, the project keeping
    no history): each change is run in full and gives what a run without the cache gives."""
    spec = tmp_path / "spec.yaml"
    spec.write_bytes(SPEC.read_bytes())
    config = tmp_path / "schema-auditor.yaml"
    config.write_text("rules: {}\n")
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    (migrations / "20240101000000_extra.sql").write_text(
        "create table public.extra_t (id int primary key);\n"
    )
    opts = AuditOptions(
        spec=str(spec),
        migrations=str(migrations),
        offline=True,
        history_table="none",
        dsn=seeded,
        config_file=str(config),
        cache_dir=str(tmp_path / "cache"),
    )
    n = iter(range(100))

    def check(o: AuditOptions) -> None:
        got, run = audit(o)
        assert run.reused is None, "a changed input must be run in full"
        full, _ = audit(replace(o, cache_dir=None))
        assert outputs(got, tmp_path / str(next(n))) == outputs(full, tmp_path / str(next(n)))
        again, _ = reused_until(o)
        assert outputs(again, tmp_path / str(next(n))) == outputs(full, tmp_path / str(next(n)))

    check(opts)
    before = audit(opts)[0].to_dict()["findings"]
    # the spec: a column's default edited
    text = spec.read_text()
    assert "default: '''pending''::text'" in text or "pending" in text
    spec.write_text(text.replace("pending", "waiting", 1))
    check(opts)
    assert audit(opts)[0].to_dict()["findings"] != before
    # the config: a rule switched off
    config.write_text("rules:\n  PERF001: {enabled: false}\n")
    check(opts)
    # --fail-on
    check(replace(opts, fail_on=FailPolicy.parse("warning")))
    # a migration file
    (migrations / "20240102000000_more.sql").write_text("create table public.more_t (id int);\n")
    check(opts)
    (migrations / "20240102000000_more.sql").write_text("create table public.more_t (id bigint);\n")
    check(opts)


def test_a_run_with_a_gap_or_a_failure_is_never_stored(seeded: str, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    (migrations / "V1__init.sql").write_text("create table public.skipped (id int);\n")  # a gap
    opts = AuditOptions(
        spec=str(SPEC),
        migrations=str(migrations),
        offline=True,
        history_table="none",
        dsn=seeded,
        cache_dir=str(cache),
    )
    for _ in range(2):
        report, run = run_audit(opts)
        assert run.reused is None and report.open_gaps
    failing = replace(opts, migrations=None, baseline=str(tmp_path / "no-such-baseline.json"))
    for _ in range(2):
        _, run = run_audit(failing)
        assert run.failure is not None and run.reused is None
    assert entries(cache) == set()


def test_a_replayed_source_is_never_reused(tmp_path: Path) -> None:
    """Migrations replayed in a shadow depend on a server the key cannot hold: not reusable."""
    from auditor import resultcache

    migrations = tmp_path / "m"
    migrations.mkdir()
    opts = AuditOptions(spec=None, migrations=str(migrations), cache_dir=str(tmp_path))
    with pytest.raises(resultcache.NotProvable):
        resultcache.reusable_key(opts, None)
    assert resultcache.reusable_key(replace(opts, offline=True), None)


def test_the_key_is_the_same_in_every_process(tmp_path: Path) -> None:
    """A set option (frozenset order follows the per-process string hash) gives one key."""
    code = (
        "from auditor.audit import AuditOptions; from auditor.resultcache import reusable_key;"
        "import datetime;"
        "print(reusable_key(AuditOptions(spec=None, migrations=None, today=datetime.date(2026, 1, 1),"
        " shadow_extensions=frozenset({'a', 'b', 'c', 'd', 'e', 'f'})), None))"
    )
    keys = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(4)
    }
    assert len(keys) == 1, keys


def test_a_spec_edited_during_the_run_is_not_kept(seeded: str, tmp_path: Path) -> None:
    """The key names the bytes read when the run began; a report of other bytes (the spec edited
    while the run read it) is never stored under it."""
    spec = tmp_path / "spec.yaml"
    original = SPEC.read_bytes()
    spec.write_bytes(original)
    opts = AuditOptions(spec=str(spec), migrations=None, dsn=seeded, cache_dir=str(tmp_path / "cache"))

    def edit_when_read(msg: str) -> None:
        if msg.startswith("reading spec"):
            spec.write_bytes(original.replace(b"pending", b"waiting", 1))

    edited, run = run_audit(opts, progress=edit_when_read)
    assert run.failure is None and run.reused is None
    spec.write_bytes(original)
    full, _ = audit(replace(opts, cache_dir=None))
    assert outputs(edited, tmp_path / "e") != outputs(full, tmp_path / "f"), "the edit must matter"
    again, run = audit(opts)
    assert run.reused is None
    assert outputs(again, tmp_path / "a") == outputs(full, tmp_path / "b")
