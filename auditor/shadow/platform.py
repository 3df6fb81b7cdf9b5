"""Platform profiles: what a hosted platform's database holds before a project's first migration.

``supabase`` creates in the shadow the roles, schemas, auth/storage tables and functions, the
realtime publication, the extensions and the default privileges a Supabase project takes for
granted, so that real migration folders apply to a vanilla server. ``none`` is plain PostgreSQL.

Objects a profile creates belong to the platform, not to the project: :data:`SUPABASE_SCHEMAS`,
:data:`SUPABASE_ROLES` and :data:`SUPABASE_EXTENSIONS` list them so that catalogs leave them out.

Extensions the server does not have (the embedded PostgreSQL 18 ships neither pgcrypto nor
uuid-ossp; no stock server has pg_net or pg_cron) are replaced by SQL-only stand-ins shipped in
``supabase/extension/`` (control and script files: signatures and tables, no behaviour). On
PostgreSQL 18+ servers we started ourselves they are real extensions, found through
``extension_control_path``; elsewhere a ``CREATE EXTENSION`` naming one is replaced during replay
by the stand-in's script (:func:`standin_script`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import psycopg
from psycopg import sql

from auditor.shadow.providers import ShadowDatabase
from auditor.shadow.statements import as_query

SUPABASE_SCHEMAS: frozenset[str] = frozenset(
    {
        "auth",
        "storage",
        "extensions",
        "graphql",
        "graphql_public",
        "realtime",
        "_realtime",
        "vault",
        "pgsodium",
        "pgsodium_masks",
        "supabase_functions",
        "supabase_migrations",
        "net",
        "cron",
        "pgmq",
        "pgbouncer",
        "_analytics",
        "pgtle",
        "topology",
        "tiger",
        "tiger_data",
    }
)
SUPABASE_ROLES: frozenset[str] = frozenset(
    {
        "anon",
        "authenticated",
        "service_role",
        "authenticator",
        "supabase_admin",
        "supabase_auth_admin",
        "supabase_storage_admin",
        "supabase_functions_admin",
        "supabase_realtime_admin",
        "supabase_replication_admin",
        "dashboard_user",
        "pgbouncer",
        "postgres",
    }
)
SUPABASE_EXTENSIONS: frozenset[str] = frozenset(
    {
        "uuid-ossp",
        "pgcrypto",
        "pg_net",
        "pg_cron",
        "supabase_vault",
        "pgmq",
        "http",
        "pg_graphql",
        "pgsodium",
        "pg_stat_statements",
        "pgjwt",
        "pg_jsonschema",
        "pg_hashids",
        "plv8",
        "plpgsql",
    }
)
# Installed before the first migration, as on a new Supabase project (name -> schema).
_PREINSTALLED = {
    "uuid-ossp": "extensions",
    "pgcrypto": "extensions",
    "pg_graphql": "graphql",
    "supabase_vault": "vault",
    "pgsodium": "pgsodium",
}
_ONLY_SCHEMA = {
    "pg_graphql": "graphql",
    "supabase_vault": "vault",
    "pg_net": "net",
    "pg_cron": "cron",
    "pgmq": "pgmq",
    "plv8": "pg_catalog",
}  # stand-ins whose script ignores the chosen schema


@dataclass(frozen=True)
class Platform:
    """A profile: its name and the platform-owned objects to leave out of catalogs."""

    name: str
    schemas: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    extensions: frozenset[str] = frozenset()


PLATFORMS: dict[str, Platform] = {
    "none": Platform("none"),
    "supabase": Platform("supabase", SUPABASE_SCHEMAS, SUPABASE_ROLES, SUPABASE_EXTENSIONS),
}

# What only a Supabase project's migrations say: auth.uid()/auth.users, storage.*, the API roles.
_SUPABASE_HINT = re.compile(
    r"\bauth\W{0,2}\s*\.\s*\W?(?:uid|role|jwt|email|users)\b"  # auth.uid(), "auth"."users"
    r"|\bstorage\W{0,2}\s*\.\s*\W?(?:objects|buckets|foldername|filename|extension)\b"
    r"|\bto\s+\W?(?:anon|authenticated|service_role)\b"  # grants and policies for the API roles
    r"|\bsupabase_(?:realtime|functions|vault)\b|\bpg_net\b|\bpg_graphql\b"
    r"|\bwith\s+schema\s+\W?extensions\b|\bextensions\s*\.\s*uuid_generate_v4\b",
    re.I,
)


def detect_platform(sources: list[str]) -> str:
    """``supabase`` when the migrations use auth.*, storage.*, the API roles or realtime; else ``none``."""
    return "supabase" if any(_SUPABASE_HINT.search(s) for s in sources) else "none"


def platform_exclusions(platform: str, sources: list[str] | None) -> tuple[str, ...]:
    """Schemas to leave out of a catalog for ``platform``. ``auto`` detects it from the migration
    ``sources``; without sources (a live database read alone) ``auto`` means supabase, the
    platform this tool audits: its schemas (auth, storage, extensions...) are not the project's."""
    if platform == "auto":
        platform = detect_platform(sources) if sources is not None else "supabase"
    profile = PLATFORMS.get(platform)
    return tuple(sorted(profile.schemas)) if profile else ()


