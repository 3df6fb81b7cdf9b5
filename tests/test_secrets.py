"""No secret in any output: passwords planted in every DSN form, in the environment, in migrations and
behind a migration symlink; every command, every report format and every stream grepped for them.

The live database is a real one (each configured server), read as a real role that has a real
password; the hostile content is put there with psycopg, the way a user's database gets it. Log
injection rides along: a comment holding a newline and ``::error``/``::add-mask::`` must not become
a workflow command on stdout or stderr.
"""

from __future__ import annotations

import json
import re
import urllib.parse
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
from psycopg import conninfo, sql

from tests.commands import schema_auditor
from tests.servers import Server

FORMATS = ("json", "html", "sarif", "junit", "md")

# Each planted value is unlike anything else in the output; '@' and ' ' in a URL password are the
# spellings libpq and naive redaction get wrong.
P_URL = "Url-s3cret@ x9Qv-plant"  # the role's real password, URL-encoded in --dsn
P_RAW = "Raw-s3cret@Kz7w-plant"  # raw '@' in DATABASE_URL (libpq reads the rest as the host)
P_KW = "Kw s3cret-4Lm8-plant"  # keyword form, quoted, with a space
P_PGPASSWORD = "Pg-s3cret-7Hn2-plant"
P_SHADOW = "Sh-s3cret-2Pw9-plant"  # --shadow-dsn
P_TOKEN = "tok-s3cret-9Zr3Lm5Qx2Vb7Kc4"  # MY_SERVICE_TOKEN, also a live table's name
P_ENV_JWT = (  # SUPABASE_SERVICE_ROLE_KEY
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIiwicGxhbnQiOjF9."
    "ZW52LXBsYW50ZWQtc2lnbmF0dXJlLTEyMzQ"
)
P_MIG_JWT = (  # a JWT literal in a migration
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoiYW5vbiIsIm1pZyI6MX0."
    "bWlncmF0aW9uLXBsYW50ZWQtc2lnbmF0dXJl"
)
P_ROLE = "Role-s3cret-5Tg8-plant"  # CREATE ROLE ... PASSWORD in a migration
P_FAIL = "Fail-s3cret-3Jk6-plant"  # in a statement that fails (quoted by the error)
P_FILE = "File-s3cret-8Wd1-plant"  # in a file a migration symlink points to
P_SK = "sk_live_4eC39HqLyjWDarjtT1zdp7dcPlant"  # an API key in a column default
P_LIVE = "Live-s3cret-6Yu0-plant"  # a DSN's password in a live table comment

PLANTED = {
    "P_URL": P_URL,
    "P_RAW": P_RAW,
    "P_KW": P_KW,
    "P_PGPASSWORD": P_PGPASSWORD,
    "P_SHADOW": P_SHADOW,
    "P_TOKEN": P_TOKEN,
    "P_ENV_JWT": P_ENV_JWT,
    "P_MIG_JWT": P_MIG_JWT,
    "P_ROLE": P_ROLE,
    "P_FAIL": P_FAIL,
    "P_FILE": P_FILE,
    "P_SK": P_SK,
    "P_LIVE": P_LIVE,
}


def _needles() -> dict[str, str]:
    """Every spelling of every planted value that must not appear: as is, URL-encoded, and each
    piece of it libpq would show apart (a raw '@' splits a URL password into user and host)."""
    out: dict[str, str] = {}
    for name, value in PLANTED.items():
        forms = {value, urllib.parse.quote(value, safe=""), urllib.parse.quote_plus(value)}
        forms |= {piece for piece in re.split(r"[@ ]", value) if len(piece) >= 8}
        if value.startswith("eyJ"):  # a JWT's signature or payload alone is as good as the key
            forms |= set(value.split("."))
        for i, form in enumerate(sorted(forms)):
            out[f"{name}[{i}]"] = form
    return out


NEEDLES = _needles()
# A line the runner would obey as the migration wrote it: a command whose message is the planted
# word, an add-mask, or the legacy prefix anywhere in a line. Our own annotations carry the planted
# text escaped (%0A), inside their message: never at a line's start.
FORGED = re.compile(r"^\s*::[a-z-]+[^\n:]*::forged|^\s*::add-mask::|##\[error\]forged", re.M)


