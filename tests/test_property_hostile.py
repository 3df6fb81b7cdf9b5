"""Generated hostile input (hypothesis): specs and migration files an attacker could put in a pull
request. Each goes through the real entry points, in process (the CLI's ``main``), and must end in
exit 0/1 (the input happened to be valid) or 2 with a one-line message naming file:line: never 70,
never a traceback, within a time bound per example (hypothesis' deadline) and a memory bound (an
address-space limit while the test runs, and the peak resident size it may add).

The generators aim at what broke before: alias bombs, recursive aliases, deep nesting, tags whose
value does not construct, dates where text goes, escaped lone surrogates, control characters;
unterminated quotes, comments and dollar quotes, statements nested thousands of levels deep, NUL
and invalid UTF-8, ``BEGIN ATOMIC`` bodies, psql meta-commands, suppression comments.
"""

from __future__ import annotations

import contextlib
import io
import re
import resource
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.cli import main
from auditor.errors import InputError
from auditor.migrations import parse as migration_parse
from auditor.migrations.offline import offline_catalog
from auditor.spec import load_spec

EXAMPLES = int(__import__("os").environ.get("HOSTILE_EXAMPLES", "1000"))
DEADLINE_MS = 5000  # per example; a handled hostile input takes milliseconds
HEADROOM = 1536 << 20  # address space a run may add (an alias bomb took 8.7 GB)
MAX_RSS_GROWTH_MB = 600
# one temporary directory serves all examples; large generated inputs are the point
HEALTH = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large]


def _vm_size() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0


