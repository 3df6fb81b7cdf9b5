"""The audit: read every source, compare, check, and build one report.

Stages run in pipeline order. A stage that fails is recorded on the report (which then can never be
"clean") and its error is raised after the report is written, so a nightly job still gets a report
that says what went wrong, with the exit code of the failure.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.connect import Timeouts, describe
from auditor.errors import AuditorError, InputError, NothingToAudit
from auditor.findings import Category, Finding, Level
from auditor.gate import AcceptIncomplete, FailPolicy, check_code
from auditor.memory import gc_paused
from auditor.model import Catalog, Gap, Location
from auditor.objref import ObjectRef

if TYPE_CHECKING:
    from auditor.fleet.livecache import LiveRead, Stamp
    from auditor.migrations.provenance import Provenance
    from auditor.replay_limits import ReplayLimits
    from auditor.report.model import Report, SourceInfo
    from auditor.resultcache import Result
    from auditor.rules.base import RulesConfig
    from auditor.spec.loader import IgnoreEntry, Spec


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
    shadow_version: int | None = None  # the shadow's major (auditor.shadow.major: else config.toml, live)
    offline: bool = False  # --no-shadow: build the migrations' catalog from the parse alone
    replay_statement_timeout: float | None = 60.0  # seconds (None: no limit); see auditor.shadow.replay
    replay_timeout: float | None = 900.0
    shadow_extensions: frozenset[str] = frozenset()  # allowed beyond the shadow's allow-list
    platform: str | None = None
    include_schemas: tuple[str, ...] = ()
    exclude_schemas: tuple[str, ...] = ()
    timeouts: Timeouts = field(default_factory=Timeouts)
    jobs: int | None = None  # connections reading live (None: by the schema's size)
    rules: bool = True
    only_rules: tuple[str, ...] | None = None  # run just these rules (codes or names; `check --rule`)
    config_file: str | None = None  # the project config file; its ``rules`` block configures the rules
    ignore: tuple[IgnoreEntry, ...] = ()  # extra ignore entries from the config file
    history_table: str = "auto"
    baseline: str | None = None
    fail_on: FailPolicy = field(default_factory=FailPolicy.default)
    accept_incomplete: AcceptIncomplete = field(default_factory=AcceptIncomplete)
    today: date = field(default_factory=date.today)
    cache_dir: str | None = None  # the spec, live and result caches (auditor.spec.cache); None: none


@dataclass
class AuditRun:
    """What the stages produced; turned into a Report at the end."""

    sources: list[SourceInfo] = field(default_factory=list)
    catalogs: dict[str, Catalog] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failure: AuditorError | None = None
    timings: dict[str, float] = field(default_factory=dict)
    history_known: bool = False  # the live database's applied-migrations record was read
    pending_files: list[Path] = field(default_factory=list)  # migrations not applied to live
    rules_config: RulesConfig | None = None
    reused: Result | None = None  # a previous run's result, every input unchanged: no stage runs


@dataclass(frozen=True)
class Stage:
    """One named step of the pipeline: ``run`` reads and writes the context; ``when`` (on the options)
    says whether the stage applies at all (a stage that does not apply has no timing)."""

    name: str
    run: Callable[[AuditContext], None]
    when: Callable[[AuditOptions], bool] = lambda _opts: True
    timed: bool = True  # False: a step that only starts work for a later stage


class AuditContext:
    """One audit's state, shared by its stages: the options, what was read so far (``run``), and what
    is decided once for every stage (the platform, the migrations' provenance)."""

    def __init__(
        self,
        opts: AuditOptions,
        *,
        progress: Callable[[str], None] | None = None,
        preloaded: dict[str, Catalog] | None = None,
    ) -> None:
        self.opts = opts
        self.say: Callable[[str], None] = progress or (lambda _msg: None)
        self.preloaded = preloaded or {}
        self.run = AuditRun()
        self.spec: Spec | None = None  # the loaded spec file (its ignore entries, rules, platform)
        self.live_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="live")
        self.early_live: tuple[tuple[str, ...], Future[LiveRead]] | None = None  # (schemas left out, read)
        self._platform: list[str | None] = []  # decided once by platform()
        self._detected: list[str | None] = []  # the platform the migrations show, read once
        self._provenance: list[Provenance | None] = []  # the migrations' provenance, built once
        self.live_platform: str | None = None  # detected from live's roles when nothing else could tell
        self.live_stamp: Stamp | None = None  # live's catalog stamp, taken once by the first stage
        self.live_read: LiveRead | None = None  # how live's catalog was had (read, cached), by read_live
        self.result_key: str | None = None  # this run's key in the result cache; None: not reusable

    def replay_limits(self) -> ReplayLimits:
        """The limits every replay of this run takes (migrations and a SQL spec alike)."""
        from auditor.replay_limits import ReplayLimits

        o = self.opts
        return ReplayLimits(o.replay_statement_timeout, o.replay_timeout, o.shadow_extensions)

    def migrations_platform(self) -> str | None:
        """The platform the migrations folder shows, read once."""
        if not self._detected:
            self._detected.append(_detected_platform(self.opts.migrations))
        return self._detected[0]

    def platform(self) -> str | None:
        """The platform profile's name, decided once for the shadow and live alike: the flag, else
        the spec, else detected from the migrations; None when nothing can tell (no migrations)."""
        if not self._platform:
            name = (
                _explicit(self.opts.platform)
                or (self.spec.platform if self.spec is not None else None)
                or self.migrations_platform()
                or "auto"
            )
            self._platform.append(None if name == "auto" else name)
        return self._platform[0]

    def provenance(self) -> Provenance | None:
        """The migrations folder's provenance, parsed once for attribution and the findings."""
        if not self._provenance:
            prov = None
            if self.opts.migrations is not None and Path(self.opts.migrations).is_dir():
                from auditor.migrations.parse import parse_folder
                from auditor.migrations.provenance import build_provenance

                prov = build_provenance(parse_folder(Path(self.opts.migrations)))
            self._provenance.append(prov)
        return self._provenance[0]