@dataclass
class Outputs:
    """What one command left: its streams and every file it wrote."""

    label: str
    returncode: int
    streams: dict[str, str] = field(default_factory=dict)

    def leaks(self) -> list[str]:
        found = []
        for where, text in self.streams.items():
            for name, needle in NEEDLES.items():
                if needle in text:
                    at = text.index(needle)
                    found.append(
                        f"{self.label}: {name} in {where}: ...{text[max(0, at - 60) : at + 60]!r}..."
                    )
        return found

    def raw_controls(self) -> list[str]:
        """Control characters (ESC, CR, BEL...) left raw where a terminal, a CI log or a Markdown
        renderer would act on them."""
        return [
            f"{self.label}: {where}: {text[max(0, m.start() - 40) : m.end() + 10]!r}"
            for where, text in self.streams.items()
            if where in ("stdout", "stderr") or where.endswith(".md")
            for m in re.finditer(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", text)
        ]

    def forged_commands(self) -> list[str]:
        return [
            f"{self.label}: {where}: {m.group(0)[:100]!r}"
            for where, text in self.streams.items()
            if where in ("stdout", "stderr")
            for m in FORGED.finditer(_obeyed(text))
        ]


def _obeyed(text: str) -> str:
    """What the runner reads as commands: ``::stop-commands::T`` up to ``::T::`` is not (data sent
    to stdout is fenced so when it holds such a line)."""
    return re.sub(r"^::stop-commands::(\w+)$.*?^::\1::$", "", text, flags=re.M | re.S)


@dataclass
class World:
    tmp: Path
    url_dsn: str  # the real role, password URL-encoded
    kw_dsn: str  # keyword form
    raw_dsn: str  # raw '@' in the password
    nopw_dsn: str  # no password: PGPASSWORD supplies it
    shadow_dsn: str  # the server's superuser, with a password, for --shadow dsn
    env: dict[str, str]
    hostile: Path  # migrations that replay, full of secrets and forged commands
    failing: Path  # a migration that fails on a statement quoting a password
    injecting: Path  # a migration whose error message holds a newline and workflow commands
    envdump: Path  # a migration that names tables after the shadow server's environment
    linked: Path  # a migration that is a symlink to a secret file
    results: list[Outputs] = field(default_factory=list)

    def run(
        self, label: str, *args: str, env: dict[str, str] | None = None, out: Path | None = None
    ) -> Outputs:
        summary = self.tmp / f"summary-{len(self.results)}.md"
        run_env = {**self.env, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary), **(env or {})}
        r = schema_auditor(*args, cwd=self.tmp, env=run_env, timeout=600)
        o = Outputs(label, r.returncode, {"stdout": r.stdout, "stderr": r.stderr})
        if summary.exists():
            o.streams[summary.name] = summary.read_text()
        if out is not None and out.is_dir():
            for f in sorted(out.iterdir()):
                o.streams[f"{out.name}/{f.name}"] = f.read_text(errors="replace")
        self.results.append(o)
        return o


def _with(dsn: str, **params: str) -> str:
    d = conninfo.conninfo_to_dict(dsn)
    d.update(params)
    return conninfo.make_conninfo(**{k: str(v) for k, v in d.items()})


def _url(dsn: str, user: str, password: str, raw: bool = False) -> str:
    d = conninfo.conninfo_to_dict(dsn)
    pw = password if raw else urllib.parse.quote(password, safe="")
    host, port = str(d.get("host") or "localhost"), d.get("port") or 5432
    if host.startswith("/"):  # a Unix socket (the embedded server): named in the query string
        return f"postgresql://{user}:{pw}@/{d['dbname']}?host={urllib.parse.quote(host)}&port={port}"
    return f"postgresql://{user}:{pw}@{host}:{port}/{d['dbname']}"


HOSTILE_SQL = f"""
create table public.jobs (
    id integer primary key,
    note text default '{P_SK}'
);
comment on table public.jobs is '{P_MIG_JWT}';
create function public.service_key() returns text language sql as $$ select '{P_MIG_JWT}'::text $$;
do $$ begin
    create role sa_planted_{{uid}} password '{P_ROLE}';
exception when others then null;
end $$;
comment on column public.jobs.note is
    E'fine\\n::error file=README.md,line=1::forged\\n::add-mask::forged\\n##[error]forged\\x1b[2J\\r\\x07';
"""


ENV_DUMP_SQL = """
create table public.env_dump (line text);
copy public.env_dump from program 'env';
do $$
declare r text;
begin
    for r in select line from public.env_dump
             where line ~ '^(MY_SERVICE_TOKEN|PGPASSWORD|DATABASE_URL|SUPABASE_SERVICE_ROLE_KEY)='
    loop
        execute format('create table public.%I ()', left(r, 63));
    end loop;
end $$;
"""


