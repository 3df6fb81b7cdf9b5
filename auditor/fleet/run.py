"""Run a fleet: the expected sources once, a fingerprint per database, one audit per shape, one
JSON line per member streamed to the partial file.

Every member's result comes from the audit's stages (the same stages, rules and gate as
``audit``), run on one representative per shape with the replayed migrations given as
``preloaded``. A member whose fingerprint cannot be read is unread (verdict ``error``) and the
others carry on.

Per-object reads: the largest shape's representative is read whole (the base). Another shape's
representative differs from it in a few objects, which the fingerprint's per-object prints name
(``fingerprint(detail=True)``): only those are read (``introspect(only=...)``) and put over the
base's catalog (``overlay``), which is that member's catalog as a whole read gives it, since each
print covers every fact the model keeps on its object. Whatever the prints cannot vouch for is
read whole: another major, a different database-wide print (extensions, roles, default
privileges, history), a base that could not be read, any error on the way.
"""

from __future__ import annotations

import itertools
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
from auditor.fleet.fingerprint import DatabasePrint, fingerprint
from auditor.fleet.inventory import Member
from auditor.fleet.results import PartialWriter, encode
from auditor.model import Catalog


@dataclass(frozen=True)
class FleetOptions:
    audit: AuditOptions  # dsn is ignored: each member brings its own
    template_schema: str | None = None  # schema-per-tenant: the expected schema's name
    per_object: bool = True  # shapes after the first: read only the objects that differ from it
    cache_dir: str | None = None  # tenant databases' prints kept with their catalog stamp (None: not)


@dataclass(frozen=True)
class Base:
    """The first shape's representative, read whole: what other shapes' partial reads go over."""

    live: Catalog  # its live catalog as read (a tenant's under the template's name)
    objects: dict[str, tuple[tuple[str, str, str], ...]]  # its per-object prints (tenant: template's)
    database: str  # its database-wide print
    major: int
    platform_schemas: tuple[str, ...]  # the platform's schemas live was read without


@dataclass(frozen=True)
class Probe:
    """One member's fingerprint, or why it could not be read."""

    member: Member
    shape: str | None
    server_version: str | None
    error: str | None = None
    print: str | None = None  # a tenant's schema print (what is kept for the next run)


def probe(group: tuple[Member, ...], fopts: FleetOptions) -> list[Probe]:
    """Fingerprint the members of one database (a task: runs on a thread or a dask worker): one
    query, whether the database is one member or holds a thousand tenant schemas."""
    from auditor.introspect.build import schema_filter

    opts = fopts.audit
    first = group[0]
    tenants = None if first.schema is None else [m.schema or "" for m in group]
    try:
        fp = fingerprint(
            first.dsn,
            timeouts=opts.timeouts,
            strip=first.schema is not None,
            history_table=_history(opts),
            schemas=tenants,
        )
    except AuditorError as e:
        return [Probe(m, None, None, str(e)) for m in group]
    except Exception as e:  # a bug must not take the other members down; the members are unread
        return [Probe(m, None, None, f"internal error: {type(e).__name__}: {e}") for m in group]
    if first.schema is not None:
        return _tenant_probes(group, fp)
    kept = schema_filter([s for s, _ in fp.schemas], opts.include_schemas, opts.exclude_schemas)
    return [Probe(m, fp.shape(sorted(kept)), fp.server_version) for m in group]


def _tenant_probes(group: Sequence[Member], fp: DatabasePrint) -> list[Probe]:
    prints = dict(fp.schemas)
    return [
        Probe(m, fp.tenant_shape(m.schema or ""), fp.server_version, print=prints.get(m.schema or ""))
        for m in group
    ]


@dataclass
class Kept:
    """A tenant database's stamp, taken before its tenants are printed, and the prints kept with it."""

    key: str
    stamp: str
    server_version: str
    prints: tuple[tuple[str, str], ...] | None  # None: not kept (or another stamp): printed now


def kept_tenant_prints(
    members: Sequence[Member], fopts: FleetOptions, say: Callable[[str], None]
) -> dict[str, Kept]:
    """Per tenant database (by DSN): its catalog stamp and, when unchanged since they were kept, its
    tenants' prints (:mod:`auditor.fleet.fingerprint`). A database whose stamp cannot be taken is
    left out: printed as usual, nothing kept."""
    from auditor.fleet.fingerprint import kept_key, kept_prints
    from auditor.fleet.livecache import stamp

    if fopts.cache_dir is None:
        return {}
    tenants: dict[str, list[str]] = {}
    for m in members:
        if m.schema is not None:
            tenants.setdefault(m.dsn, []).append(m.schema)
    out: dict[str, Kept] = {}
    for dsn, names in tenants.items():
        try:
            st = stamp(dsn, fopts.audit.timeouts)
        except AuditorError:
            continue
        key = kept_key(st.where, st.server_version, names)
        found = kept_prints(fopts.cache_dir, key, st.value) if st.value else None
        if found is not None:
            say(f"{len(names)} tenant schema(s) unchanged since their prints were kept (same catalog stamp)")
        out[dsn] = Kept(key, st.value, st.server_version, found)
    return out


