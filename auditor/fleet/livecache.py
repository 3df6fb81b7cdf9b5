"""The single audit's fast path: when live has not changed since it was last read, it is not read
again.

Reading a large schema in full (every column, constraint, index and policy deparsed and built into
the model) is most of an audit of an unchanged database. Fleet's fingerprint
(``fingerprint.sql``) deparses every object too, so on one database it costs about as much as the
read it would save (measured on 5,000 tables: 1.5 s against 1.7 s). Here a database is compared
only with itself, so a cheaper stamp does (``stamp.sql``: per catalog the count, sum and maximum of
the rows' xmin, no deparsing; 0.1 s): DDL always writes row versions with transaction ids never
used before, so a changed catalog never shows an old stamp.

If the cache holds a catalog read from this database (host, port, database and user as connected;
the cluster's system identifier and the database's oid in the stamp), in this scope (the schema
filters), by this tool, on this exact server version, with this exact stamp, that catalog is
live's; otherwise live is read in full and stored with its stamp.

Never a false "equal":

* an entry is stored only when a stamp taken before the full read and one taken after it are
  equal (no DDL committed during the read), so the catalog is the state the stamp describes;
* a catalog with gaps (something the auditing role could not read) is never stored;
* stamps are compared only between reads of the same server version (a 15 and an 18, or a 15.8
  and a 15.10, never match) and of the same cluster; any difference, or a stamp that cannot be
  taken, is a full read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import psycopg

from auditor.connect import Timeouts, database_error, snapshot
from auditor.errors import AuditorError
from auditor.model import Catalog
from auditor.spec.cache import Cache, key_of, tool_stamp


@cache
def _query() -> str:
    return resources.files("auditor.fleet").joinpath("stamp.sql").read_text("utf-8")


@dataclass(frozen=True)
class Stamp:
    where: str  # host:port/dbname as user, as connected (never a password)
    server_version: str  # the full version, e.g. 15.20
    value: str


@dataclass(frozen=True)
class Entry:
    stamp: Stamp
    catalog: Catalog


@dataclass(frozen=True)
class LiveRead:
    """Live's catalog and how it was had. ``status``: ``hit`` (the cached catalog), ``stored`` (read
    in full and stored), ``changed`` (an entry was there, the stamp differed: read in full and
    stored), ``unstable`` (DDL during the read: not stored), ``gaps`` (not stored), ``off`` (no
    cache), ``no-stamp``. ``stamp``: the catalog stamp ``catalog`` is known to describe (taken
    before and after a full read, equal; or the entry's), None when no stamp can be vouched for."""

    catalog: Catalog
    status: str
    stamp: Stamp | None = None


def stamp(dsn: str, timeouts: Timeouts | None = None) -> Stamp:
    """The catalog stamp of the database at ``dsn`` (one query). Raises DatabaseError."""
    with snapshot(dsn, timeouts=timeouts) as conn:
        info = conn.info
        num = info.server_version
        where = f"{info.host}:{info.port}/{info.dbname} as {info.user}"
        try:
            row = conn.execute(_query()).fetchone()
        except psycopg.Error as e:
            raise database_error(e, "stamping the catalog") from None
    return Stamp(where, f"{num // 10000}.{num % 10000}", str(row[0]) if row else "")


def read_live(
    dsn: str,
    *,
    timeouts: Timeouts | None,
    include_schemas: Sequence[str],
    exclude_schemas: Sequence[str],
    jobs: int | None,
    cache_dir: str | Path | None,
    before: Stamp | None = None,
    say: Callable[[str], None] = lambda _m: None,
) -> LiveRead:
    """Live's catalog: the cached one when live's catalog stamp equals the one it was read with,
    else :func:`auditor.introspect.introspect` (raises DatabaseError as it does). ``before``: the
    stamp the caller has just taken of this database (not taken again)."""
    from auditor.introspect import introspect

    def full() -> Catalog:
        return introspect(
            dsn,
            timeouts=timeouts,
            include_schemas=include_schemas,
            exclude_schemas=exclude_schemas,
            jobs=jobs,
        )

    if cache_dir is None:
        return LiveRead(full(), "off")
    if before is None:
        try:
            before = stamp(dsn, timeouts)
        except AuditorError:  # the full read says what is wrong, in its own words
            return LiveRead(full(), "no-stamp")
    store = Cache(cache_dir, "live")
    key = key_of(b"live/1", tool_stamp(), before.where, tuple(include_schemas), tuple(exclude_schemas))
    found = store.get(key)
    known = found.hit and isinstance(found.value, Entry) and isinstance(found.value.catalog, Catalog)
    if known and found.value.stamp == before:
        say("live unchanged since it was last read (same catalog stamp): not read again")
        return LiveRead(found.value.catalog, "hit", before)
    cat = full()
    if cat.gaps:
        return LiveRead(cat, "gaps")
    try:
        after = stamp(dsn, timeouts)
    except AuditorError:
        return LiveRead(cat, "no-stamp")
    if after != before:
        return LiveRead(cat, "unstable")
    store.put(key, Entry(after, cat))
    return LiveRead(cat, "changed" if known else "stored", after)