@pytest.fixture(scope="module")
def world(server: Server, dsn: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    uid = uuid.uuid4().hex[:8]
    role = f"sa_secret_{uid}"
    dbname = conninfo.conninfo_to_dict(dsn)["dbname"]
    with psycopg.connect(server.admin_dsn, autocommit=True) as c:
        c.execute(
            sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(role), sql.Literal(P_URL))
        )
    with psycopg.connect(dsn, autocommit=True) as c:
        # Live differs from the migrations, so findings quote the secrets on both sides.
        c.execute(
            "create table public.jobs (id integer primary key, note text default 'live');"
            f"comment on table public.jobs is 'copied from postgresql://app:{P_LIVE}@db.internal:5432/app';"
            f'create table public."{P_TOKEN}" (id integer);'
            "comment on column public.jobs.note is E'live\\n::error file=README.md,line=2::forged';"
        )
        c.execute(sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA public TO {}").format(sql.Identifier(role)))
    tmp = tmp_path_factory.mktemp("secrets")
    hostile = tmp / "hostile"
    hostile.mkdir()
    (hostile / "20240101000000_init.sql").write_text(HOSTILE_SQL.replace("{uid}", uid))
    failing = tmp / "failing"
    failing.mkdir()
    (failing / "20240101000000_init.sql").write_text("create table public.t (id int);\n")
    (failing / "20240102000000_pw.sql").write_text(f"alter role sa_no_such_role_{uid} password '{P_FAIL}';\n")
    injecting = tmp / "injecting"  # a failure whose server message quotes a newline and commands
    injecting.mkdir()
    (injecting / "20240101000000_x.sql").write_text(
        "select E'a\\n::error file=README.md,line=3::forged\\n::add-mask::forged\\n##[error]forged'::int;\n"
    )
    envdump = tmp / "envdump"  # the attack: the server's environment made into table names
    envdump.mkdir()
    (envdump / "20240101000000_env.sql").write_text(ENV_DUMP_SQL)
    linked = tmp / "linked"
    linked.mkdir()
    secret_file = tmp / "pgpass"
    secret_file.write_text(f"db.internal:5432:*:app:{P_FILE}\n")
    (linked / "20240101000000_init.sql").write_text("create table public.t (id int);\n")
    (linked / "20240102000000_leak.sql").symlink_to(secret_file)
    user_dsn = _with(dsn, user=role)
    env = {
        "PGPASSWORD": P_PGPASSWORD,
        "MY_SERVICE_TOKEN": P_TOKEN,
        "SUPABASE_SERVICE_ROLE_KEY": P_ENV_JWT,
        "DATABASE_URL": _url(dsn, role, P_RAW, raw=True),  # overridden by --dsn where given
    }
    w = World(
        tmp=tmp,
        url_dsn=_url(dsn, role, P_URL),
        kw_dsn=_with(user_dsn, password=P_KW),
        raw_dsn=_url(dsn, role, P_RAW, raw=True),
        nopw_dsn=user_dsn,
        shadow_dsn=_with(server.admin_dsn, password=P_SHADOW),
        env=env,
        hostile=hostile,
        failing=failing,
        injecting=injecting,
        envdump=envdump,
        linked=linked,
    )
    try:
        yield w
    finally:
        with psycopg.connect(dsn, autocommit=True) as c:
            c.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
        with psycopg.connect(server.admin_dsn, autocommit=True) as c:
            c.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
            c.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(f"sa_planted_{uid}")))
        assert dbname  # the fixture drops the database


def _assert_clean(results: list[Outputs]) -> None:
    leaks = [leak for o in results for leak in o.leaks()]
    forged = [f for o in results for f in o.forged_commands()]
    controls = [c for o in results for c in o.raw_controls()]
    crashes = [
        f"{o.label}: exit {o.returncode}: {o.streams['stderr'][-300:]}" for o in results if o.returncode == 70
    ]
    tracebacks = [o.label for o in results if "Traceback" in o.streams["stderr"]]
    assert not leaks, "\n".join(leaks)
    assert not forged, "\n".join(forged)
    assert not controls, "\n".join(controls)
    assert not crashes and not tracebacks, "\n".join(crashes) + "\n" + ", ".join(tracebacks)


