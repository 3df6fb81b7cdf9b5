"""The shape of a database: one set-based catalog query (``fingerprint.sql``) per database.

A shape is ``(major, fingerprint)``. Deparsed text is stable within a PostgreSQL major, not
across majors, so two members of different majors never share a shape: each gets its own full
read and comparison, never a false "equal". With ``strip`` (tenant schemas: thousands of tables
in one database), the query hashes some catalog rows raw where a deparse would cost most: exact
only within one server version, so those prints include the server's version as well.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import psycopg

from auditor.connect import Timeouts, database_error, snapshot
from auditor.spec.cache import Cache, key_of, tool_stamp


@cache
def _query() -> str:
    return resources.files("auditor.fleet").joinpath("fingerprint.sql").read_text("utf-8")


@dataclass(frozen=True)
class DatabasePrint:
    """What one fingerprint query returned for one database."""

    major: int
    server_version: str
    schemas: tuple[tuple[str, str], ...]  # (schema, fingerprint), by name
    database: str  # the database-wide part (extensions, roles, default privileges, history)
    #: With ``detail``: per schema, the prints its fingerprint is made of, sorted (kind, name, md5);
    #: kind is relation, function, sequence, type, collation or schema (name ''), a function named
    #: with its identity arguments. Equal schema prints imply equal object prints; with ``strip``,
    #: names and prints have the schema's own qualifier removed, so tenants compare object by object.
    objects: dict[str, tuple[tuple[str, str, str], ...]] = field(default_factory=dict, compare=False)

    def shape(self, kept: Sequence[str]) -> str:
        """The shape key of the schemas ``kept`` (a whole database)."""
        h = hashlib.sha256(f"{self.major}\0{self.database}".encode())
        for name, fp in self.schemas:
            if name in kept:
                h.update(f"\0{name}={fp}".encode())
        return f"pg{self.major}-{h.hexdigest()[:16]}"

    def tenant_shape(self, schema: str) -> str:
        """The shape key of one tenant schema (its own name left out of its fingerprint)."""
        fp = dict(self.schemas).get(schema, "absent")
        h = hashlib.sha256(f"{self.major}\0{self.database}\0{fp}".encode())
        return f"pg{self.major}-{h.hexdigest()[:16]}"


def fingerprint(
    dsn: str,
    *,
    timeouts: Timeouts | None = None,
    strip: bool = False,
    history_table: str | None = None,
    detail: bool = False,
    schemas: Sequence[str] | None = None,
) -> DatabasePrint:
    """Fingerprint every schema of the database at ``dsn`` in one read-only snapshot. ``strip``
    leaves each schema's own name out of its texts (schema-per-tenant); ``detail`` also returns
    each object's print (``DatabasePrint.objects``); ``schemas`` reads only those schemas (the
    database-wide print is whole either way). Raises DatabaseError."""
    with snapshot(dsn, timeouts=timeouts) as conn:
        num = conn.info.server_version
        try:
            # Planning is most of this query's time on a small schema, in a fresh backend: joins in
            # the written order (each part is a hash join on an oid) plan in a fifth less time.
            conn.execute(
                b"SET LOCAL jit = off; SET LOCAL join_collapse_limit = 1; SET LOCAL from_collapse_limit = 1"
            )
            params = {
                "strip": strip,
                "raw": strip,
                "history": history_table,
                "detail": detail,
                "schemas": list(schemas) if schemas is not None else None,
            }
            rows = conn.execute(_query(), params).fetchall()
        except psycopg.Error as e:
            raise database_error(e, "fingerprinting the catalog") from None
    # rows: (schema, print, objects, kind, name): a schema's print has no kind, an object's print
    # has one, the database-wide print has no schema
    prints = tuple(sorted((str(r[0]), str(r[1])) for r in rows if r[0] is not None and r[3] is None))
    database = next((str(r[1]) for r in rows if r[0] is None), "")
    objects: dict[str, list[tuple[str, str, str]]] = {}
    for r in rows:
        if r[3] is not None:
            objects.setdefault(str(r[0]), []).append((str(r[3]), str(r[4]), str(r[1])))
    return DatabasePrint(
        num // 10000,
        f"{num // 10000}.{num % 10000}",
        prints,
        database,
        {k: tuple(sorted(v)) for k, v in sorted(objects.items())},
    )


# --- kept tenant prints -----------------------------------------------------------------------------
# A database of thousands of tenant schemas costs seconds to print (2.1 s for 2,000 tenants of 10
# tables) and a tenth of that to stamp (livecache's stamp.sql: per catalog the count, sum and maximum
# of the rows' xmin, 0.3 s). So the tenants' schema prints are kept with the stamp taken *before* they
# were computed; at the next run, an equal stamp means no DDL has been committed since, and the kept
# prints are the database's. A print taken while DDL commits is kept under the stamp taken before
# it, which no later catalog has again (new row versions carry transaction ids never used before),
# so it is never reused. What the stamp cannot see is never kept: the database-wide print (every
# role of the cluster, the applied migrations' rows) is computed on every run. A whole database is
# not kept: a few dozen tables cost as much to stamp as to print.

#: Kept entries: one per tenant database (an entry is the prints of its tenants, 100 kB per 2,000).
PRINTS_KEPT = 64


@dataclass(frozen=True)
class KeptPrints:
    """Tenant schemas' prints as computed on a server version, under the stamp taken before."""

    stamp: str
    server_version: str
    schemas: tuple[tuple[str, str], ...]


def kept_key(where: str, server_version: str, tenants: Sequence[str]) -> str:
    """The cache key of a tenant database's prints: where, the server's exact version, which tenants."""
    return key_of(b"prints/1", tool_stamp(), _query(), where, server_version, tuple(sorted(tenants)))


def kept_prints(cache_dir: str, key: str, stamp: str) -> tuple[tuple[str, str], ...] | None:
    """The prints kept under ``key`` with this very stamp, else None."""
    found = Cache(cache_dir, "prints", keep=PRINTS_KEPT).get(key)
    if found.hit and isinstance(found.value, KeptPrints) and found.value.stamp == stamp:
        return found.value.schemas
    return None


def keep_prints(cache_dir: str, key: str, kept: KeptPrints) -> bool:
    """Keep them (False when the cache cannot be written: it only ever saves time)."""
    return Cache(cache_dir, "prints", keep=PRINTS_KEPT).put(key, kept)
