"""The shadow as a user meets it through the CLI on an untrusted pull request: replay limits from
flags and the config file, bad limits as exit 2, extensions refused unless opted in, and no value of
the environment in any output (stdout, stderr, the five report files) when a migration tries to read
it, on the embedded shadow and on --shadow dsn."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.commands import schema_auditor
from tests.shadow.providers import shadow_params


def _shadow_flags(provider: tuple[str, dict[str, Any]]) -> list[str]:
    name, kw = provider
    return ["--shadow", name, *(["--shadow-dsn", kw["dsn"]] if name == "dsn" else [])]


def _folder(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "20240101000000_first.sql").write_text("create table ok (a int);\n")
    (folder / "20240102000000_second.sql").write_text(text)
    return folder


@pytest.mark.parametrize("provider", shadow_params())
def test_statement_timeout_from_the_flag(provider: tuple[str, dict[str, Any]], tmp_path: Path) -> None:
    folder = _folder(tmp_path, "-- sleeps\nselect 1;\nselect pg_sleep(1e6);\n")
    started = time.monotonic()
    r = schema_auditor(
        "check",
        "--migrations",
        str(folder),
        *_shadow_flags(provider),
        "--replay-statement-timeout",
        "2",
        cwd=tmp_path,
    )
    assert time.monotonic() - started < 60
    assert r.returncode == 2, r.stderr
    assert "20240102000000_second.sql:3: migration stopped at `select pg_sleep(1e6)`" in r.stderr
    assert "ran longer than 2 s" in r.stderr and "Traceback" not in r.stderr


def test_replay_timeout_from_the_config_file(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "do $$ begin loop end loop; end $$;\n")
    (tmp_path / "schema-auditor.yaml").write_text("replay_timeout: 3\n")
    r = schema_auditor("check", "--migrations", str(folder), cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    assert "20240102000000_second.sql:1: migration stopped at `do $$ begin loop end loop; end $$`" in r.stderr
    assert "the replay ran longer than 3 s" in r.stderr


@pytest.mark.parametrize(
    ("args", "config", "message"),
    [
        (["--replay-timeout", "-1"], "", "--replay-timeout: -1.0 is not a number of seconds"),
        (["--replay-statement-timeout", "soon"], "", "invalid float value"),
        ([], "replay_statement_timeout: -5\n", "replay_statement_timeout: -5 is not a number of seconds"),
    ],
)
def test_bad_limits_are_usage_errors(tmp_path: Path, args: list[str], config: str, message: str) -> None:
    folder = _folder(tmp_path, "select 1;\n")
    if config:
        (tmp_path / "schema-auditor.yaml").write_text(config)
    r = schema_auditor("check", "--migrations", str(folder), *args, cwd=tmp_path)
    assert r.returncode == 2
    assert message in r.stderr and "Traceback" not in r.stderr
    if config:
        assert "schema-auditor.yaml:1" in r.stderr


def test_extension_reaching_outside_is_refused_unless_opted_in(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "create extension dblink;\n")
    r = schema_auditor("check", "--migrations", str(folder), "--platform", "none", cwd=tmp_path)
    assert r.returncode == 2
    assert "20240102000000_second.sql:1: migration refused at `create extension dblink`" in r.stderr
    assert "--shadow-extension dblink" in r.stderr
    r = schema_auditor(
        "check",
        "--migrations",
        str(folder),
        "--platform",
        "none",
        "--shadow-extension",
        "dblink",
        cwd=tmp_path,
    )
    assert r.returncode in (0, 1), r.stderr  # created: the rules ran on the shadow's catalog


# What a migration may try in order to read the environment of the auditor or of the server.
_EXFILTRATE = """
create table loot (line text);
copy loot from program 'env';
"""
_EXFILTRATE_QUIETLY = """
create table loot (line text);
do $$ begin
  begin
    execute 'copy loot from program ''env''';
  exception when others then null;
  end;
  begin
    insert into loot select pg_read_file('/proc/self/environ');
  exception when others then null;
  end;
  begin
    insert into loot select current_setting(name) from pg_settings;
  exception when others then null;
  end;
end $$;
do $$ declare r record; begin
  for r in select line from loot where line like '%SA_PLANTED%' loop
    execute format('create table %I (a int)', left(r.line, 60));
  end loop;
end $$;
"""


@pytest.mark.parametrize("provider", shadow_params())
@pytest.mark.parametrize("migration", [_EXFILTRATE, _EXFILTRATE_QUIETLY], ids=["loud", "quiet"])
def test_no_environment_value_reaches_an_output(
    provider: tuple[str, dict[str, Any]], migration: str, tmp_path: Path
) -> None:
    secret = "SA_PLANTED_" + uuid.uuid4().hex
    folder = _folder(tmp_path, migration)
    out = tmp_path / "reports"
    r = schema_auditor(
        "audit",
        "--no-spec",
        "--no-live",
        "--migrations",
        str(folder),
        *_shadow_flags(provider),
        "--platform",
        "none",
        "--out",
        str(out),
        "--format",
        "json,html,sarif,junit,md",
        cwd=tmp_path,
        env={"SA_PLANTED_VALUE": secret, "SA_PLANTED_TOKEN": secret},
    )
    assert r.returncode in (0, 1, 2), r.stderr
    assert "Traceback" not in r.stderr
    outputs = {"stdout": r.stdout, "stderr": r.stderr}
    for f in out.glob("*") if out.is_dir() else []:
        outputs[f.name] = f.read_text(errors="replace")
    for where, text in outputs.items():
        assert secret not in text, f"the planted environment value reached {where}"
        assert secret[:40] not in text, f"part of the planted environment value reached {where}"
    if migration is _EXFILTRATE:
        assert r.returncode == 2 and "external program" in r.stderr


@pytest.mark.skipif(os.geteuid() != 0, reason="root only: the server's OS user")
def test_server_program_cannot_run_even_through_a_security_definer_trap(tmp_path: Path) -> None:
    """A function planted for a later superuser call (an event trigger, a definer function named like
    a built-in) does not run as a superuser during replay: nothing our bootstrap or helper runs
    resolves names through the migration's objects."""
    marker = tmp_path / "pwned"
    folder = _folder(
        tmp_path,
        f"""
create function public.lower(text) returns text language plpgsql as $$
begin
  copy (select 1) to program 'touch {marker}';
  return $1;
end $$;
create temp table t (a int);
create extension if not exists vector with schema public;
""",
    )
    r = schema_auditor("check", "--migrations", str(folder), "--platform", "none", cwd=tmp_path)
    assert r.returncode == 2
    assert "temporary tables" in r.stderr
    assert not marker.exists()