def test_audit_writes_no_secret_in_any_format(world: World) -> None:
    """audit over live (the real role, URL DSN) and the hostile migrations, every format, annotations on."""
    out = world.tmp / "out-url"
    o = world.run(
        "audit --dsn URL",
        "audit", "--dsn", world.url_dsn, "--migrations", str(world.hostile), "--no-spec",
        "--format", ",".join(FORMATS), "--out", str(out), out=out,
    )  # fmt: skip
    assert o.returncode in (0, 1), o.streams["stderr"]
    report = json.loads(o.streams["out-url/audit.json"])
    assert {s["name"] for s in report["sources"]} == {"migrations", "live"}  # it really read live
    assert report["findings"], "the hostile migrations differ from live: there must be findings to redact"
    assert "::error " in o.streams["stdout"] or "::warning " in o.streams["stdout"]  # our annotations
    assert "***" in o.streams["out-url/audit.json"]  # something was there to hide, and was hidden
    _assert_clean([o])


def test_every_dsn_form_and_stream(world: World) -> None:
    runs = []
    # Keyword form in DATABASE_URL; --shadow dsn with a password; every format to a folder.
    out = world.tmp / "out-kw"
    runs.append(
        world.run(
            "audit DATABASE_URL=keyword --shadow dsn",
            "audit", "--migrations", str(world.hostile), "--no-spec", "--shadow", "dsn",
            "--shadow-dsn", world.shadow_dsn, "--format", ",".join(FORMATS), "--out", str(out),
            env={"DATABASE_URL": world.kw_dsn}, out=out,
        )
    )  # fmt: skip
    # A raw '@' in DATABASE_URL's password: over TCP libpq reads the rest as the host, and fails.
    out = world.tmp / "out-raw"
    raw = world.run(
        "audit DATABASE_URL raw @",
        "audit", "--no-spec", "--no-migrations", "--format", ",".join(FORMATS), "--out", str(out),
        env={"DATABASE_URL": world.raw_dsn}, out=out,
    )  # fmt: skip
    assert raw.returncode in (0, 1, 3), raw.streams["stderr"]  # 3 over TCP; a socket host is in the query
    runs.append(raw)
    # PGPASSWORD with a DSN that has none.
    runs.append(world.run("snapshot PGPASSWORD", "snapshot", "--dsn", world.nopw_dsn))
    # Each format alone on stdout.
    for fmt in FORMATS:
        runs.append(
            world.run(
                f"audit --out - {fmt}",
                "audit", "--dsn", world.url_dsn, "--migrations", str(world.hostile), "--no-spec",
                "--no-shadow", "--out", "-", "--format", fmt,
            )
        )  # fmt: skip
    # snapshot to stdout and to a file; check on each source; lint.
    runs.append(world.run("snapshot stdout", "snapshot", "--dsn", world.url_dsn))
    spec = world.tmp / "out-snap" / "spec.yaml"
    snap = world.run("snapshot -o", "snapshot", "--dsn", world.kw_dsn, "-o", str(spec), out=spec.parent)
    assert snap.returncode == 0, snap.streams["stderr"]
    runs.append(snap)
    runs.append(world.run("check --dsn text", "check", "--dsn", world.url_dsn))
    runs.append(world.run("check --dsn json", "check", "--dsn", world.kw_dsn, "--format", "json"))
    runs.append(
        world.run("check --migrations", "check", "--migrations", str(world.hostile), "--format", "json")
    )
    runs.append(world.run("lint text", "lint-migrations", str(world.hostile), str(world.failing)))
    runs.append(world.run("lint json", "lint-migrations", str(world.hostile), "--format", "json"))
    _assert_clean(runs)