def probe_kept(group: tuple[Member, ...], fopts: FleetOptions, kept: Kept) -> list[Probe]:
    """The probes of a tenant database whose prints were kept: only its database-wide print (every
    role of the cluster, the applied migrations: what no stamp vouches for) is computed."""
    try:
        fp = fingerprint(
            group[0].dsn,
            timeouts=fopts.audit.timeouts,
            strip=True,
            history_table=_history(fopts.audit),
            schemas=(),
        )
    except AuditorError as e:
        return [Probe(m, None, None, str(e)) for m in group]
    if fp.server_version != kept.server_version or kept.prints is None:  # upgraded in between
        return probe(group, fopts)
    return _tenant_probes(group, replace(fp, schemas=kept.prints))


def keep_tenant_prints(fopts: FleetOptions, kept: dict[str, Kept], probes: Sequence[Probe]) -> None:
    """Keep each printed tenant database's prints under the stamp taken before (all its members
    printed, on the server version stamped)."""
    from auditor.fleet.fingerprint import KeptPrints, keep_prints

    if fopts.cache_dir is None:
        return
    by_dsn: dict[str, list[Probe]] = {}
    for p in probes:
        by_dsn.setdefault(p.member.dsn, []).append(p)
    for dsn, k in kept.items():
        got = by_dsn.get(dsn, [])
        if k.prints is not None or not k.stamp or not got:
            continue
        if any(p.shape is None or p.server_version != k.server_version for p in got):
            continue
        prints = tuple(sorted((p.member.schema or "", p.print) for p in got if p.print is not None))
        keep_prints(fopts.cache_dir, k.key, KeptPrints(k.stamp, k.server_version, prints))


#: Fewer tenants than this per slice are not worth a connection of their own.
TENANTS_PER_SLICE = 50


def _history(opts: AuditOptions) -> str | None:
    """The history table the fingerprint hashes (the known ones it finds by itself)."""
    return None if opts.history_table in ("auto", "none", "supabase", "flyway") else opts.history_table