@contextlib.contextmanager
def _bounded_memory() -> Iterator[None]:
    """An address-space limit of what the process uses now plus HEADROOM (a runaway allocation is
    a MemoryError, which the CLI would report as exit 70), and a check of the peak RSS it added."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _vm_size() + HEADROOM
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    assert grown < MAX_RSS_GROWTH_MB, f"peak RSS grew by {grown:.0f} MB"


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as e:  # argparse
            code = int(e.code or 0)
    return code, out.getvalue(), err.getvalue()


def _assert_clean_exit(code: int, out: str, err: str, path: Path) -> None:
    assert code in (0, 1, 2), (code, err[-500:])
    assert "Traceback" not in out + err and "internal error" not in err, err[-2000:]
    if code == 2:
        lines = [x for x in err.splitlines() if x.startswith("schema-auditor: error:")]
        assert len(lines) == 1, err
        # file:line, as the user gave the path
        assert re.match(rf"schema-auditor: error: {re.escape(str(path))}:\d+(:\d+)?: \S", lines[0]), lines[0]


@pytest.fixture
def workdir() -> Iterator[Path]:
    """A directory of its own as the working directory (no project config is picked up)."""
    d = Path(tempfile.mkdtemp(prefix="sa-hostile-"))
    with contextlib.chdir(d):
        yield d
    shutil.rmtree(d, ignore_errors=True)


# --- specs ------------------------------------------------------------------------------------------

KEYS = [
    "version",
    "schemas",
    "public",
    "tables",
    "t",
    "columns",
    "c",
    "type",
    "not_null",
    "default",
    "primary_key",
    "checks",
    "indexes",
    "policies",
    "rls",
    "strict",
    "ignore",
    "object",
    "reason",
    "expires",
    "rules",
    "allow",
    "rule",
    "roles",
    "extensions",
    "comment",
    "grants",
    "functions",
    "enums",
    "platform",
    "owner",
    "views",
    "x",
    "é",
    "2024-01-01",
    "on",
    "<<",
    "'q'",
    '"\\ud800"',
]
SCALARS = [
    "1",
    "text",
    "true",
    "false",
    "null",
    "~",
    "",
    "2024-01-01",
    "2027-02-31",
    "2024-13-45",
    "'quoted'",
    '"dq"',
    '"\\ud800"',
    '"x\\udfffy"',
    '"\\U0000d800"',
    '"\\ud83d\\ude00"',
    "!!bool maybe",
    "!!bool yes",
    "!!timestamp nope",
    "!!timestamp 2024-01-01 10:00:00",
    "!!int x",
    "!!int 0x",
    "!!float y",
    "!!binary AAA",
    "!!binary '@@'",
    "!!str 5",
    "!!python/object:os.system x",
    "!!set {a: 1}",
    "!!omap [a]",
    "!!null x",
    "!<tag:x> y",
    ".inf",
    "-.nan",
    "0x1F",
    "010",
    "12:30",
    "on",
    "1.0e+400",
    "9" * 4400,
    "int4[]",
    "uuid",
    "now()",
    "a\tb",
    '"\\x00"',
    '"\\e"',
    "'\u2028'",
    "é",
    "\ufeff",
]


def _scalar() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(SCALARS), st.text(max_size=12).map(lambda s: repr(s)))


def _node() -> st.SearchStrategy[Any]:
    return st.recursive(
        _scalar(),
        lambda inner: st.one_of(
            st.lists(inner, max_size=4).map(lambda xs: ("seq", xs)),
            st.lists(st.tuples(st.sampled_from(KEYS), inner), max_size=4).map(lambda kv: ("map", kv)),
        ),
        max_leaves=20,
    )


def _render(node: Any, indent: int, flow: bool, anchors: list[str], draw: st.DrawFn) -> str:
    """YAML text for a generated node: block or flow style, with anchors and aliases thrown in."""
    if isinstance(node, str):
        if anchors and draw(st.integers(0, 9)) == 0:
            return "*" + draw(st.sampled_from(anchors))
        return node
    kind, items = node
    prefix = ""
    if draw(st.integers(0, 7)) == 0:
        name = f"a{len(anchors)}"
        anchors.append(name)  # defined here: an alias below it is recursive
        prefix = f"&{name} "
    if flow or not items:
        if kind == "seq":
            body = ", ".join(_render(x, 0, True, anchors, draw) for x in items)
            return f"{prefix}[{body}]"
        body = ", ".join(f"{k}: {_render(v, 0, True, anchors, draw)}" for k, v in items)
        return f"{prefix}{{{body}}}"
    pad = " " * indent
    lines = []
    for item in items:
        if kind == "seq":
            value = _render(item, indent + 2, draw(st.booleans()), anchors, draw)
            lines.append(f"{pad}- {value}" if not value.startswith("\n") else f"{pad}-{value}")
        else:
            k, v = item
            value = _render(v, indent + 2, draw(st.booleans()), anchors, draw)
            lines.append(f"{pad}{k}:{value}" if value.startswith("\n") else f"{pad}{k}: {value}")
    return (prefix.rstrip() + "\n" if prefix else "\n") + "\n".join(lines)


MUTATIONS = [
    "\t",
    "\x00",
    "\x07",
    "\x85",
    "\u2028",
    "\ud800",
    "&",
    "*",
    "!",
    "%",
    "\\",
    '"',
    "'",
    "\n",
    ": ",
    "- ",
]


@st.composite
def hostile_specs(draw: st.DrawFn) -> str:
    """A spec text: a generated tree, an alias bomb, deep nesting, or a valid spec mutated."""
    shape = draw(st.sampled_from(["tree", "tree", "tree", "bomb", "deep", "recursive", "mutated"]))
    head = draw(st.sampled_from(["version: 1\n", "", "%YAML 1.1\n---\nversion: 1\n", "\ufeffversion: 1\n"]))
    if shape == "bomb":
        width, levels = draw(st.integers(2, 12)), draw(st.integers(2, 10))
        lines = [f"a0: &a0 [{', '.join(['x'] * width)}]"]
        for i in range(1, levels):
            lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]")
        return head + "\n".join(lines) + "\n"
    if shape == "deep":
        n = draw(st.integers(50, 3000))
        opener, closer = draw(st.sampled_from([("[", "]"), ("{a: ", "}"), ("- ", "")]))
        if opener == "- ":
            return head + "schemas:\n" + "".join(" " * i + "- \n" for i in range(min(n, 120))) + "x\n"
        return head + "schemas: " + opener * n + "1" * (opener != "[") + closer * n + "\n"
    if shape == "recursive":
        return head + draw(st.sampled_from([
            "schemas: &a {public: {tables: *a}}\n",
            "schemas: &a [*a]\n",
            "schemas:\n  public: &p\n    tables:\n      t: *p\n",
            "x: &a {b: &b [*a, *b]}\n",
        ]))  # fmt: skip
    text = head + "schemas:" + _render(draw(_node()), 2, draw(st.booleans()), [], draw) + "\n"
    if shape == "mutated":
        chars = draw(st.lists(st.sampled_from(MUTATIONS), max_size=5))
        for c in chars:
            at = draw(st.integers(0, len(text)))
            text = text[:at] + c + text[at:]
    return text


@pytest.mark.timeout(600)
@settings(
    max_examples=EXAMPLES,
    deadline=DEADLINE_MS,
    suppress_health_check=HEALTH,
    derandomize=True,  # the same thousand cases on every run: a failure is reproducible
)
@given(text=hostile_specs())
def test_hostile_specs_exit_2_with_file_line(text: str, workdir: Path) -> None:
    path = Path("spec.yaml")
    # surrogatepass: a raw lone surrogate becomes bytes that are not UTF-8, as a file would hold them
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    with _bounded_memory():
        code, out, err = _run(["check", "--spec", str(path), "--format", "text"])
    _assert_clean_exit(code, out, err, path)
    if code != 2:  # the CLI found it valid: so does the loader
        load_spec(path)


# --- migration files -------------------------------------------------------------------------------

FRAGMENTS = [
    "create table t (id int primary key, name text);\n",
    "alter table t add column c text not null default 'x';\n",
    "create index i on t (name);\n",
    "create tabel oops (x int);\n",
    "select 'unterminated ;\n",
    "select $$ unterminated dollar;\n",
    "/* unterminated comment ;\n",
    "/* nested /* comment */ still ; */ select 1;\n",
    "select E'\\'';\n",
    'select U&"\\0061";\n',
    "create function f() returns int language sql\n"
    "begin atomic select 1; select case when true then 1 end; end;\n",
    "do $$ begin perform 1; execute 'drop table x'; end $$;\n",
    "do $$ begin if true then create table if not exists d (x int); end if; end $$;\n",
    "create function g() returns trigger language plpgsql as $f$ begin return new; end $f$;\n",
    "\\i other.sql\n",
    "\\set x 1\n",
    "copy t from stdin;\n1\tx\n\\.\n",
    "-- schema-auditor: ignore MIG001 -- a reason\ncreate index j on t (id);\n",
    "-- schema-auditor: ignore\n",
    "begin;\ncommit;\n",
    "create index concurrently k on t (id);\n",
    "select 1abc;\n",
    ";;;\n",
    "select 'é—✓';\n",
    'create table "é" ("ü" int);\n',
    "create rule r as on insert to t do also (insert into t values (1); insert into t values (2));\n",
    "grant select on t to anon;\n",
    "comment on table t is 'x';\n",
    "create policy p on t for select using (true);\n",
    "alter database postgres set search_path = public;\n",
    "create extension if not exists pgcrypto;\n",
    "\ufeff",
    "\r\n",
    "set search_path = other, public;\n",
]


@st.composite
def hostile_migrations(draw: st.DrawFn) -> bytes:
    """A migration file's bytes: fragments, deep nesting, raw bytes, NUL and odd characters."""
    parts: list[str] = draw(st.lists(st.sampled_from(FRAGMENTS), min_size=0, max_size=12))
    extra = draw(
        st.sampled_from(["none", "none", "deep_expr", "deep_parens", "deep_case", "long_ident", "chars"])
    )
    if extra == "deep_expr":
        op = draw(st.sampled_from(["1+", "- ", "not ", "a||", "(select ", "array["]))
        n = draw(st.integers(100, 40000))
        close = ")" if op == "(select " else "]" if op == "array[" else ""
        parts.insert(draw(st.integers(0, len(parts))), f"select {op * n}1{close * n};\n")
    elif extra == "deep_parens":
        n = draw(st.integers(100, 20000))
        parts.append("select " + "(" * n + "1" + ")" * draw(st.integers(0, n)) + ";\n")
    elif extra == "deep_case":
        n = draw(st.integers(50, 3000))
        parts.append("select " + "case when true then " * n + "1" + " end" * n + ";\n")
    elif extra == "long_ident":
        parts.append(f"create table {'x' * draw(st.integers(64, 100000))} (id int);\n")
    elif extra == "chars":
        parts.append(draw(st.text(alphabet=st.characters(codec="utf-8"), max_size=200)))
    data = "".join(parts).encode("utf-8")
    if draw(st.integers(0, 9)) == 0:  # bytes that are not UTF-8, or a NUL
        junk = draw(st.sampled_from([b"\xff", b"\xc3", b"\x00", b"\xed\xa0\x80", b"\xf4\x90\x80\x80"]))
        at = draw(st.integers(0, len(data)))
        data = data[:at] + junk + data[at:]
    return data