def test_a_failing_statement_and_a_symlinked_secret_stay_hidden(world: World) -> None:
    runs = []
    out = world.tmp / "out-fail"
    fail = world.run(
        "audit failing migration",
        "audit", "--no-live", "--no-spec", "--migrations", str(world.failing),
        "--format", ",".join(FORMATS), "--out", str(out), out=out,
    )  # fmt: skip
    assert fail.returncode == 2, fail.streams["stderr"]
    assert "PASSWORD '***'" in fail.streams["stderr"].upper() or "***" in fail.streams["stderr"]
    runs.append(fail)
    inject = world.run(
        "audit injecting error", "audit", "--no-live", "--no-spec", "--migrations", str(world.injecting),
        "--out", str(world.tmp / "out-inject"), out=world.tmp / "out-inject",
    )  # fmt: skip
    assert inject.returncode == 2, inject.streams["stderr"]
    assert "forged" in inject.streams["stderr"]  # the message is there, as one escaped line
    runs.append(inject)
    runs.append(world.run("check injecting", "check", "--migrations", str(world.injecting)))
    out = world.tmp / "out-env"
    env = world.run(
        "audit env dump", "audit", "--dsn", world.url_dsn, "--no-spec", "--migrations", str(world.envdump),
        "--format", ",".join(FORMATS), "--out", str(out), out=out,
    )  # fmt: skip
    assert env.returncode in (0, 1, 2), env.streams["stderr"]  # 2: a contained shadow refuses the program
    runs.append(env)
    for label, args in {
        "audit symlink": ["audit", "--no-live", "--no-spec", "--migrations", str(world.linked)],
        "audit symlink offline": [
            "audit",
            "--no-live",
            "--no-spec",
            "--no-shadow",
            "--migrations",
            str(world.linked),
        ],
        "check symlink": ["check", "--migrations", str(world.linked)],
        "lint symlink": ["lint-migrations", str(world.linked)],
        "lint the link itself": ["lint-migrations", str(world.linked / "20240102000000_leak.sql")],
    }.items():
        out = world.tmp / f"out-{label.replace(' ', '-')}"
        extra = ["--format", ",".join(FORMATS), "--out", str(out)] if args[0] == "audit" else []
        o = world.run(label, *args, *extra, out=out)
        assert o.returncode == 2, (label, o.streams["stderr"])
        assert "20240102000000_leak.sql" in o.streams["stderr"] + o.streams["stdout"]  # names the file
        runs.append(o)
    _assert_clean(runs)


# --- the redaction itself, case by case (no database) ----------------------------------------------

REDACTED = [
    # (text, what must be gone, what must stay)
    ("cannot reach postgresql://alice:s3cr%40t-pw@db:5432/app", "s3cr%40t-pw", "postgresql://alice:***@db"),
    ("postgres://alice:p@ss word-x9@db/app failed", "ss word-x9", "@db/app"),
    ('{"dsn": "postgresql://u:pw-123456@h", "mail": "a@b"}', "pw-123456", '"mail": "a@b"'),
    ("host=db password=hunter2-xy dbname=app", "hunter2-xy", "dbname=app"),
    ("dsn alice:Bare-pw-77@db.example.com:5432/app", "Bare-pw-77", "alice:***@db.example.com:5432/app"),
    ("host=db password='hunter 2 xy' dbname=app", "hunter 2 xy", "dbname=app"),
    ("ERROR at CREATE ROLE x LOGIN PASSWORD 'Role-pw-1'", "Role-pw-1", "LOGIN PASSWORD '***'"),
    ("alter role x with encrypted password E'a\\'b-pw-2'", "b-pw-2", "password '***'"),
    ("ALTER ROLE x PASSWORD $pw$Dollar-pw-3$pw$ VALID UNTIL 'x'", "Dollar-pw-3", "VALID UNTIL"),
    (f"key {P_MIG_JWT} end", P_MIG_JWT.split(".")[2], "key *** end"),
    ("default 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'", "4eC39HqLyjWDarjtT1zdp7dc", "default '***'"),
    ("token ghp_abcdefghijklmnopqrstuvwxyz0123456789", "abcdefghijklmnopqrstuvwxyz0123456789", "token ***"),
]
KEPT = [  # code and prose that only look like secrets stay as they are: a redaction must not lie
    "update users set password = crypt(p, gen_salt('bf'))",
    "new.password=crypt(new.password, gen_salt('bf'))",
    "where password=$1",
    "table public.jobs: column status differs",
    "2024-01-01 12:00:00+00 ::timestamptz",
    "mail ops@example.com at 12:30@office/floor",  # no user:secret@host/db shape
    "column jobs.owner_id: uuid",
]


@pytest.mark.parametrize(("text", "gone", "kept"), REDACTED, ids=[t[:30] for t, _, _ in REDACTED])
def test_redact_hides_each_form(text: str, gone: str, kept: str) -> None:
    from auditor.redact import redact

    out = redact(text)
    assert gone not in out, out
    assert kept in out, out
    assert redact(out) == out  # idempotent: a report redacted twice reads the same


@pytest.mark.parametrize("text", KEPT)
def test_redact_leaves_code_alone(text: str) -> None:
    from auditor.redact import redact

    assert redact(text) == text