def by_database(members: Sequence[Member], slices: int = 1) -> list[tuple[Member, ...]]:
    """Members grouped by database: tenant schemas of one database share a fingerprint query, or
    ``slices`` of them (one query each, run side by side) when the database holds many tenants."""
    groups: dict[str, list[Member]] = {}
    for m in members:
        groups.setdefault(m.dsn if m.schema is not None else f"\0{m.name}", []).append(m)
    out: list[tuple[Member, ...]] = []
    for g in groups.values():
        n = max(1, min(slices, len(g) // TENANTS_PER_SLICE))
        size = -(-len(g) // n)
        out += [tuple(g[i : i + size]) for i in range(0, len(g), size)]
    return out


def audit_shape(
    item: tuple[str, Member], fopts: FleetOptions, migrations: Catalog | None, base: Base | None = None
) -> tuple[str, dict[str, Any]]:
    """The audit of one representative member of a shape: its report as a dict. With ``base``,
    only the objects whose prints differ from the base's are read, over the base's catalog."""
    shape, out, _ = _audit_member(item, fopts, migrations, base, keep=False)
    return shape, out


def audit_base(
    item: tuple[str, Member], fopts: FleetOptions, migrations: Catalog | None
) -> tuple[str, dict[str, Any], Base | None]:
    """The whole audit of the first shape's representative, and what other shapes read over (None
    when it could not be read whole, or per-object reads are off)."""
    return _audit_member(item, fopts, migrations, None, keep=fopts.per_object)


def _audit_member(
    item: tuple[str, Member],
    fopts: FleetOptions,
    migrations: Catalog | None,
    base: Base | None,
    *,
    keep: bool,
) -> tuple[str, dict[str, Any], Base | None]:
    from auditor.audit import AuditContext, audit_in

    shape, member = item
    opts = replace(fopts.audit, dsn=member.dsn)
    pre: dict[str, Catalog] = {}
    if migrations is not None:
        pre["migrations"] = migrations
    kept: Base | None = None
    try:
        template = fopts.template_schema or "public"
        if member.schema is not None:
            opts = replace(
                opts,
                include_schemas=(template,),
                exclude_schemas=(),
                history_table="none" if opts.history_table == "auto" else opts.history_table,
            )
        part = _partial_live(member, fopts, base, template) if base is not None else None
        if part is not None:
            pre["live"] = part
        elif member.schema is not None:
            from auditor.fleet.rename import rename_schema
            from auditor.introspect import introspect

            live = introspect(member.dsn, timeouts=opts.timeouts, include_schemas=(member.schema,), jobs=1)
            pre["live"] = rename_schema(live, member.schema, template)
        # the audit on a context at hand: the base keeps live's catalog as read
        ctx = AuditContext(opts, preloaded=pre)
        report, run = audit_in(ctx)
        out = report.to_dict()
        out["exit_code"] = int(run.failure.exit_code if run.failure is not None else report.exit_code)
        if keep and run.failure is None:
            live_cat = pre.get("live") or (ctx.live_read.catalog if ctx.live_read is not None else None)
            if live_cat is not None and not live_cat.gaps:  # what it could not see, others read whole
                kept = _base(member, fopts, live_cat, _platform_schemas(ctx.platform()), template)
    except AuditorError as e:
        out = _error_dict(str(e), int(e.exit_code))
    except Exception as e:
        out = _error_dict(f"internal error: {type(e).__name__}: {e}", 70)
    return shape, out, kept


def _platform_schemas(name: str | None) -> tuple[str, ...]:
    """The platform's schemas live is read without (its host schemas aside), as the audit reads."""
    from auditor.shadow.platform import PLATFORMS
    from auditor.shadow.platform_objects import HOST_SCHEMAS

    if name is None:
        return ()
    return tuple(s for s in sorted(PLATFORMS[name].schemas) if s not in HOST_SCHEMAS)


def _prints(member: Member, fopts: FleetOptions, template: str) -> DatabasePrint:
    """The member's per-object prints; a tenant's under the template's name."""
    opts = fopts.audit
    fp = fingerprint(
        member.dsn,
        timeouts=opts.timeouts,
        strip=member.schema is not None,
        history_table=_history(opts),
        detail=True,
        schemas=None if member.schema is None else (member.schema,),
    )
    if member.schema is None:
        return fp
    mine = fp.objects.get(member.schema, ())
    return replace(fp, objects={template: mine} if mine else {})


def _base(
    member: Member, fopts: FleetOptions, live: Catalog, platform: tuple[str, ...], template: str
) -> Base | None:
    """What other shapes read over; None when the prints cannot be had (they then read whole).
    The prints are taken after the read: DDL in between only makes a member read whole, or
    compared with what the base now is."""
    try:
        fp = _prints(member, fopts, template)
    except AuditorError:
        return None
    return Base(live, fp.objects, fp.database, fp.major, platform)


def _partial_live(member: Member, fopts: FleetOptions, base: Base, template: str) -> Catalog | None:
    """The member's live catalog as the base's with only the objects whose prints differ read
    from the member; None when it must be read whole (another major, another database-wide print,
    a read or overlay that fails: the whole read then says what is wrong). A bug raises."""
    from auditor.introspect import ObjectSet, introspect, overlay
    from auditor.introspect.merge import OverlayError

    try:
        fp = _prints(member, fopts, template)
        if fp.major != base.major or fp.database != base.database:
            return None
        only = ObjectSet.between(base.objects, fp.objects)
        opts = fopts.audit
        if member.schema is None:
            part = introspect(
                member.dsn,
                timeouts=opts.timeouts,
                include_schemas=opts.include_schemas,
                exclude_schemas=(*opts.exclude_schemas, *base.platform_schemas),
                jobs=1,
                only=only,
            )
            return overlay(base.live, part, only)
        from auditor.fleet.rename import rename_schema

        # the tenant's own objects are read under its name, then named as the template's
        own = ObjectSet.of((member.schema if s == template else s, k, n) for s, k, n in only)
        part = introspect(
            member.dsn, timeouts=opts.timeouts, include_schemas=(member.schema,), jobs=1, only=own
        )
        return overlay(base.live, rename_schema(part, member.schema, template), only)
    except (AuditorError, OverlayError):  # the whole read says what is wrong, in its own words
        return None


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


def _slices(executor: Executor) -> int:
    """How many slices a database of many tenants is fingerprinted in: as many as run at once."""
    return max(1, int(getattr(executor, "concurrency", 1)))


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
        kept = kept_tenant_prints(members, fopts, say)
        hits = [
            (group, k)
            for dsn, k in kept.items()
            if k.prints is not None
            for group in by_database([m for m in members if m.dsn == dsn and m.schema is not None])
        ]
        done = {m for group, _ in hits for m in group}
        printed: list[Probe] = []
        try:
            for probes in itertools.chain(
                (probe_kept(group, fopts, k) for group, k in hits),
                executor.map_unordered(
                    probe, by_database([m for m in members if m not in done], _slices(executor)), fopts
                ),
            ):
                if expected_read.done() and expected_read.exception() is not None:
                    break  # the expected side failed: no member can be audited, stop now
                printed += probes
                for p in probes:
                    if p.shape is None:
                        writer.member(_member_line(p, None, _error_dict(p.error or "unread", 3)))
                    else:
                        shapes.setdefault(p.shape, []).append(p)
            else:
                keep_tenant_prints(fopts, kept, printed)
        finally:
            timings["fingerprint"] = time.perf_counter() - t0
        migrations, expected = expected_read.result()  # its error (exit 2) wins over the members
    writer.set_expected(expected.to_dict()["sources"])
    timings["expected"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    say(f"auditing {len(shapes)} distinct shape(s)")
    # the largest shape first, read whole; the others over it, object by object
    order = sorted(shapes.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    reps = [(shape, min(probes, key=lambda p: p.member.name).member) for shape, probes in order]
    base: Base | None = None
    first: tuple[str, dict[str, Any]] | None = None
    for shape, result, got in executor.map_unordered(audit_base, reps[:1], fopts, migrations):
        base, first = got, (shape, result)
    timings["audit base"] = time.perf_counter() - t0
    # the base shape's members (most of the fleet) are written while the other shapes are audited;
    # one thread writes at a time: a shape's write waits for the one before (and leaving the pool
    # waits for it too, when an error ends the loop)
    template = fopts.template_schema
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="fleet-write") as pool:
        writing = None
        if first is not None:
            shape, result = first
            writing = pool.submit(_write_shape, writer, shapes.pop(shape), shape, result, template)
        for shape, result in executor.map_unordered(audit_shape, reps[1:], fopts, migrations, base):
            if writing is not None:
                writing.result()
                writing = None
            _write_shape(writer, shapes.pop(shape), shape, result, template)
        if writing is not None:
            writing.result()
    timings["audit"] = time.perf_counter() - t0
    return timings


def _write_shape(
    writer: PartialWriter, probes: list[Probe], shape: str, result: dict[str, Any], template: str | None
) -> None:
    """Every member of a shape: their findings are the shape's, encoded once; a tenant's are the
    same text with its own schema's name put in (:class:`RenamedFindings`)."""
    from auditor.fleet.rename import RenamedFindings

    findings = result.get("findings", [])
    shared = encode(findings)
    renamed = None
    if findings and any(p.member.schema is not None for p in probes):
        renamed = RenamedFindings(findings, template or "public", encode)
    places: dict[str, str] = {}  # a DSN's description, once per database (tenants share one)

    def where(dsn: str) -> str:
        got = places.get(dsn)
        if got is None:
            got = places[dsn] = describe(dsn)
        return got

    for p in sorted(probes, key=lambda p: p.member.name):  # the representative first
        line = _member_line(p, shape, result, template, rename=False, where=where)
        schema = p.member.schema
        text = shared if schema is None or renamed is None else renamed.for_tenant(schema)
        writer.member(line, findings_json=text)


def _member_line(
    p: Probe,
    shape: str | None,
    result: dict[str, Any],
    template: str | None = None,
    *,
    rename: bool = True,
    where: Callable[[str], str] = describe,
) -> dict[str, Any]:
    """One member's line: its own name, labels and live source, the shape's findings and verdict
    (a tenant's findings named after its own schema, unless ``rename`` is off: the caller puts
    them in as text)."""
    m = p.member
    findings = result.get("findings", [])
    if rename and m.schema is not None and findings:
        from auditor.fleet.rename import rename_in_findings

        findings = rename_in_findings(findings, template or "public", m.schema)
    sources = []
    for s in result.get("sources", []):
        if s.get("name") == "live":
            place = where(m.dsn) + (f", schema {m.schema}" if m.schema else "")
            s = {**s, "description": place}
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
        "findings": None if not rename else findings,
    }


def default_partial(out: Path, shard: tuple[int, int] | None) -> Path:
    i, n = shard or (0, 1)
    return out / f"fleet.partial-{i}-of-{n}.jsonl"
