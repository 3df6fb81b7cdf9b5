"""Fix SQL as a migration: statements that destroy data marked, statements made safe to run twice,
and the next file name in a migrations folder's own naming scheme.

Two fixes answer a difference made outside the migrations: *revert live* (a finding's ``fix_sql``,
bringing live back to the migrations) and *keep it* (``keep_sql`` in its ``extra``: what the
migrations need so that they make what live has). ``schema-auditor fix`` writes the latter as a new
migration; applied to live (where the change already is) each statement is a no-op, which is why
they are written to be run twice.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

DESTRUCTIVE_MARK = "-- DESTRUCTIVE:"

_DROP_TABLE = re.compile(r"^\s*DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?P<what>\S+)", re.I)
_DROP_COLUMN = re.compile(
    r"^\s*ALTER\s+TABLE\s+(?P<table>\S+)\s+DROP\s+COLUMN\s+(?:IF\s+EXISTS\s+)?(?P<col>\S+)", re.I
)
_DROP_SCHEMA = re.compile(r"^\s*DROP\s+SCHEMA\s+(?:IF\s+EXISTS\s+)?(?P<what>\S+).*\bCASCADE\b", re.I | re.S)


def destructive_reason(statement: str) -> str | None:
    """What data a statement destroys (a table's rows, a column's values), or ``None``."""
    if m := _DROP_TABLE.match(statement):
        return f"drops table {m['what'].rstrip(';')} and every row in it"
    if m := _DROP_COLUMN.match(statement):
        return f"drops column {m['col'].rstrip(';')} of {m['table']} and every value in it"
    if m := _DROP_SCHEMA.match(statement):
        return f"drops schema {m['what']} and everything in it"
    return None


def split_statements(sql: str) -> list[str]:
    """Our own fix SQL as items: each statement with its ``;`` (split by the one splitter,
    :func:`auditor.migrations.parse.read_statements`), and each comment line between statements as an
    item of its own (``-- DESTRUCTIVE: ...`` marks)."""
    from auditor.migrations.parse import read_statements

    out: list[str] = []
    pos = 0
    for st in read_statements(sql)[0]:
        out.extend(c.strip() for c in sql[pos : st.offset].splitlines() if c.strip().startswith("--"))
        end = st.offset + len(st.text)
        semi = len(sql) - len(sql[end:].lstrip())
        if sql[semi : semi + 1] == ";":
            end = semi + 1
        out.append(sql[st.offset : end].strip())
        pos = end
    out.extend(c.strip() for c in sql[pos:].splitlines() if c.strip().startswith("--"))
    return out


def mark_destructive(sql: str | None) -> tuple[str | None, str | None]:
    """``sql`` with a ``-- DESTRUCTIVE: ...`` comment above each statement that destroys data, and
    the reasons joined (``None`` when nothing is destroyed)."""
    if not sql:
        return sql, None
    out: list[str] = []
    reasons: list[str] = []
    for stmt in split_statements(sql):
        reason = destructive_reason(stmt)
        if reason:
            reasons.append(reason)
            out.append(f"{DESTRUCTIVE_MARK} {reason}; back it up first")
        out.append(stmt)
    return ("\n".join(out), "; ".join(reasons)) if reasons else (sql, None)


# --- statements safe to run twice -------------------------------------------------------------------
_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"^(DROP\s+(?:TABLE|VIEW|MATERIALIZED\s+VIEW|FOREIGN\s+TABLE|INDEX|FUNCTION|PROCEDURE|"
            r"AGGREGATE|SEQUENCE|TYPE|DOMAIN|EXTENSION|COLLATION|SCHEMA|POLICY|TRIGGER)\s+)(?!IF\s)",
            re.I,
        ),
        r"\1IF EXISTS ",
    ),
    (re.compile(r"^(CREATE\s+(?:UNIQUE\s+)?INDEX\s+)(?!IF\s|CONCURRENTLY\s)", re.I), r"\1IF NOT EXISTS "),
    (re.compile(r"^(CREATE\s+(?:SCHEMA|SEQUENCE|TABLE)\s+)(?!IF\s)", re.I), r"\1IF NOT EXISTS "),
    (re.compile(r"^(ALTER\s+TABLE\s+\S+\s+ADD\s+COLUMN\s+)(?!IF\s)", re.I), r"\1IF NOT EXISTS "),
    (re.compile(r"^(ALTER\s+TABLE\s+\S+\s+DROP\s+(?:COLUMN|CONSTRAINT)\s+)(?!IF\s)", re.I), r"\1IF EXISTS "),
    (re.compile(r"^CREATE\s+(FUNCTION|PROCEDURE|VIEW)\s", re.I), r"CREATE OR REPLACE \1 "),
)
_CREATE_POLICY = re.compile(r"^CREATE\s+POLICY\s+(?P<name>\S+)\s+ON\s+(?P<table>\S+)", re.I)
_CREATE_TRIGGER = re.compile(r"^CREATE\s+TRIGGER\s+(?P<name>\S+)\s.*?\sON\s+(?P<table>\S+)", re.I | re.S)
_ADD_CONSTRAINT = re.compile(r"^ALTER\s+TABLE\s+(?P<table>\S+)\s+ADD\s+CONSTRAINT\s+(?P<name>\S+)", re.I)


def rerunnable(statement: str) -> list[str]:
    """``statement`` written so that running it where it already took effect changes nothing:
    ``IF [NOT] EXISTS``, ``OR REPLACE``, or a guarded drop before a ``CREATE POLICY``/``TRIGGER``
    or an ``ADD CONSTRAINT``."""
    s = statement.strip()
    if m := _CREATE_POLICY.match(s):
        return [f"DROP POLICY IF EXISTS {m['name']} ON {m['table']};", s]
    if m := _CREATE_TRIGGER.match(s):
        return [f"DROP TRIGGER IF EXISTS {m['name']} ON {m['table']};", s]
    if m := _ADD_CONSTRAINT.match(s):
        return [f"ALTER TABLE {m['table']} DROP CONSTRAINT IF EXISTS {m['name']};", s]
    for pattern, repl in _REWRITES:
        s2 = pattern.sub(repl, s, count=1)
        if s2 != s:
            return [s2]
    return [s]


# --- the next file name ------------------------------------------------------------------------------


def next_migration_name(folder: Path, name: str, *, now: datetime | None = None) -> str:
    """The next file name in ``folder``'s scheme: ``<UTC yyyymmddhhmmss>_name.sql`` (Supabase CLI,
    the default; one second past the newest file when the clock is behind it), ``V<n+1>__name.sql``
    (Flyway) or ``<n+1 zero-padded>_name.sql`` (numbered)."""
    slug = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "schema_fix"
    from auditor.migrations.folder import FLYWAY_NAME, MIGRATION_NAME  # the one naming rule

    files = sorted(p.name for p in folder.glob("*.sql")) if folder.is_dir() else []
    versions = [m["version"] for f in files if (m := MIGRATION_NAME.match(f))]
    flyway = [int(m["version"]) for f in files if (m := FLYWAY_NAME.match(f)) and m["version"].isdigit()]
    stamps = [v for v in versions if len(v) == 14]  # the Supabase CLI's <yyyymmddhhmmss>
    numbered = [v for v in versions if len(v) <= 6]
    if flyway and not stamps:
        return f"V{max(flyway) + 1}__{slug}.sql"
    if numbered and not stamps:
        width = max(len(n) for n in numbered)
        return f"{max(int(n) for n in numbered) + 1:0{width}d}_{slug}.sql"
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%d%H%M%S")
    if stamps and stamp <= max(stamps):
        last = datetime.strptime(max(stamps), "%Y%m%d%H%M%S")
        stamp = datetime.fromtimestamp(last.replace(tzinfo=UTC).timestamp() + 1, UTC).strftime("%Y%m%d%H%M%S")
    return f"{stamp}_{slug}.sql"
