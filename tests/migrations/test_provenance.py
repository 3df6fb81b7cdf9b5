"""Provenance: the file:line that created each object and the ones that changed it."""

from __future__ import annotations

from pathlib import Path

from auditor.findings import Finding, Level
from auditor.migrations.parse import parse_folder, parse_text
from auditor.migrations.provenance import attach_provenance, build_provenance
from tests.conftest import ROOT

SEED = ROOT / "migrations"


def _line_of(file: Path, needle: str, after: str | None = None) -> int:
    """1-based line of the first line containing ``needle`` (after the line containing ``after``)."""
    lines = file.read_text(encoding="utf-8").splitlines()
    start = next(i for i, x in enumerate(lines) if after in x) if after else 0
    return next(i for i, x in enumerate(lines) if i >= start and needle in x) + 1


def _seed(name: str) -> Path:
    (path,) = SEED.glob(f"*_{name}.sql")
    return path


def test_seed_provenance() -> None:
    files = parse_folder(SEED)
    prov = build_provenance(files)
    initial, rls, status = _seed("initial_schema"), _seed("complete_rls_setup"), _seed("add_job_status_safe")

    def where(p: Path, line: int) -> tuple[str, int]:
        return (str(Path(files[0].path).parent / p.name), line)

    policy = prov.lookup("policy:public.jobs.jobs_owner_select")
    assert policy.created is not None
    assert (policy.created.file, policy.created.line) == where(
        rls, _line_of(rls, "create policy jobs_owner_select")
    )
    assert policy.changed == ()

    table = prov.lookup("table:public.jobs")
    assert table.created is not None
    assert (table.created.file, table.created.line) == where(
        initial, _line_of(initial, "create table public.jobs")
    )
    changed = [(c.file, c.line) for c in table.changed]
    # ENABLE ROW LEVEL SECURITY, the grants and the new column all change the table.
    assert where(rls, _line_of(rls, "alter table public.jobs enable row level security")) in changed
    assert where(rls, _line_of(rls, "revoke all on public.jobs")) in changed
    assert where(status, _line_of(status, "add column if not exists status")) in changed
    assert changed == sorted(changed)  # in migration order: the last is the latest

    column = prov.lookup("column:public.jobs.status")
    assert column.created is not None and column.created.line == _line_of(
        status, "add column if not exists status"
    )
    index = prov.lookup("index:public.jobs.idx_jobs_status")
    assert index.created is not None and index.created.line == _line_of(status, "create index if not exists")
    # Added inside the idempotent DO block: located at the inner statement.
    check = prov.lookup("constraint:public.jobs.jobs_status_check")
    assert check.created is not None
    assert check.created.line == _line_of(status, "alter table public.jobs", after="do $$")
    # Default names, as PostgreSQL gives them.
    assert prov.lookup("constraint:public.job_events.job_events_run_id_fkey").created is not None
    assert prov.lookup("index:public.jobs.jobs_pkey").created is not None


def test_unqualified_names_follow_search_path_and_recreation_resets() -> None:
    sql = (
        "create table jobs (a int);\n"  # 1: public.jobs
        "set search_path = app, public;\n"
        "create table jobs (a int);\n"  # 3: app.jobs
        "create policy p on jobs using (true);\n"  # 4
        "drop policy p on jobs;\n"  # 5
        "create policy p on jobs using (false);\n"  # 6
        "alter table jobs rename column a to b;\n"  # 7
    )
    prov = build_provenance([parse_text(sql, "m.sql")])
    assert prov.lookup("table:public.jobs").created.line == 1  # type: ignore[union-attr]
    assert prov.lookup("table:app.jobs").created.line == 3  # type: ignore[union-attr]
    p = prov.lookup("policy:app.jobs.p")
    assert (p.created.line, p.dropped) == (6, None)  # type: ignore[union-attr]
    a = prov.lookup("column:app.jobs.a")
    assert a.dropped is not None and a.dropped.line == 7
    assert prov.lookup("column:app.jobs.b").created.line == 7  # type: ignore[union-attr]
    assert prov.lookup("table:public.nothing").created is None


