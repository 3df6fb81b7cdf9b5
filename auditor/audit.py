"""The audit: read every source, compare, check, and build one report.

Stages run in pipeline order. A stage that fails is recorded on the report (which then can never be
"clean") and its error is raised after the report is written, so a nightly job still gets a report
that says what went wrong, with the exit code of the failure.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.connect import Timeouts, describe
from auditor.errors import AuditorError, InputError
from auditor.findings import Category, Finding, Level
from auditor.gate import FailPolicy
from auditor.model import Catalog

if TYPE_CHECKING:
    from auditor.report.model import Report, SourceInfo


@dataclass(frozen=True)
class AuditOptions:
    spec: str | None = "expected_schema.yaml"  # None: leave the spec out
    migrations: str | None = "migrations"  # None: leave the migrations out
    dsn: str | None = None  # live database; None: no live source
    spec_explicit: bool = False  # named by the user: a missing file is an error
    migrations_explicit: bool = False
    shadow: str = "embedded"
    shadow_dsn: str | None = None
    shadow_image: str | None = None
    pg_bin: str | None = None
    offline: bool = False  # --no-shadow: build the migrations' catalog from the parse alone
    platform: str | None = None
    include_schemas: tuple[str, ...] = ()
    exclude_schemas: tuple[str, ...] = ()
    timeouts: Timeouts = field(default_factory=Timeouts)
    rules: bool = True
    rules_config: dict[str, object] = field(default_factory=dict)
    ignore: tuple[object, ...] = ()  # extra ignore entries from the config file
    history_table: str = "auto"
    baseline: str | None = None
    fail_on: FailPolicy = field(default_factory=lambda: FailPolicy.parse("error"))
    today: date = field(default_factory=date.today)


@dataclass
class AuditRun:
    """What the stages produced; turned into a Report at the end."""

    sources: list[SourceInfo] = field(default_factory=list)
    catalogs: dict[str, Catalog] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failure: AuditorError | None = None
    timings: dict[str, float] = field(default_factory=dict)


def _stage(run: AuditRun, name: str, fn: Callable[[], None]) -> None:
    """Run one stage; a user-facing error stops the pipeline but is kept for the report."""
    if run.failure is not None:
        return
    t0 = time.perf_counter()
    try:
        fn()
    except AuditorError as e:
        run.failure = e
        run.errors.append(f"{name}: {e}")
    finally:
        run.timings[name] = time.perf_counter() - t0


def run_audit(opts: AuditOptions, *, progress: Callable[[str], None] | None = None) -> tuple[Report, AuditRun]:
    """Run every stage and return the report (never raises for a stage failure: see run.failure)."""
    from auditor.report.model import SourceInfo

    say = progress or (lambda _msg: None)
    run = AuditRun()
    spec_obj = None

    def read_spec() -> None:
        nonlocal spec_obj
        from auditor.spec import load_spec

        assert opts.spec is not None
        path = Path(opts.spec)
        if not path.exists():
            if opts.spec_explicit:
                raise InputError(f"spec file {opts.spec} not found", hint="check --spec, or pass --no-spec")
            return
        say(f"reading spec {path}")
        spec_obj = load_spec(path)
        run.catalogs["spec"] = spec_obj.catalog
        run.sources.append(_source_info("spec", str(path), spec_obj.catalog))

    def read_migrations() -> None:
        assert opts.migrations is not None
        folder = Path(opts.migrations)
        if not folder.is_dir():
            if opts.migrations_explicit:
                raise InputError(
                    f"migrations folder {opts.migrations} not found",
                    hint="check --migrations, or pass --no-migrations",
                )
            return
        platform = opts.platform or (spec_obj.platform if spec_obj is not None else None) or "auto"
        if opts.offline:
            from auditor.migrations.offline import offline_catalog

            say(f"parsing {folder} (offline, no shadow database)")
            cat = offline_catalog(folder)
            desc = f"{folder} (parsed offline: approximate)"
        else:
            from auditor.shadow import shadow_catalog

            say(f"replaying {folder} into a shadow database ({opts.shadow})")
            cat = shadow_catalog(
                folder,
                provider=opts.shadow,
                dsn=opts.shadow_dsn,
                image=opts.shadow_image,
                pg_bin=opts.pg_bin,
                platform=platform,
                include_schemas=opts.include_schemas,
                exclude_schemas=opts.exclude_schemas,
                progress=say,
            )
            desc = f"{folder} (replayed on PostgreSQL {cat.server_version}, {opts.shadow} shadow)"
        run.catalogs["migrations"] = cat
        run.sources.append(_source_info("migrations", desc, cat))

    def read_live() -> None:
        from auditor.introspect import introspect
        from auditor.shadow.platform import platform_exclusions

        assert opts.dsn is not None
        say(f"reading live database {describe(opts.dsn)}")
        platform = opts.platform or (spec_obj.platform if spec_obj is not None else None)
        cat = introspect(
            opts.dsn,
            timeouts=opts.timeouts,
            include_schemas=opts.include_schemas,
            exclude_schemas=(*opts.exclude_schemas, *platform_exclusions(platform or "auto", None)),
        )
        run.catalogs["live"] = cat
        run.sources.append(_source_info("live", describe(opts.dsn), cat))

    def compare() -> None:
        from auditor.compare import three_way

        cats = run.catalogs
        if sum(1 for k in ("spec", "migrations", "live") if k in cats) < 2:
            return
        say("comparing")
        run.findings.extend(three_way(cats.get("spec"), cats.get("migrations"), cats.get("live")))

    def gaps() -> None:
        for name, cat in run.catalogs.items():
            run.findings.extend(gap_findings(name, cat))

    def rules() -> None:
        if not opts.rules:
            return
        from auditor.rules import RulesConfig, run_rules

        target = next((k for k in ("live", "migrations", "spec") if k in run.catalogs), None)
        if target is None:
            return
        raw = dict(spec_obj.rules) if spec_obj is not None and spec_obj.rules else {}
        raw.update(opts.rules_config)
        say(f"checking rules on {target}")
        config = RulesConfig.from_mapping(raw)
        run.findings.extend(
            replace(f, extra=(*f.extra, ("source", target))) for f in run_rules(run.catalogs[target], config)
        )

    def history() -> None:
        if opts.dsn is None or opts.migrations is None or not Path(opts.migrations).is_dir():
            return
        from auditor.migrations.history import history_findings

        say("checking applied migrations")
        hist = history_findings(opts.dsn, Path(opts.migrations), table=opts.history_table)
        run.findings.extend(hist)

    def provenance() -> None:
        if opts.migrations is None or not Path(opts.migrations).is_dir() or not run.findings:
            return
        from auditor.migrations.parse import parse_folder
        from auditor.migrations.provenance import attach_provenance, build_provenance

        prov = build_provenance(parse_folder(Path(opts.migrations)))
        run.findings[:] = attach_provenance(run.findings, prov)

    def ignores() -> None:
        from auditor.compare.ignore import apply_ignores

        entries = [*(spec_obj.ignore if spec_obj is not None else ()), *opts.ignore]
        if entries:
            run.findings[:] = apply_ignores(run.findings, entries, opts.today)

    def baseline() -> None:
        if opts.baseline:
            from auditor.baseline import apply_baseline, load_baseline

            run.findings[:] = apply_baseline(run.findings, load_baseline(opts.baseline))

    if opts.spec is not None:
        _stage(run, "spec", read_spec)
    if opts.migrations is not None:
        _stage(run, "migrations", read_migrations)
    if opts.dsn:
        _stage(run, "live", read_live)
    _stage(run, "compare", compare)
    _stage(run, "gaps", gaps)
    _stage(run, "rules", rules)
    _stage(run, "history", history)
    _stage(run, "provenance", provenance)
    _stage(run, "ignore", ignores)
    _stage(run, "baseline", baseline)
    if not run.sources and run.failure is None:
        run.failure = InputError(
            "nothing to audit: no spec, no migrations folder and no database",
            hint="run it where expected_schema.yaml or migrations/ are, or pass --spec/--migrations/--dsn",
        )
        run.errors.append(str(run.failure))
    return build_report(run, opts), run


def build_report(run: AuditRun, opts: AuditOptions) -> Report:
    from auditor.report.model import Report

    findings = sorted(run.findings, key=lambda f: (-f.level.rank, f.object, f.code))
    return Report.create(
        sources=tuple(run.sources),
        findings=tuple(findings),
        fail_on=opts.fail_on,
        errors=tuple(run.errors),
    )


def _source_info(name: str, description: str, cat: Catalog) -> SourceInfo:
    from auditor.report.model import SourceInfo

    return SourceInfo(
        name=name,
        description=description,
        server_version=cat.server_version,
        complete=cat.complete,
        gaps=tuple(cat.gaps),
        approximate=cat.approximate,
    )


def gap_findings(source: str, cat: Catalog) -> list[Finding]:
    """A catalog that could not see everything says so: one finding per gap, never silence."""
    out = []
    for g in cat.gaps:
        out.append(
            Finding(
                code="SRC001",
                level=Level.WARNING,
                object=g.object,
                message=f"{source}: could not read {g.kind} {g.object}: {g.reason}",
                category=Category.SOURCE,
                kind="incomplete",
                help="grant the auditing role read access to this object, or exclude it; "
                "until then the audit of it is incomplete",
                location=g.location,
                fingerprint_parts=("SRC001", source, g.kind, g.object),
            )
        )
    return out


def progress_to_stderr(quiet: bool) -> Callable[[str], None] | None:
    if quiet:
        return None

    def say(msg: str) -> None:
        sys.stderr.write(f"schema-auditor: {msg}\n")

    return say


def _unused(_: Sequence[str]) -> None:  # keep imports honest for mypy in partial installs
    return None