def run_stages(ctx: AuditContext, stages: tuple[Stage, ...]) -> AuditRun:
    """Run ``stages`` in order over ``ctx``; a user-facing error stops the pipeline but is kept for
    the report (``run.failure``, ``run.errors``). Every stage's time is in ``run.timings``."""
    run = ctx.run
    # Catalogs stay alive for the whole run: no stage should pay for rescanning them (auditor.memory).
    with gc_paused(), contextlib.ExitStack() as stack:
        # Never wait for an early live read nobody will use (a stage failed, or the platform turned
        # out otherwise): the CLI exits without it, an in-process caller's thread ends on its own.
        stack.callback(ctx.live_pool.shutdown, wait=False, cancel_futures=True)
        for stage in stages:
            if run.failure is not None or run.reused is not None:
                break  # failed, or answered by a previous run whose inputs were these
            if not stage.when(ctx.opts):
                continue
            t0 = time.perf_counter()
            try:
                stage.run(ctx)
            except AuditorError as e:
                run.failure = e
                run.errors.append(f"{stage.name}: {e}")
            finally:
                if stage.timed:
                    run.timings[stage.name] = time.perf_counter() - t0
    return run


def run_audit(
    opts: AuditOptions,
    *,
    progress: Callable[[str], None] | None = None,
    preloaded: dict[str, Catalog] | None = None,
) -> tuple[Report, AuditRun]:
    """Run every stage (AUDIT) and return the report (never raises for a stage failure: see
    run.failure).

    ``preloaded`` supplies an already-read catalog for a source (``spec``, ``migrations``, ``live``),
    e.g. a shadow replayed once for many audits of the same migrations."""
    return audit_in(AuditContext(opts, progress=progress, preloaded=preloaded))


def audit_in(ctx: AuditContext) -> tuple[Report, AuditRun]:
    """:func:`run_audit` on a context the caller holds (the fleet keeps the live catalog it read)."""
    opts = ctx.opts
    run = run_stages(ctx, AUDIT)
    if not run.sources and run.failure is None:
        run.failure = NothingToAudit(
            "nothing to audit: no spec, no migrations folder and no database",
            hint="run it where expected_schema.yaml or migrations/ are, or pass --spec/--migrations/--dsn",
        )
        run.errors.append(str(run.failure))
    report = build_report(run, opts)
    keep_result(ctx, report)
    return report, run


# --- the stages, in pipeline order ----------------------------------------------------------------


def start_live(ctx: AuditContext) -> None:
    """Start reading live in a thread, so the server works while the spec and migrations are
    read (the read mostly waits on the server, without the GIL). The platform whose schemas it
    leaves out is foreseen without loading the spec; read_live uses the result only when the
    platform decided later agrees, and reads again otherwise."""
    opts = ctx.opts
    name = _explicit(opts.platform) or _peek_platform(opts.spec) or ctx.migrations_platform()
    schemas = _platform_schemas(name)
    assert opts.dsn is not None
    ctx.say(f"reading live database {describe(opts.dsn)}")
    ctx.early_live = (schemas, ctx.live_pool.submit(read_live_catalog, opts, schemas, ctx.live_stamp))