def test_attach_provenance_fills_location_and_provenance() -> None:
    prov = build_provenance(parse_folder(SEED))
    rls = _seed("complete_rls_setup")
    missing = Finding("DRF001", Level.ERROR, "policy:public.jobs.jobs_owner_select", "missing in live")
    other = Finding("DRF001", Level.ERROR, "policy:public.jobs.not_from_migrations", "unexpected in live")
    done = attach_provenance([missing, other], prov)
    assert done[0].location is not None and done[0].location.line == _line_of(
        rls, "create policy jobs_owner_select"
    )
    assert Path(done[0].location.file).name == rls.name
    assert done[0].provenance == (done[0].location,)
    assert done[1] == other


def test_explaining_files_says_none_only_where_the_parse_sees() -> None:
    """Which migration file would explain a difference between the migrations and live: the file
    that creates a missing object, drops an unexpected one, changes the very attribute; nothing for
    what no statement touches; unknown (None) where the parse is blind."""
    from auditor.compare.attribution import LiveFact
    from auditor.model import object_path

    one = parse_text(
        "create table t (a int, b int);\ncreate table u (a int);\n"
        "create function f(x int) returns int language sql as 'select x';\n",
        file="m/0001_init.sql",
    )
    two = parse_text(
        "alter table t alter column a set default 1;\n"
        "alter table t add column c int;\n"
        "drop function f(x int);\n",
        file="m/0002_more.sql",
    )
    prov = build_provenance([one, two])

    def fact(kind: str, object_type: str, *parts: str, attribute: str = "") -> LiveFact:
        return LiveFact(kind, object_type, parts, object_path(object_type, *parts), attribute)  # type: ignore[arg-type]

    cases = {
        fact("changed", "column", "public", "t", "a", attribute="default"): frozenset({"m/0002_more.sql"}),
        # 0002 alters the table, but not b's default: no migration explains b's default
        fact("changed", "column", "public", "t", "b", attribute="default"): frozenset(),
        fact("missing", "column", "public", "t", "c"): frozenset({"m/0002_more.sql"}),
        fact("unexpected", "function", "public", "f", "x integer"): frozenset({"m/0002_more.sql"}),
        fact("unexpected", "index", "public", "t", "by_hand"): frozenset(),
        fact("changed", "table", "public", "t", attribute="rls_enabled"): frozenset(),
        # owners and roles pass the parse without effect: never "no migration"
        fact("changed", "table", "public", "u", attribute="owner"): None,
        # ... and a later ALTER TABLE may have changed t's owner, for all the parse can tell
        fact("changed", "table", "public", "t", attribute="owner"): frozenset({"m/0002_more.sql"}),
        fact("unexpected", "role", "someone"): None,
    }
    assert prov.explaining_files(list(cases)) == cases

    # A statement the parse cannot read makes "none" unknown for what it may have touched.
    dynamic = parse_text("do $$ begin execute 'create index i on t (b)'; end $$;\n", file="m/0003_dyn.sql")
    blind = build_provenance([one, two, dynamic])
    by_hand = fact("unexpected", "index", "public", "t", "by_hand")
    assert blind.explaining_files([by_hand]) == {by_hand: None}
    # An unmodelled CREATE TYPE (a shell type) cannot have made an index: the hand-made index stays
    # certain; a domain it may have made is not known.
    domain = parse_text("create type shell_t;\n", file="m/0003_type.sql")
    partly = build_provenance([one, two, domain])
    assert [g.object for g in partly._gaps] == ["CREATE TYPE"]
    unknown_domain = fact("unexpected", "domain", "public", "e")
    assert partly.explaining_files([by_hand, unknown_domain]) == {by_hand: frozenset(), unknown_domain: None}


def test_objects_on_a_platform_table_have_provenance(tmp_path: Path) -> None:
    """A policy on storage.objects and a trigger on auth.users sit on tables no migration creates:
    the offline model cannot hold them, but their findings still point at the statement."""
    (tmp_path / "20240101000000_hooks.sql").write_text(
        "create function public.on_signup() returns trigger language plpgsql as $$begin return new; end$$;\n"
        "create trigger on_auth_user_created after insert on auth.users\n"
        "  for each row execute function public.on_signup();\n"
        'create policy "own files" on "storage"."objects"\n'
        "  for select to authenticated using (owner = auth.uid());\n"
    )
    prov = build_provenance(parse_folder(tmp_path))
    found = attach_provenance(
        [
            Finding("DRF001", Level.ERROR, "trigger:auth.users.on_auth_user_created", "missing in live"),
            Finding("DRF001", Level.ERROR, 'policy:storage.objects."own files"', "missing in live"),
        ],
        prov,
    )
    assert [(f.location.line if f.location else None) for f in found] == [2, 4]