@pytest.mark.timeout(600)
@settings(
    max_examples=EXAMPLES,
    deadline=DEADLINE_MS,
    suppress_health_check=HEALTH,
    derandomize=True,
)
@given(data=hostile_migrations())
def test_hostile_migrations_exit_2_with_file_line(data: bytes, workdir: Path) -> None:
    folder = Path("migrations")
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    path = folder / "20240101000000_hostile.sql"
    path.write_bytes(data)
    with _bounded_memory():
        code, out, err = _run(["lint-migrations", str(folder)])
        _assert_clean_exit(code, out, err, path)
        # the offline reader behind `audit --no-shadow`: it walks every statement's parse tree
        try:
            offline_catalog(folder)
        except InputError as e:
            assert code == 2 and str(e).startswith(f"{path}:"), (code, str(e))


@pytest.mark.timeout(600)
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=HEALTH,
    derandomize=True,
)
@given(data=hostile_migrations())
def test_hostile_migrations_through_the_offline_audit(data: bytes, workdir: Path) -> None:
    """A sample through the whole ``audit --no-shadow`` command, reports written."""
    folder = Path("migrations")
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    path = folder / "20240101000000_hostile.sql"
    path.write_bytes(data)
    # --accept-incomplete: what the offline reader could not model is a gap (exit 3 otherwise)
    argv = [
        "audit",
        "--no-shadow",
        "--no-spec",
        "--no-live",
        "--accept-incomplete",
        "--migrations",
        str(folder),
    ]
    code, out, err = _run([*argv, "--out", "reports", "--format", "json,junit,sarif,md"])
    _assert_clean_exit(code, out, err, path)


# --- the splitter reads windows; any window size splits the same -------------------------------


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(data=hostile_migrations(), window=st.integers(1, 64))
def test_split_is_the_same_whatever_the_scanner_window(data: bytes, window: int) -> None:
    text = data.decode("utf-8", "replace")
    whole = migration_parse._split_offsets(text)
    old = migration_parse.SCAN_WINDOW
    migration_parse.SCAN_WINDOW = window
    try:
        windowed = migration_parse._split_offsets(text)
    finally:
        migration_parse.SCAN_WINDOW = old
    assert windowed == whole