def read_spec(ctx: AuditContext) -> None:
    from auditor.spec import load_spec

    opts, run = ctx.opts, ctx.run
    assert opts.spec is not None
    path = Path(opts.spec)
    if not path.exists():
        if opts.spec_explicit:
            raise InputError(f"spec file {opts.spec} not found", hint="check --spec, or pass --no-spec")
        return
    from auditor.spec.sqlfolder import is_sql_spec

    if is_sql_spec(path):  # a .sql file or a folder of them: replayed as the migrations are
        _read_sql_spec(ctx, path)
        return
    ctx.say(f"reading spec {path}")
    ctx.spec = load_spec(path, cache_dir=opts.cache_dir)
    run.catalogs["spec"] = ctx.spec.catalog
    run.sources.append(_source_info("spec", str(path), ctx.spec.catalog))


def _read_sql_spec(ctx: AuditContext, path: Path) -> None:
    """The spec as SQL (auditor.spec.sqlfolder), replayed into a shadow of its own on the platform
    the migrations replay on (Supabase when they show it; else what the SQL itself shows)."""
    from auditor.shadow import major
    from auditor.spec.sqlfolder import load_sql_spec

    opts = ctx.opts
    if opts.offline:  # --no-shadow: parsed, as the migrations are
        from auditor.spec.sqlfolder import load_sql_spec_offline

        ctx.say(f"parsing spec {path} (offline, no shadow database)")
        sql = load_sql_spec_offline(path)
        ctx.spec = sql.spec
        ctx.run.catalogs["spec"] = sql.spec.catalog
        ctx.run.sources.append(_source_info("spec", sql.describe(None), sql.spec.catalog))
        return
    # major.plan finds supabase/config.toml beside the folder it is given ([db] major_version)
    probe = path / "schemas" if (path / "config.toml").is_file() else path if path.is_dir() else path.parent
    wanted, why, pg_bin = major.plan(opts.shadow, opts.pg_bin, opts.shadow_version, probe, opts.dsn)
    ctx.say(f"replaying spec {path} into a shadow database ({opts.shadow})")
    from_migrations = "supabase" if ctx.migrations_platform() == "supabase" else None
    sql = load_sql_spec(
        path,
        provider=opts.shadow,
        dsn=opts.shadow_dsn,
        image=opts.shadow_image,
        pg_bin=pg_bin,
        platform=_explicit(opts.platform) or from_migrations or "auto",
        limits=ctx.replay_limits(),
        progress=ctx.say,
        cache_dir=opts.cache_dir,
    )
    ctx.spec = sql.spec
    cat = sql.spec.catalog
    got = (cat.server_version_num or 0) // 10000 or None
    desc = sql.describe(opts.shadow)
    desc = desc[:-1] + major.note(wanted, why, opts.shadow, got) + ")"
    ctx.run.catalogs["spec"] = cat
    ctx.run.sources.append(_source_info("spec", desc, cat))


def read_migrations(ctx: AuditContext) -> None:
    opts, run, say = ctx.opts, ctx.run, ctx.say
    assert opts.migrations is not None
    folder = Path(opts.migrations)
    if "migrations" in ctx.preloaded:
        cat = with_gaps(ctx.preloaded["migrations"], skipped_file_gaps(folder))
        run.catalogs["migrations"] = cat
        run.sources.append(_source_info("migrations", f"{folder} (replayed)", cat))
        return
    if not folder.is_dir():
        if opts.migrations_explicit:
            raise InputError(
                f"migrations folder {opts.migrations} not found",
                hint="check --migrations, or pass --no-migrations",
            )
        return
    if opts.offline:
        from auditor.migrations.offline import NOT_COMPARED, offline_catalog

        say(f"parsing {folder} (offline, no shadow database)")
        cat = offline_catalog(folder)
        desc = f"{folder} (parsed offline: approximate; not compared: {'; '.join(NOT_COMPARED)})"
    else:
        from auditor.shadow import major, shadow_catalog

        wanted, why, pg_bin = major.plan(opts.shadow, opts.pg_bin, opts.shadow_version, folder, opts.dsn)
        say(f"replaying {folder} into a shadow database ({opts.shadow})")
        cat = shadow_catalog(
            folder,
            provider=opts.shadow,
            dsn=opts.shadow_dsn,
            image=opts.shadow_image,
            pg_bin=pg_bin,
            platform=ctx.platform() or "auto",
            progress=say,  # the schema filter applies in schema_filter(), where it is checked
            limits=ctx.replay_limits(),
            cache_dir=opts.cache_dir,
        )
        desc = f"{folder} (replayed on PostgreSQL {cat.server_version}, {opts.shadow} shadow"
        got = (cat.server_version_num or 0) // 10000 or None
        desc += major.note(wanted, why, opts.shadow, got) + ")"
    # A file the naming rule skips is not replayed: what it would create was not seen.
    cat = with_gaps(cat, skipped_file_gaps(folder))
    run.catalogs["migrations"] = cat
    run.sources.append(_source_info("migrations", desc, cat))