def resolve_platform(name: str, sources: list[str]) -> Platform:
    """The profile for ``name`` (``auto`` detects it from the migration sources)."""
    if name == "auto":
        name = detect_platform(sources)
    try:
        return PLATFORMS[name]
    except KeyError:
        from auditor.errors import UsageError

        raise UsageError(f"unknown platform {name!r}", hint="use auto, supabase or none") from None


# --- stand-in extensions ---------------------------------------------------------------------------


def _extension_files() -> Any:
    return resources.files("auditor.shadow").joinpath("supabase", "extension")


def standin_names() -> frozenset[str]:
    """Extensions we ship a stand-in for."""
    return frozenset(
        p.name[: -len(".control")] for p in _extension_files().iterdir() if p.name.endswith(".control")
    )


def standin_script(name: str, schema: str | None) -> str:
    """The stand-in's install script, ``@extschema@`` replaced, preceded by its schema's creation:
    what replay runs instead of ``CREATE EXTENSION name`` where the server cannot load it."""
    control = _extension_files().joinpath(f"{name}.control").read_text(encoding="utf-8")
    m = re.search(r"default_version\s*=\s*'([^']+)'", control)
    version = m.group(1) if m else ""
    body = _extension_files().joinpath(f"{name}--{version}.sql").read_text(encoding="utf-8")
    target = _ONLY_SCHEMA.get(name) or schema or "public"
    ident = '"' + target.replace('"', '""') + '"'
    script = str(body).replace("@extschema@", ident)
    if target.startswith("pg_"):  # pg_catalog: CREATE SCHEMA refuses the name even with IF NOT EXISTS
        return script
    return f"CREATE SCHEMA IF NOT EXISTS {ident};\n" + script


def _install_control_files(shadow: ShadowDatabase) -> bool:
    """Copy the stand-ins where ``extension_control_path`` can find them (PostgreSQL 18+ servers we
    started); True when done. The server's own extensions keep precedence (``$system`` first)."""
    if shadow.extension_dir is None or shadow.server_version_num < 180000:
        return False
    target = shadow.extension_dir / "extension"
    target.mkdir(parents=True, exist_ok=True)
    for f in _extension_files().iterdir():
        if f.name.endswith((".control", ".sql")):
            (target / f.name).write_bytes(f.read_bytes())
            (target / f.name).chmod(0o644)  # read by the server's OS user
    return True


@dataclass
class Prepared:
    """What a profile did to a shadow: the extensions replay must emulate by script."""

    platform: Platform
    emulated: frozenset[str] = frozenset()
    dbname: str = "postgres"  # the shadow database's name


