"""Run a fleet: the expected sources once, a fingerprint per database, one full audit per shape,
one JSON line per member streamed to the partial file.

Every member's result comes from :func:`auditor.audit.run_audit` (the same stages, rules and gate
as ``audit``), run on one representative per shape with the replayed migrations given as
``preloaded``. A member whose fingerprint cannot be read is unread (verdict ``error``) and the
others carry on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from auditor.audit import AuditOptions, run_audit
from auditor.connect import describe
from auditor.errors import AuditorError
from auditor.fleet.executors import Executor
from auditor.fleet.fingerprint import fingerprint
from auditor.fleet.inventory import Member
from auditor.fleet.results import PartialWriter
from auditor.model import Catalog


@dataclass(frozen=True)
class FleetOptions:
    audit: AuditOptions  # dsn is ignored: each member brings its own
    template_schema: str | None = None  # schema-per-tenant: the expected schema's name


@dataclass(frozen=True)
class Probe:
    """One member's fingerprint, or why it could not be read."""

    member: Member
    shape: str | None
    server_version: str | None
    error: str | None = None


def probe(group: tuple[Member, ...], fopts: FleetOptions) -> list[Probe]:
    """Fingerprint the members of one database (a task: runs on a thread or a dask worker): one
    query, whether the database is one member or holds a thousand tenant schemas."""
    from auditor.introspect.build import schema_filter

    opts = fopts.audit
    first = group[0]
    history = None if opts.history_table in ("auto", "none", "supabase", "flyway") else opts.history_table
    try:
        fp = fingerprint(
            first.dsn, timeouts=opts.timeouts, strip=first.schema is not None, history_table=history
        )
    except AuditorError as e:
        return [Probe(m, None, None, str(e)) for m in group]
    except Exception as e:  # a bug must not take the other members down; the members are unread
        return [Probe(m, None, None, f"internal error: {type(e).__name__}: {e}") for m in group]
    if first.schema is not None:
        return [Probe(m, fp.tenant_shape(m.schema or ""), fp.server_version) for m in group]
    kept = schema_filter([s for s, _ in fp.schemas], opts.include_schemas, opts.exclude_schemas)
    return [Probe(m, fp.shape(sorted(kept)), fp.server_version) for m in group]


def by_database(members: Sequence[Member]) -> list[tuple[Member, ...]]:
    """Members grouped by database: tenant schemas of one database share one fingerprint query."""
    groups: dict[str, list[Member]] = {}
    for m in members:
        groups.setdefault(m.dsn if m.schema is not None else f"\0{m.name}", []).append(m)
    return [tuple(g) for g in groups.values()]


def audit_shape(
    item: tuple[str, Member], fopts: FleetOptions, migrations: Catalog | None
) -> tuple[str, dict[str, Any]]:
    """The full audit of one representative member of a shape: its report as a dict."""
    shape, member = item
    opts = replace(fopts.audit, dsn=member.dsn)
    pre: dict[str, Catalog] = {}
    if migrations is not None:
        pre["migrations"] = migrations
    try:
        if member.schema is not None:
            from auditor.fleet.rename import rename_schema
            from auditor.introspect import introspect

            template = fopts.template_schema or "public"
            live = introspect(member.dsn, timeouts=opts.timeouts, include_schemas=(member.schema,), jobs=1)
            pre["live"] = rename_schema(live, member.schema, template)
            opts = replace(
                opts,
                include_schemas=(template,),
                exclude_schemas=(),
                history_table="none" if opts.history_table == "auto" else opts.history_table,
            )
        report, run = run_audit(opts, preloaded=pre)
        out = report.to_dict()
        if run.failure is not None:
            out["exit_code"] = int(run.failure.exit_code)
        else:
            out["exit_code"] = int(report.exit_code)
    except AuditorError as e:
        out = _error_dict(str(e), int(e.exit_code))
    except Exception as e:
        out = _error_dict(f"internal error: {type(e).__name__}: {e}", 70)
    return shape, out


