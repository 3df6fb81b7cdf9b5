"""Command-line conventions (issue 19): a quick start that loads no command it does not run, --color
with NO_COLOR/FORCE_COLOR, -v/-q and --debug on every command, did-you-mean for a mistyped command,
shell completion generated from the parser, exit 2 when nothing names a database or a DSN is not one,
and no reports/ when there is nothing to audit. Each runs the CLI as a separate process."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.cli import COMMANDS, build_parser
from tests.commands import ROOT, schema_auditor

HEAVY = ("psycopg", "yaml", "sqlglot", "pglast", "jinja2", "jsonschema", "auditor.model")


def _no_database_env() -> dict[str, str]:
    """The environment with nothing that names a database (no DATABASE_URL, no PG* variable)."""
    return {k: v for k, v in os.environ.items() if k != "DATABASE_URL" and not k.startswith("PG")}


def _loaded_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return set(json.loads(out.stdout.splitlines()[-1]))


@pytest.mark.parametrize(
    "argv",
    [
        ["--version"],
        ["--help"],
        ["audti"],
        ["audit", "--help"],
        ["rules", "--help"],
        ["lint-migrations", "--help"],
    ],
)
def test_startup_loads_no_heavy_module(argv: list[str]) -> None:
    """--version, --help and a command's --help import neither psycopg, PyYAML, sqlglot, pglast
    nor the model: the start-up is the interpreter's plus argparse (bench/startup.py times it)."""
    code = (
        "import contextlib, io, sys\n"
        "from auditor.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        "    try:\n"
        f"        main({argv!r})\n"
        "    except SystemExit:\n"
        "        pass\n"
    )
    loaded = _loaded_after(code)
    assert "auditor.cli" in loaded  # the test ran what it says
    assert not [m for m in HEAVY if m in loaded], sorted(m for m in loaded if m.split(".")[0] in HEAVY)


def test_a_command_imports_its_own_module_only() -> None:
    loaded = _loaded_after(
        "import contextlib, io\nfrom auditor.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n        main(['schema', '--help'])\n    except SystemExit:\n        pass"
    )
    commands = {f"auditor.cli.{n.replace('-', '_')}" for n in COMMANDS}
    assert commands & loaded == {"auditor.cli.schema"}


def test_the_static_table_says_what_each_command_module_says() -> None:
    """The one-line help of `schema-auditor --help` is each command's own help, and every command
    of the table has a module (a new command added to one and not the other fails here)."""
    for name, help_ in COMMANDS.items():
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers()
        importlib.import_module(f"auditor.cli.{name.replace('-', '_')}").register(sub)
        (action,) = sub._choices_actions
        assert (action.dest, action.help) == (name, help_)
    modules = {p.stem for p in (ROOT / "auditor" / "cli").glob("*.py")} - {"__init__", "common"}
    assert modules == {n.replace("-", "_") for n in COMMANDS}


def test_version_and_help_work() -> None:
    v = schema_auditor("--version")
    assert v.returncode == 0 and v.stdout.startswith("schema-auditor ")
    h = schema_auditor("--help")
    assert h.returncode == 0
    for name in COMMANDS:
        assert f"    {name}" in h.stdout


@pytest.mark.parametrize(
    ("word", "suggestion"),
    [("audti", "audit"), ("snapshoot", "snapshot"), ("lint-migration", "lint-migrations")],
)
def test_a_mistyped_command_is_exit_2_with_did_you_mean(word: str, suggestion: str) -> None:
    r = schema_auditor(word)
    assert r.returncode == 2
    assert f"unknown command '{word}'; did you mean {suggestion}?" in r.stderr
    assert "Traceback" not in r.stderr


def test_an_unrelated_word_gets_the_list_of_commands() -> None:
    r = schema_auditor("xyzzy")
    assert r.returncode == 2 and "did you mean" not in r.stderr and "commands: audit, snapshot" in r.stderr


@pytest.mark.parametrize("command", [c for c in COMMANDS])
def test_general_options_are_accepted_after_every_command(command: str) -> None:
    parser = build_parser(command)
    words = [command, "--debug", "-v", "-v", "-q", "--color", "never"]
    words += {"schema": ["spec"], "completion": ["bash"], "baseline": ["--reason", "r"]}.get(command, [])
    args = parser.parse_args(words)
    assert (args.debug, args.verbose, args.quiet, args.color) == (True, 2, True, "never")
    # given before the command, a command's own defaults do not overwrite them
    args = build_parser(command).parse_args(["--debug", "-q", "--color", "always", *words[:1], *words[7:]])
    assert (args.debug, args.quiet, args.color, args.verbose) == (True, True, "always", 0)