def prepare(shadow: ShadowDatabase, platform: Platform) -> Prepared:
    """Create the platform's objects in the (empty) shadow database, before replay."""
    if platform.name == "none":
        return Prepared(platform, dbname=_dbname(shadow.dsn))
    files = resources.files("auditor.shadow").joinpath("supabase")
    with psycopg.connect(shadow.dsn, autocommit=True) as conn:
        dbname = conn.info.dbname
        if _install_control_files(shadow):
            assert shadow.extension_dir is not None
            path = f"$system:{shadow.extension_dir}"
            conn.execute(
                sql.SQL("ALTER DATABASE {} SET extension_control_path = {}").format(
                    sql.Identifier(dbname), sql.Literal(path)
                )
            )
            conn.execute(sql.SQL("SET extension_control_path = {}").format(sql.Literal(path)))
        conn.execute(as_query(files.joinpath("roles.sql").read_text(encoding="utf-8")))
        conn.execute(as_query(files.joinpath("bootstrap.sql").read_text(encoding="utf-8")))
        # Supabase's database default: unqualified extension functions (uuid_generate_v4()) resolve.
        conn.execute(
            sql.SQL("""ALTER DATABASE {} SET search_path = "$user", public, extensions""").format(
                sql.Identifier(dbname)
            )
        )
        available = {r[0] for r in conn.execute("SELECT name FROM pg_available_extensions")}
        emulated = frozenset(n for n in standin_names() if n not in available)
        for name, schema in _PREINSTALLED.items():
            if name in emulated:
                conn.execute(as_query(standin_script(name, schema)))
            elif name in _ONLY_SCHEMA:
                # These create their own schema; it must not exist beforehand.
                conn.execute(sql.SQL("CREATE EXTENSION IF NOT EXISTS {}").format(sql.Identifier(name)))
            else:
                conn.execute(
                    sql.SQL("CREATE EXTENSION IF NOT EXISTS {} WITH SCHEMA {}").format(
                        sql.Identifier(name), sql.Identifier(schema)
                    )
                )
        conn.execute("GRANT USAGE ON SCHEMA graphql, vault TO anon, authenticated, service_role")
    return Prepared(platform, emulated, dbname)


_DATABASE_POSTGRES = re.compile(r'\bDATABASE\s+(?:"postgres"|postgres)\b', re.I)
_DATABASE_NODES = {"AlterDatabaseSetStmt", "AlterDatabaseStmt", "CommentStmt", "GrantStmt", "AlterOwnerStmt"}


def database_substitute(node: Any, text: str, dbname: str) -> str | None:
    """``ALTER DATABASE postgres ...`` (and COMMENT ON / GRANT ON / OWNER of it) aimed at the shadow.

    A Supabase project's database is always called ``postgres``; migrations that name it mean
    "this database". In a scratch database of a shared server (dsn provider) or a container's
    ``test`` database, the statement would change, or fail on, another database.
    """
    if node is None or dbname == "postgres" or type(node).__name__ not in _DATABASE_NODES:
        return None
    target = '"' + dbname.replace('"', '""') + '"'
    new = _DATABASE_POSTGRES.sub(lambda _m: "DATABASE " + target, text, count=1)
    return new if new != text else None


def _dbname(dsn: str) -> str:
    from psycopg import conninfo

    return str(conninfo.conninfo_to_dict(dsn).get("dbname") or "postgres")


def extension_substitute(node: Any, prepared: Prepared) -> str | None:
    """For ``CREATE EXTENSION x`` where ``x`` is emulated: the stand-in script to run instead."""
    if node is None or type(node).__name__ != "CreateExtensionStmt" or node.extname not in prepared.emulated:
        return None
    schema = None
    for opt in node.options or ():
        if opt.defname == "schema":
            schema = getattr(opt.arg, "sval", None) or str(opt.arg)
    return standin_script(node.extname, schema)