def read_live_catalog(
    opts: AuditOptions, platform_schemas: tuple[str, ...], before: Stamp | None = None
) -> LiveRead:
    """Live's catalog in this platform's scope (``before``: its catalog stamp, if already taken)."""
    from auditor.fleet.livecache import read_live
    from auditor.shadow.platform_objects import HOST_SCHEMAS

    assert opts.dsn is not None
    # The platform's schemas are left out, but for those whose tables hold the project's objects
    # (storage, auth...): read_live reduces their tables to hosts of those objects. Read in full,
    # or from the cache when live's catalog stamp is the one it was last read with.
    return read_live(
        opts.dsn,
        timeouts=opts.timeouts,
        include_schemas=opts.include_schemas,
        exclude_schemas=(*opts.exclude_schemas, *(s for s in platform_schemas if s not in HOST_SCHEMAS)),
        jobs=opts.jobs,
        cache_dir=opts.cache_dir,
        before=before,
    )


def read_live(ctx: AuditContext) -> None:
    from auditor.shadow.catalog import without_platform
    from auditor.shadow.platform import PLATFORMS

    opts, run = ctx.opts, ctx.run
    assert opts.dsn is not None
    # The platform's own objects (Supabase's auth, storage, roles, default privileges) are not
    # the project's: leave them out of live exactly as the shadow leaves them out. Its tables stay
    # as hosts of what the project attached to them (a policy on storage.objects).
    name = ctx.platform()
    profile = PLATFORMS[name] if name is not None else None
    if "live" in ctx.preloaded:
        cat = ctx.preloaded["live"]
    else:
        if ctx.early_live is not None and ctx.early_live[0] == _platform_schemas(name):
            got = ctx.early_live[1].result()  # read while the spec was loading, in the same scope
        else:
            ctx.say(f"reading live database {describe(opts.dsn)}")
            got = read_live_catalog(opts, _platform_schemas(name), ctx.live_stamp)
        ctx.live_read, cat = got, got.catalog
    if profile is None:  # no migrations to tell: the live database's own roles decide
        profile = PLATFORMS[_detect_live_platform(cat)]
        ctx.live_platform = profile.name
    cat = without_platform(cat, profile)
    run.catalogs["live"] = cat
    run.sources.append(_source_info("live", describe(opts.dsn), cat))


def scope_spec(ctx: AuditContext) -> None:
    """Every side is compared in the same scope: the platform objects left out of the shadow and
    live (a spec snapshotted from a Supabase database declares auth, the API roles, plpgsql)
    are left out of the spec too, or they would show as missing, false drift. The platform's
    tables that hold a project object on any side (a policy on storage.objects) are kept on every
    side as hosts of those objects; the others nowhere (auditor.shadow.platform_objects)."""
    run = ctx.run
    from auditor.introspect.build import schema_filter as kept_schemas
    from auditor.shadow.catalog import without_platform
    from auditor.shadow.platform import PLATFORMS
    from auditor.shadow.platform_objects import align_hosts, with_strict_hosts

    name = ctx.platform() or ctx.live_platform
    if name is None:
        return
    profile = PLATFORMS[name]
    if "spec" in run.catalogs:
        run.catalogs["spec"] = without_platform(run.catalogs["spec"], profile)
    # hosts only in the schemas --include-schema/--exclude-schema keep (live is read filtered)
    opts = ctx.opts
    kept = kept_schemas(profile.schemas, opts.include_schemas, opts.exclude_schemas)
    run.catalogs.update(align_hosts(run.catalogs, kept))
    if "spec" in run.catalogs and run.catalogs["spec"].strict:
        # a strict spec asserts every project object: those on platform tables too
        run.catalogs["spec"] = with_strict_hosts(run.catalogs["spec"], run.catalogs.values())


def schema_filter(ctx: AuditContext) -> None:
    """--include-schema/--exclude-schema scope every source alike (live is read filtered), and
    each pattern must match a schema of some source: a typo would audit nothing and pass."""
    opts, run = ctx.opts, ctx.run
    inc, exc = opts.include_schemas, opts.exclude_schemas
    if not inc and not exc:
        return
    seen: set[str] = set()
    for name, cat in list(run.catalogs.items()):
        seen.update(cat.schemas)
        if name != "live":
            run.catalogs[name] = filter_schemas(cat, inc, exc)

    def live_names() -> set[str]:
        # "" is a DSN too: libpq's PG* variables (snapshot reads live so)
        return live_schema_names(opts.dsn, opts.timeouts) if opts.dsn is not None else set()

    check_schema_filter(inc, exc, seen, live_names)