_CRASH = """
import sys
import auditor.cli.schema as schema
from auditor.cli import main

def crash(args):
    raise RuntimeError("a planted bug")

schema.run = crash  # read by register() when main() builds the parser
sys.exit(main({argv!r}))
"""


@pytest.mark.parametrize(
    ("argv", "traceback"),
    [
        (["schema", "spec"], False),
        (["--debug", "schema", "spec"], True),
        (["schema", "spec", "--debug"], True),  # after the command: the same --debug
        (["schema", "--debug", "spec"], True),
    ],
)
def test_debug_before_or_after_the_command(argv: list[str], traceback: bool) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SCHEMA_AUDITOR_DEBUG"}
    r = subprocess.run(
        [sys.executable, "-c", _CRASH.format(argv=argv)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert r.returncode == 70, r.stderr
    assert ("Traceback" in r.stderr) is traceback, r.stderr
    assert "a planted bug" in r.stderr


def _summary_of(env: dict[str, str], *flags: str) -> str:
    # an example spec checked by `check`: its verdict line is coloured when colour is on
    r = schema_auditor("check", "--spec", str(ROOT / "expected_schema.yaml"), *flags, env=env)
    assert r.returncode in (0, 1), r.stderr
    return r.stdout


@pytest.mark.parametrize(
    ("env", "flags", "coloured"),
    [
        ({}, (), False),  # not a terminal
        ({"FORCE_COLOR": "1"}, (), True),
        ({"FORCE_COLOR": "0"}, (), False),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, (), False),  # NO_COLOR wins over FORCE_COLOR
        ({}, ("--color", "always"), True),
        ({"NO_COLOR": "1"}, ("--color", "always"), True),  # the flag wins over both
        ({"FORCE_COLOR": "1"}, ("--color", "never"), False),
    ],
)
def test_color_flag_and_environment(env: dict[str, str], flags: tuple[str, ...], coloured: bool) -> None:
    base = {k: "" for k in ("NO_COLOR", "FORCE_COLOR")}
    out = _summary_of({**base, **env}, *flags)
    assert ("\x1b[" in out) is coloured, out[:300]


@pytest.mark.parametrize("flag", ["-q", "--quiet"])
def test_quiet_check_prints_the_verdict_line_only(flag: str) -> None:
    r = schema_auditor("check", "--spec", str(ROOT / "expected_schema.yaml"), flag)
    assert r.returncode in (0, 1), r.stderr
    assert len(r.stdout.strip().splitlines()) == 1 and r.stdout.startswith("schema-auditor: "), r.stdout


@pytest.mark.parametrize(
    ("flag", "stages", "counts"), [("-v", True, True), ("", False, True), ("-q", False, False)]
)
def test_verbose_and_quiet_audit(flag: str, stages: bool, counts: bool, tmp_path: Path) -> None:
    """-v adds each stage's time; -q keeps the verdict line alone (offline audit: no server)."""
    # --no-cache: an earlier identical run's result would be reused, and no stage would run
    argv = [
        "audit",
        "--no-live",
        "--no-shadow",
        "--no-cache",
        "--out",
        str(tmp_path),
        *([flag] if flag else []),
    ]
    r = schema_auditor(*argv)
    assert r.returncode == 0, r.stderr
    assert ("schema-auditor: stage rules: " in r.stderr) is stages, r.stderr
    assert ("finding(s):" in r.stdout) is counts, r.stdout
    assert r.stdout.startswith("schema-auditor: CLEAN")


def test_bash_completion_completes_commands_options_and_choices(tmp_path: Path) -> None:
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    r = schema_auditor("completion", "bash")
    assert r.returncode == 0, r.stderr
    script = tmp_path / "complete.bash"
    script.write_text(r.stdout)

    def complete(*words: str) -> list[str]:
        line = " ".join(f"'{w}'" for w in words)
        out = subprocess.run(
            [
                "bash",
                "-c",
                f"source {script}; COMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; _schema_auditor; "
                'printf "%s\\n" "${COMPREPLY[@]}"',
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        return [w for w in out.stdout.splitlines() if w]

    assert complete("schema-auditor", "aud") == ["audit"]
    assert complete("schema-auditor", "--color", "never", "sn") == ["snapshot"]
    assert complete("schema-auditor", "audit", "--fail") == ["--fail-on"]
    assert complete("schema-auditor", "audit", "--shadow", "") == ["docker", "dsn", "embedded", "local"]
    assert complete("schema-auditor", "schema", "r") == ["report"]
    assert complete("schema-auditor", "lint-migrations", "--verb") == ["--verbose"]
    assert complete("schema-auditor", "completion", "") == ["bash", "fish", "zsh"]


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_other_shells_get_a_script_from_the_same_parser(shell: str) -> None:
    r = schema_auditor("completion", shell)
    assert r.returncode == 0, r.stderr
    if shell == "zsh":
        assert "bashcompinit" in r.stdout and "--fail-on" in r.stdout
    else:
        assert "__fish_seen_subcommand_from audit" in r.stdout and "-l fail-on" in r.stdout
    if shutil.which(shell):  # run it where the shell exists
        check = ["zsh", "-n"] if shell == "zsh" else ["fish", "--no-execute"]
        assert subprocess.run([*check], input=r.stdout, text=True).returncode == 0


def test_completion_of_an_unknown_shell_is_exit_2() -> None:
    r = schema_auditor("completion", "tcsh")
    assert r.returncode == 2 and "invalid choice: 'tcsh'" in r.stderr


@pytest.mark.parametrize("command", ["check", "snapshot"])
def test_no_database_named_is_exit_2_not_libpq_defaults(command: str, tmp_path: Path) -> None:
    r = schema_auditor(command, cwd=tmp_path, env=_no_database_env())
    assert r.returncode == 2, r.stdout + r.stderr
    assert f"{command}: no database named" in r.stderr and "--dsn" in r.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["check", "snapshot", "audit", "history"])
def test_a_malformed_dsn_is_exit_2_and_keeps_its_password(command: str, tmp_path: Path) -> None:
    r = schema_auditor(command, "--dsn", "host=127.0.0.1 password=s3cr3t-pw dbname", cwd=tmp_path)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "invalid DSN in --dsn" in r.stderr and "s3cr3t-pw" not in r.stdout + r.stderr


def test_a_malformed_database_url_is_exit_2_naming_it(tmp_path: Path) -> None:
    r = schema_auditor("snapshot", cwd=tmp_path, env={"DATABASE_URL": "not a dsn"})
    assert r.returncode == 2 and "invalid DSN in DATABASE_URL" in r.stderr, r.stderr


def test_an_unreachable_dsn_stays_exit_3(tmp_path: Path) -> None:
    r = schema_auditor("snapshot", "--dsn", "postgresql://someone@127.0.0.1:1/db", cwd=tmp_path)
    assert r.returncode == 3, r.stderr


@pytest.mark.parametrize("out", [None, "a/b/reports"])
def test_nothing_to_audit_writes_no_reports(out: str | None, tmp_path: Path) -> None:
    r = schema_auditor("audit", *(["--out", out] if out else []), cwd=tmp_path, env=_no_database_env())
    assert r.returncode == 2 and "nothing to audit" in r.stderr, r.stderr
    assert list(tmp_path.iterdir()) == []


def test_nothing_to_audit_keeps_an_existing_reports_folder(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "audit.json").write_text("{}")
    r = schema_auditor("audit", cwd=tmp_path, env=_no_database_env())
    assert r.returncode == 2
    assert (tmp_path / "reports" / "audit.json").read_text() == "{}"


def test_fish_completion_completes_in_fish(tmp_path: Path) -> None:
    if shutil.which("fish") is None:
        pytest.skip("fish is not installed (.ci/run installs it)")
    r = schema_auditor("completion", "fish")
    assert r.returncode == 0, r.stderr
    script = tmp_path / "schema-auditor.fish"
    script.write_text(r.stdout)

    def complete(line: str) -> list[str]:
        out = subprocess.run(
            ["fish", "--no-config", "-c", f"source {script}; complete -C '{line}'"],
            capture_output=True,
            text=True,
            check=True,
        )
        return [w.split("\t", 1)[0] for w in out.stdout.splitlines() if w]

    assert complete("schema-auditor aud") == ["audit"]
    assert complete("schema-auditor audit --fail") == ["--fail-on"]
    assert complete("schema-auditor audit --shadow ") == ["docker", "dsn", "embedded", "local"]


def test_zsh_completion_loads_in_zsh(tmp_path: Path) -> None:
    if shutil.which("zsh") is None:
        pytest.skip("zsh is not installed (.ci/run installs it)")
    r = schema_auditor("completion", "zsh")
    assert r.returncode == 0, r.stderr
    script = tmp_path / "_schema-auditor"
    script.write_text(r.stdout)
    out = subprocess.run(
        [
            "zsh",
            "-f",
            "-c",
            f"autoload -U compinit; compinit -u -d {tmp_path}/zcd; source {script}; "
            "print -r -- ${_comps[schema-auditor]}",
        ],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip(), "no completion function registered for schema-auditor"
