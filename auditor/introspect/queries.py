"""The catalog queries: one ``.sql`` file per object kind under ``sql/``, chosen by server version.

Naming convention
-----------------
``<kind>.sql`` is the query for every supported version (PostgreSQL 13 on). ``<kind>_pg<N>.sql``
replaces it from major version ``N`` on; the highest ``N`` not above the server's major wins. So
``constraints.sql`` + ``constraints_pg15.sql`` means: PG 13-14 run the first, PG 15 and later the
second. A version difference always gets its own file; SQL is never patched as a string.

Every query takes named parameters (psycopg ``%(name)s``) and is set-based: it reads one object
kind for the whole database (or for all relations at once), never one object at a time. psycopg
reads placeholders even inside SQL comments: comments name parameters without the ``%(...)s``
syntax, and a literal percent sign would be written ``%%``.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

MIN_MAJOR = 13  # the oldest PostgreSQL whose catalog the queries are written for

_FILE = re.compile(r"^(?P<kind>[a-z_]+?)(?:_pg(?P<major>\d+))?\.sql$")


@cache
def _variants() -> dict[str, dict[int, str]]:
    """kind -> {first major it applies to (0 for the base file): file name}."""
    out: dict[str, dict[int, str]] = {}
    for entry in resources.files("auditor.introspect.sql").iterdir():
        m = _FILE.match(entry.name)
        if m:
            out.setdefault(m["kind"], {})[int(m["major"] or 0)] = entry.name
    return out


def file_for(kind: str, major: int) -> str:
    """The file name of ``kind``'s query for a server of major version ``major``."""
    variants = _variants().get(kind)
    if not variants:
        raise KeyError(f"no catalog query for {kind!r}")
    usable = [v for v in variants if v <= major]
    if not usable:
        raise KeyError(f"no catalog query for {kind!r} on PostgreSQL {major}")
    return variants[max(usable)]


@cache
def load(kind: str, major: int) -> str:
    """The text of ``kind``'s query for a server of major version ``major``."""
    return resources.files("auditor.introspect.sql").joinpath(file_for(kind, major)).read_text("utf-8")


def kinds() -> tuple[str, ...]:
    """Every object kind that has a query file."""
    return tuple(sorted(_variants()))