def history(ctx: AuditContext) -> None:
    from auditor.migrations.history import (
        FAILED,
        NO_HISTORY,
        NO_TABLE,
        OUT_OF_ORDER,
        PENDING,
        history_findings,
        repository_migrations,
        without_history_table,
    )

    opts, run = ctx.opts, ctx.run
    if opts.history_table == NO_TABLE:
        return  # the project keeps no history: attribution says what cannot be known
    if "live" in run.catalogs:  # the migration tool's bookkeeping is not the project's schema
        run.catalogs["live"] = without_history_table(run.catalogs["live"], opts.history_table)
    if opts.dsn is None or opts.migrations is None or not Path(opts.migrations).is_dir():
        return
    ctx.say("checking applied migrations")
    hist = history_findings(opts.dsn, Path(opts.migrations), table=opts.history_table, timeouts=opts.timeouts)
    run.findings.extend(hist)
    if any(f.code == NO_HISTORY for f in hist):
        return  # which migrations are applied is unknown: attribution says so
    # Not applied: pending, out of order, or recorded as failed. Each is in the repository by
    # definition: its finding names it migration:<version>.
    by_version = {m.version: m.path for m in repository_migrations(opts.migrations)}
    not_applied = (PENDING, OUT_OF_ORDER, FAILED)
    versions = [ObjectRef.parse(f.object).qualified for f in hist if f.code in not_applied]
    run.pending_files = [by_version[v] for v in versions]
    run.history_known = True


def compare(ctx: AuditContext) -> None:
    from auditor.compare import three_way

    run = ctx.run
    cats = run.catalogs
    if sum(1 for k in ("spec", "migrations", "live") if k in cats) < 2:
        return
    ctx.say("comparing")
    _note_majors(run)
    explain = None
    prov = ctx.provenance() if "migrations" in cats and "live" in cats else None
    if prov is not None:
        from auditor.compare.attribution import history_explainer

        # Which migration explains each difference (provenance), and whether live applied it.
        not_applied = [p.name for p in run.pending_files] if run.history_known else None
        explain = history_explainer(prov.explaining_files, not_applied)
    run.findings.extend(
        three_way(cats.get("spec"), cats.get("migrations"), cats.get("live"), explain=explain)
    )


def gaps(ctx: AuditContext) -> None:
    # What a source could not see is a gap, never a difference: "missing in live" for a table
    # the auditing role may not read would be false, and would hide that the audit is blind.
    run = ctx.run
    run.findings[:] = without_gapped_drift(run.findings, run.catalogs)
    for name, cat in run.catalogs.items():
        run.findings.extend(gap_findings(name, cat))


def rules(ctx: AuditContext) -> None:
    opts, run = ctx.opts, ctx.run
    if not opts.rules:
        return
    from auditor.rules import run_rules
    from auditor.rules.config import load_config_file, merge_configs, parse_rules_config

    target = next((k for k in ("live", "migrations", "spec") if k in run.catalogs), None)
    if target is None:
        return
    # One reader for the rules block, with file:line in its errors: the project config file's.
    config = load_config_file(opts.config_file) if opts.config_file else parse_rules_config(None)
    spec = ctx.spec
    if spec is not None and spec.rules:
        config = merge_configs(config, parse_rules_config(spec.rules, spec.rules_location))
    run.rules_config = config
    ctx.say(f"checking rules on {target}")
    run.findings.extend(
        f.with_extra(("source", target))
        for f in run_rules(run.catalogs[target], config, only=opts.only_rules)
    )


def lint_pending(ctx: AuditContext) -> None:
    # Only what is about to run on live can still be made safe; applied files are history.
    run = ctx.run
    if not run.pending_files:
        return
    from auditor.migrations.lint import lint_files

    ctx.say(f"linting {len(run.pending_files)} pending migration(s)")
    run.findings.extend(lint_files(run.pending_files, run.rules_config))


def provenance(ctx: AuditContext) -> None:
    run = ctx.run
    if not run.findings:
        return
    from auditor.migrations.provenance import attach_provenance

    prov = ctx.provenance()
    if prov is not None:
        run.findings[:] = attach_provenance(run.findings, prov)


def ignores(ctx: AuditContext) -> None:
    from auditor.compare.ignore import apply_ignores

    run = ctx.run
    entries = [*(ctx.spec.ignore if ctx.spec is not None else ()), *ctx.opts.ignore]
    for e in entries:  # an entry naming no code that exists hides nothing: a typo, say so
        if e.code is not None:
            check_code(e.code, "ignore: code", e.location)
    if entries:
        run.findings[:] = apply_ignores(run.findings, entries, ctx.opts.today)


def baseline(ctx: AuditContext) -> None:
    if ctx.opts.baseline:
        from auditor.baseline import apply_baseline, load_baseline

        ctx.run.findings[:] = apply_baseline(ctx.run.findings, load_baseline(ctx.opts.baseline))