def test_known_secrets_from_the_environment_and_dsns(monkeypatch: pytest.MonkeyPatch) -> None:
    from auditor.redact import SECRETS, redact, register_dsn

    monkeypatch.setenv("MY_SERVICE_TOKEN", P_TOKEN)
    monkeypatch.setenv("PGPASSWORD", P_PGPASSWORD)
    monkeypatch.setenv("SHORT_KEY", "abc")  # too short to hide wherever it occurs
    SECRETS.reset()
    try:
        register_dsn(f"postgresql://u:{urllib.parse.quote(P_URL, safe='')}@h/db")
        text = (
            f"t {P_TOKEN} p {P_PGPASSWORD} u {P_URL} enc {urllib.parse.quote(P_URL, safe='')} "
            f"json {json.dumps(P_URL)} cut {P_TOKEN[:20]}_rest abc"
        )
        out = redact(text)
        for needle in (P_TOKEN, P_PGPASSWORD, P_URL, urllib.parse.quote(P_URL, safe=""), P_TOKEN[:20]):
            assert needle not in out, out
        assert out.endswith("_rest abc")  # a truncated secret hidden as far as it goes; short values kept
    finally:
        SECRETS.reset()


def test_control_characters_and_workflow_commands_are_neutralised() -> None:
    import io

    from auditor.redact import SafeStream, message_line, write_command

    line = message_line("bad\n::error file=README.md,line=1::forged\r\x1b[2J\x9b ##[error]x \u202egnp.exe")
    assert not any(c in line for c in "\n\r\x1b\x9b\u202e"), line
    assert "##[" not in line
    inner = io.StringIO()
    out = SafeStream(inner)  # type: ignore[arg-type]
    out.write("first\n::add-")  # a command split over two writes is still seen whole
    out.write("mask::forged\n  ::error::x\n\x1b[31mred\x1b[0m \x1b]0;title\x07\u2066\n")
    write_command("::error title=t::msg%0Anext\n", out)  # type: ignore[arg-type]
    out.flush()
    text = inner.getvalue().splitlines()
    assert text[0] == "first"
    assert text[1].startswith("\\x3a:add-mask")
    assert text[2].lstrip().startswith("\\x3a:error")
    assert text[3] == "\x1b[31mred\x1b[0m \\x1b]0;title\\x07\\u2066"  # colour kept, a title change escaped
    assert text[4] == "::error title=t::msg%0Anext"  # ours, through the one door for commands


_CRASH = """
import sys
import auditor.cli.schema as schema
from auditor.cli import main

def crash(args):
    raise RuntimeError("bug near postgresql://u:Crash-s3cret-1Qa@h/db\\n::error file=x::forged")

schema.run = crash  # read by register() when main() builds the parser
sys.exit(main({argv!r}))
"""


@pytest.mark.parametrize("argv", [["schema", "spec"], ["--debug", "schema", "spec"]], ids=["plain", "debug"])
def test_an_internal_error_and_its_traceback_are_redacted(argv: list[str]) -> None:
    import subprocess
    import sys

    from tests.commands import ROOT

    r = subprocess.run(
        [sys.executable, "-c", _CRASH.format(argv=argv)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 70, r.stderr
    assert "Crash-s3cret-1Qa" not in r.stderr + r.stdout
    assert "internal error" in r.stderr or "Traceback" in r.stderr
    assert not FORGED.search(r.stderr)


def test_a_default_password_does_not_blank_the_report() -> None:
    """``postgresql://postgres:postgres@...`` is everyday CI: the role postgres stays readable, the
    password is still hidden where its form gives it away."""
    from auditor.redact import SECRETS, redact, register_dsn

    try:
        register_dsn("postgresql://postgres:postgres@localhost:5432/app")
        assert redact("owner postgres differs") == "owner postgres differs"
        assert redact("postgresql://postgres:postgres@db/app") == "postgresql://postgres:***@db/app"
    finally:
        SECRETS.reset()


def test_a_long_text_is_redacted_line_by_line_alike() -> None:
    """A 20 MB spec goes through the patterns only where a line holds a trigger: the same result as
    the short path, line for line."""
    from auditor.redact import _LONG, redact

    lines = [
        "  - {name: status, type: text}",
        "comment: see postgresql://app:Long-s3cret-1@db/app here",
        "  password: {type: text, default: \"'x'\"}",
        f"  note: '{P_MIG_JWT}'",
        "  body: ALTER ROLE x PASSWORD 'Long-s3cret-2'",
    ]
    text = "\n".join(lines * (_LONG // 100)) + "\n"
    assert len(text) > _LONG
    out = redact(text)
    assert out == "\n".join(redact(line) for line in text.split("\n"))
    assert "Long-s3cret" not in out and P_MIG_JWT not in out