def _error_dict(message: str, code: int) -> dict[str, Any]:
    from auditor.redact import redact

    msg = redact(message)
    return {
        "verdict": "error",
        "verdict_line": f"ERROR: the member could not be audited ({msg})",
        "errors": [msg],
        "findings": [],
        "sources": [],
        "summary": {},
        "exit_code": code,
    }


def expected_catalogs(opts: AuditOptions, say: Callable[[str], None]) -> tuple[Catalog | None, Any]:
    """Read the spec and replay the migrations once (spec vs migrations, no live): the replayed
    catalog is reused for every member. Raises the stage's error (a migration that does not apply:
    exit 2) before any member is touched."""
    report, run = run_audit(replace(opts, dsn=None), progress=say)
    if run.failure is not None:
        raise run.failure
    mig = run.catalogs.get("migrations")
    if mig is not None:  # the audit adds the skipped-file gaps to a preloaded catalog again
        mig = replace(mig, gaps=tuple(g for g in mig.gaps if g.kind != "migration file"))
    return mig, report


def run_fleet(
    members: Sequence[Member],
    fopts: FleetOptions,
    writer: PartialWriter,
    executor: Executor,
    *,
    say: Callable[[str], None] = lambda _m: None,
) -> dict[str, float]:
    """Audit ``members`` and write one line per member to ``writer``; returns stage timings."""
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    # The expected sources are read (the shadow started, the migrations replayed) while the members
    # are fingerprinted: neither needs the other, and the replay is a fixed cost of every run.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="fleet-expected") as pool:
        expected_read = pool.submit(expected_catalogs, fopts.audit, say)
        say(f"fingerprinting {len(members)} member(s)")
        shapes: dict[str, list[Probe]] = {}
        try:
            for probes in executor.map_unordered(probe, by_database(members), fopts):
                if expected_read.done() and expected_read.exception() is not None:
                    break  # the expected side failed: no member can be audited, stop now
                for p in probes:
                    if p.shape is None:
                        writer.member(_member_line(p, None, _error_dict(p.error or "unread", 3)))
                    else:
                        shapes.setdefault(p.shape, []).append(p)
        finally:
            timings["fingerprint"] = time.perf_counter() - t0
        migrations, expected = expected_read.result()  # its error (exit 2) wins over the members
    writer.set_expected(expected.to_dict()["sources"])
    timings["expected"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    say(f"auditing {len(shapes)} distinct shape(s)")
    reps = [(shape, min(probes, key=lambda p: p.member.name).member) for shape, probes in shapes.items()]
    for shape, result in executor.map_unordered(audit_shape, reps, fopts, migrations):
        for p in shapes.pop(shape):
            writer.member(_member_line(p, shape, result, fopts.template_schema))
    timings["audit"] = time.perf_counter() - t0
    return timings


def _member_line(
    p: Probe, shape: str | None, result: dict[str, Any], template: str | None = None
) -> dict[str, Any]:
    """One member's line: its own name, labels and live source, the shape's findings and verdict
    (a tenant's findings named after its own schema)."""
    m = p.member
    findings = result.get("findings", [])
    if m.schema is not None and findings:
        from auditor.fleet.rename import rename_in_findings

        findings = rename_in_findings(findings, template or "public", m.schema)
    sources = []
    for s in result.get("sources", []):
        if s.get("name") == "live":
            where = describe(m.dsn) + (f", schema {m.schema}" if m.schema else "")
            s = {**s, "description": where}
        sources.append(s)
    return {
        "name": m.name,
        "labels": dict(m.labels),
        "schema": m.schema,
        "shape": shape,
        "server_version": p.server_version,
        "verdict": result.get("verdict", "error"),
        "verdict_line": result.get("verdict_line", ""),
        "exit_code": result.get("exit_code", 3),
        "summary": result.get("summary", {}),
        "errors": result.get("errors", []),
        "sources": sources,
        "findings": findings,
    }


def default_partial(out: Path, shard: tuple[int, int] | None) -> Path:
    i, n = shard or (0, 1)
    return out / f"fleet.partial-{i}-of-{n}.jsonl"