def reuse_result(ctx: AuditContext) -> None:
    """When every input of this run is provably what it was for a run stored in the result cache
    (auditor.resultcache: the files' bytes, the options, the tool, live's catalog stamp), that run's
    report is this one's and no other stage runs; else the key is kept for keep_result."""
    from auditor import resultcache

    opts = ctx.opts
    if ctx.preloaded or opts.cache_dir is None:
        return  # catalogs read by the caller are not inputs the key can hold
    stamping = None
    if opts.dsn is not None:  # the server stamps its catalogs while the files are hashed here
        from auditor.fleet.livecache import stamp

        stamping = ctx.live_pool.submit(stamp, opts.dsn, opts.timeouts)
    try:
        inputs: str | None = resultcache.inputs_key(opts)
    except (resultcache.NotProvable, OSError) as e:
        ctx.say(f"not reusing a previous result: {e}")
        inputs = None
    if stamping is not None:
        try:
            ctx.live_stamp = stamping.result()
        except AuditorError:
            return  # the live read says what is wrong, in its own words
    if inputs is None:
        return
    key = resultcache.with_live(opts, inputs, ctx.live_stamp)
    found = resultcache.lookup(opts.cache_dir, key)
    if found is None:
        ctx.result_key = key
        return
    ctx.say(f"nothing changed since the run of {found.report.generated_at}: its result reused")
    run = ctx.run
    run.sources[:] = found.report.sources
    run.findings[:] = found.report.findings
    run.reused = found


def keep_result(ctx: AuditContext, report: Report) -> None:
    """Store this run's report in the result cache under its inputs' key, when it can stand for a
    later run's: no stage failed, every source was read in full, and live's catalog is the one the
    key's stamp describes (no DDL while it was read)."""
    from auditor import resultcache

    run, opts = ctx.run, ctx.opts
    if ctx.result_key is None or opts.cache_dir is None or run.failure is not None or run.errors:
        return
    if run.reused is not None or not report.sources or not report.complete or report.open_gaps:
        return
    if opts.dsn is not None and (ctx.live_read is None or ctx.live_read.stamp != ctx.live_stamp):
        return  # live changed while it was read, or its catalog's stamp cannot be vouched for
    try:  # a file edited while the run read it: the report may be of bytes the key does not name
        if resultcache.reusable_key(opts, ctx.live_stamp) != ctx.result_key:
            return
    except (resultcache.NotProvable, OSError):
        return
    resultcache.store(opts.cache_dir, ctx.result_key, resultcache.Result(report.settled()))


def _start_live(ctx: AuditContext) -> None:
    if "live" not in ctx.preloaded:
        start_live(ctx)


# The audit, as data: read each source (live starts first, in a thread), decide the platform once
# (AuditContext.platform, asked by the first stage that needs it), scope and filter, then history,
# compare and attribute, gaps, check (rules, lint), provenance, suppress (ignore, baseline). The gate
# and the report follow in build_report. Commands reuse the parts they need (CHECK, `snapshot`).
AUDIT: tuple[Stage, ...] = (
    # every input as a stored run's: its report is this one's (keep_result stores one, in run_audit)
    Stage("reuse", reuse_result, when=lambda o: o.cache_dir is not None),
    Stage("start live", _start_live, when=lambda o: o.dsn is not None, timed=False),
    Stage("spec", read_spec, when=lambda o: o.spec is not None),
    Stage("migrations", read_migrations, when=lambda o: o.migrations is not None),
    Stage("live", read_live, when=lambda o: o.dsn is not None),  # "": libpq's PG* variables
    Stage("scope", scope_spec),
    Stage("schema filter", schema_filter),
    Stage("history", history),
    Stage("compare", compare),
    Stage("gaps", gaps),
    Stage("rules", rules),
    Stage("lint", lint_pending),
    Stage("provenance", provenance),
    Stage("ignore", ignores),
    Stage("baseline", baseline),
)


def stages(*names: str) -> tuple[Stage, ...]:
    """The stages of AUDIT with these names, in pipeline order (a command's part of the pipeline)."""
    unknown = set(names) - {s.name for s in AUDIT}
    assert not unknown, unknown
    return tuple(s for s in AUDIT if s.name in names)


# `check`: one source read as the audit reads it (the same scope), what it could not read, the rules.
CHECK = stages("spec", "migrations", "live", "scope", "schema filter", "gaps", "rules")


def read_live_whole(ctx: AuditContext) -> None:
    """Live as it is, platform objects included (`snapshot` writes them: a spec declares them)."""
    assert ctx.opts.dsn is not None
    ctx.run.catalogs["live"] = read_live_catalog(ctx.opts, ()).catalog


# `snapshot`: live read whole, the schema filter checked.
SNAPSHOT = (Stage("live", read_live_whole), *stages("schema filter"))


def build_report(run: AuditRun, opts: AuditOptions) -> Report:
    from auditor.report.diagram import schema_graph
    from auditor.report.model import Report

    if run.reused is not None:  # the stored run's report, as of now, its sources saying so
        return run.reused.report.reused()
    findings = sorted(run.findings, key=lambda f: (-f.level.rank, f.object, f.code))
    # The diagrams draw the schema as live has it (else as the migrations or the spec make it).
    drawn = next((name for name in ("live", "migrations", "spec") if name in run.catalogs), None)
    return Report.create(
        sources=tuple(run.sources),
        findings=tuple(findings),
        fail_on=opts.fail_on,
        errors=tuple(run.errors),
        accept_incomplete=opts.accept_incomplete,
        diagram=schema_graph(run.catalogs[drawn], drawn) if drawn else None,
    )


def _note_majors(run: AuditRun) -> None:
    """A spec or migrations source read from another PostgreSQL major than live says so, and what the
    comparison leaves out for it (auditor.compare.versions)."""
    from auditor.compare import versions

    live = run.catalogs.get("live")
    if live is None:
        return
    for i, src in enumerate(run.sources):
        cat = run.catalogs.get(src.name)
        if src.name == "live" or cat is None or not versions.differ(cat, live):
            continue
        if "compared on what both majors can hold" in src.description:
            continue  # the shadow said it already
        said = "; ".join(versions.notes(cat, live))
        run.sources[i] = replace(src, description=f"{src.description} ({said})")


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


def _explicit(platform: str | None) -> str | None:
    return None if platform == "auto" else platform


def _platform_schemas(name: str | None) -> tuple[str, ...]:
    """The schemas a platform profile owns, which live is read without."""
    from auditor.shadow.platform import PLATFORMS

    return tuple(sorted(PLATFORMS[name].schemas)) if name is not None else ()


def _peek_platform(spec: str | None) -> str | None:
    """The spec's top-level ``platform:`` value, read without loading the spec (a foresight for
    starting the live read early; the loaded spec decides)."""
    if spec is None or not Path(spec).is_file():  # a FIFO would block here; load_spec says what it is
        return None
    try:
        text = Path(spec).read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return None
    if text.startswith("platform:"):
        at = 0
    else:
        at = text.find("\nplatform:") + 1
        if at == 0:
            return None
    end = text.find("\n", at)
    line = text[at : end if end >= 0 else None]
    value = line.partition(":")[2].split("#", 1)[0].strip().strip("'\"")
    return value or None


def _detected_platform(migrations: str | None) -> str | None:
    """The platform the migrations folder shows (as the audit's platform() detects it)."""
    if migrations is None or not Path(migrations).is_dir():
        return None
    from auditor.shadow import detect_platform, list_migrations

    files = list_migrations(Path(migrations))[0]
    from auditor.migrations.files import read_migration_bytes

    # Only regular files inside the folder are read (a link to a secret or a FIFO is refused).
    return detect_platform([read_migration_bytes(p).decode("utf-8-sig", errors="replace") for p in files])


def _detect_live_platform(cat: Catalog) -> str:
    """Without migrations to tell, a live database is Supabase when it has Supabase's API roles."""
    return "supabase" if {"anon", "authenticated", "service_role"} <= set(cat.roles) else "none"


def skipped_file_gaps(folder: Path) -> tuple[Gap, ...]:
    """One gap per ``.sql`` file of a migrations folder that the naming rule skips (Flyway's
    ``V1__init.sql``, a typo in a timestamp): its statements were never read, so the migrations'
    side of the audit is incomplete. Other files (a README, .gitkeep) are not migrations."""
    from auditor.migrations.folder import read_folder

    return tuple(
        Gap(
            "migration file",
            str(folder / s.name),
            f"skipped by the naming rule: {s.reason}; the migration tool does not run it either "
            "(rename it, or accept the gap with --accept-incomplete)",
            Location(str(folder / s.name)),
        )
        for s in read_folder(folder).skipped_sql
    )


def with_gaps(cat: Catalog, gaps: tuple[Gap, ...]) -> Catalog:
    return replace(cat, gaps=(*cat.gaps, *gaps)) if gaps else cat


def filter_schemas(cat: Catalog, include: tuple[str, ...], exclude: tuple[str, ...]) -> Catalog:
    """``cat`` with only the schemas the patterns keep (as the live reader filters)."""
    from auditor.introspect.build import schema_filter
    from auditor.model import FrozenMap

    kept = schema_filter(cat.schemas, include, exclude)
    if len(kept) == len(cat.schemas):
        return cat
    return replace(cat, schemas=FrozenMap((k, v) for k, v in cat.schemas.items() if k in kept))


def check_schema_filter(
    include: tuple[str, ...], exclude: tuple[str, ...], seen: set[str], more: Callable[[], set[str]]
) -> None:
    """Each include/exclude pattern matches at least one schema of some source; else a usage error
    with the closest schema name. ``more`` gives further names (live's, unfiltered), asked only
    when a pattern matched nothing in ``seen``."""
    from fnmatch import fnmatchcase

    from auditor.errors import UsageError
    from auditor.gate import suggest

    names = set(seen)
    asked = False
    for flag, patterns in (("--include-schema", include), ("--exclude-schema", exclude)):
        for p in patterns:
            if any(fnmatchcase(n, p) for n in names):
                continue
            if not asked:
                names |= more()
                asked = True
                if any(fnmatchcase(n, p) for n in names):
                    continue
            close = suggest(p, sorted(names))
            raise UsageError(
                f"{flag} {p}: no schema of any source matches it, so nothing would be audited",
                hint=f"did you mean {close}?"
                if close
                else f"schemas: {', '.join(sorted(names)) or '(none)'}",
            )


def live_schema_names(dsn: str, timeouts: Timeouts) -> set[str]:
    """Every schema of the live database (for the schema filter's check only)."""
    from auditor.connect import snapshot

    with snapshot(dsn, timeouts=timeouts) as conn:
        return {r[0] for r in conn.execute("SELECT nspname FROM pg_catalog.pg_namespace").fetchall()}


# A gap on a whole kind hides these object kinds (object paths' prefixes) from that source.
_GAP_COVERS: dict[str, tuple[str, ...]] = {
    "schemas": ("*",),
    "relations": ("table", "column", "constraint", "index", "policy", "trigger"),
    "columns": ("column",),
    "constraints": ("constraint",),
    "indexes": ("index",),
    "policies": ("policy",),
    "triggers": ("trigger",),
    "functions": ("function",),
    "sequences": ("sequence",),
    "enums": ("enum",),
    "domains": ("domain",),
    "collations": ("collation",),
    "extensions": ("extension",),
    "roles": ("role",),
    "default_privileges": ("default_privilege",),
}
# A gap on one attribute of one object hides only that attribute's changes.
_GAP_ATTRIBUTES = {
    "function body": "body_hash",
    "view definition": "view_definition",
    "partition key": "partition_key",
    "partition bound": "partition_bound",
}


def _in_gap(f: Finding, g: Gap) -> bool:
    kind, _, path = f.object.partition(":")
    if g.kind == "acls":  # no grants could be read: privileges differ everywhere, falsely
        return f.kind == "changed" and set(f.changes) <= {"privileges"}
    covers = _GAP_COVERS.get(g.kind)
    if covers is not None and g.object.startswith("all "):
        return "*" in covers or kind in covers
    gap_path = g.object if ":" in g.object else f"{g.kind}:{g.object}"  # offline gaps: "public.t"
    gap_kind, _, gap_name = gap_path.partition(":")
    attr = _GAP_ATTRIBUTES.get(g.kind)
    if attr is not None:
        return f.object == gap_path and f.kind == "changed" and set(f.changes) <= {attr}
    if f.object == gap_path:
        return True
    # the children of a table (columns, constraints, ...) or a schema are in its gap too
    return gap_kind in ("table", "schema") and path.startswith(gap_name + ".")


def without_gapped_drift(findings: list[Finding], catalogs: dict[str, Catalog]) -> list[Finding]:
    """Drift findings minus those on objects a side of their comparison could not see."""
    gapped = {name: cat.gaps for name, cat in catalogs.items() if cat.gaps}
    if not gapped:
        return findings
    out = []
    for f in findings:
        if f.category is Category.DRIFT:
            extra = dict(f.extra)
            sides = {extra.get("expected_source"), extra.get("actual_source")}
            if any(g for side in sides for g in gapped.get(side or "", ()) if _in_gap(f, g)):
                continue
        out.append(f)
    return out


def gap_findings(source: str, cat: Catalog) -> list[Finding]:
    """A catalog that could not see everything says so: one finding per gap, never silence."""
    from auditor.codes import SOURCE_GAP

    out = []
    for g in cat.gaps:
        out.append(
            Finding(
                code=SOURCE_GAP,
                level=Level.WARNING,
                object=g.object,
                message=f"{source}: could not read {g.kind} {g.object}: {g.reason}",
                category=Category.SOURCE,
                kind="incomplete",
                help="grant the auditing role read access to this object, or exclude it; "
                "until then the audit of it is incomplete",
                location=g.location,
                fingerprint_parts=(SOURCE_GAP, source, g.kind, g.object),
            )
        )
    return out


def progress_to_stderr(quiet: bool) -> Callable[[str], None] | None:
    if quiet:
        return None

    def say(msg: str) -> None:
        from auditor.redact import message_line

        sys.stderr.write(f"schema-auditor: {message_line(msg)}\n")  # file names are untrusted: one line

    return say
