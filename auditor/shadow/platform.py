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

Migrations run as a role that is no superuser (:class:`~auditor.shadow.providers.ShadowDatabase`),
so the server decides which extensions they may create: the trusted ones. Others are created on
the role's behalf by a ``SECURITY DEFINER`` helper (``create_extension.sql``) when they are on
:data:`ALLOWED_EXTENSIONS`, are our stand-ins, or are opted in by the user; replay
rewrites ``CREATE EXTENSION`` into a call of it. Extensions that reach outside the shadow
(:data:`REACHING_OUT`: other databases, the network, server files, untrusted languages) are refused
before they reach the server unless the user opts in (``--shadow-extension NAME``).
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
# Every extension a Supabase project can enable (supabase/postgres at the pin of docs/platform.md):
# PostgreSQL's contrib modules and the platform's own. Each is the server's where it has it, else
# our stand-in (supabase/extension/), else a replay error that names it.
SUPABASE_OFFERED: frozenset[str] = frozenset(
    {
        "address_standardizer", "address_standardizer_data_us", "amcheck", "autoinc", "bloom",
        "btree_gin", "btree_gist", "citext", "cube", "dblink", "dict_int", "dict_xsyn", "earthdistance",
        "file_fdw", "fuzzystrmatch", "hstore", "http", "hypopg", "index_advisor", "insert_username",
        "intagg", "intarray", "isn", "lo", "ltree", "moddatetime", "old_snapshot", "pageinspect",
        "pg_buffercache", "pg_cron", "pg_freespacemap", "pg_graphql", "pg_hashids", "pg_jsonschema",
        "pg_net", "pg_prewarm", "pg_repack", "pg_stat_monitor", "pg_stat_statements", "pg_surgery",
        "pg_tle", "pg_trgm", "pg_visibility", "pg_walinspect", "pgaudit", "pgcrypto", "pgjwt", "pgmq",
        "pgroonga", "pgroonga_database", "pgrouting", "pgrowlocks", "pgsodium", "pgstattuple", "pgtap",
        "plcoffee", "plls", "plpgsql", "plpgsql_check", "plv8", "postgis", "postgis_raster",
        "postgis_sfcgal", "postgis_tiger_geocoder", "postgis_topology", "postgres_fdw", "refint", "rum",
        "seg", "sslinfo", "supabase_vault", "tablefunc", "tcn", "timescaledb", "tsm_system_rows",
        "tsm_system_time", "unaccent", "uuid-ossp", "vector", "wrappers", "xml2",
    }
)  # fmt: skip
# Extensions that reach outside the shadow database: another database or server, the network, the
# server's files, or code outside PostgreSQL. Refused in migrations unless the user opts in.
REACHING_OUT: frozenset[str] = frozenset(
    {
        "dblink",
        "postgres_fdw",
        "file_fdw",
        "adminpack",
        "mysql_fdw",
        "oracle_fdw",
        "tds_fdw",
        "mongo_fdw",
        "redis_fdw",
        "sqlite_fdw",
        "multicorn",
        "wrappers",
        "log_fdw",
        "aws_s3",
        "aws_commons",
        "aws_lambda",
        "http",
        "pgsql-http",
        "pg_net",
        "pg_cron",
        "pg_background",
        "plperlu",
        "plpython3u",
        "plpythonu",
        "plpython2u",
        "pltclu",
        "plsh",
        "pljava",
        "pg_tle",
    }
)
# Extensions that stay inside the database, created as a superuser on the replay role's behalf when
# the server does not trust them (with the guards of create_extension.sql).
ALLOWED_EXTENSIONS: frozenset[str] = frozenset(
    {
        "vector",
        "pg_stat_statements",
        "moddatetime",
        "autoinc",
        "insert_username",
        "refint",
        "earthdistance",
        "intagg",
        "dict_xsyn",
        "bloom",
        "amcheck",
        "pgrowlocks",
        "pgstattuple",
        "pg_buffercache",
        "pg_freespacemap",
        "pg_visibility",
        "pg_prewarm",
        "pg_walinspect",
        "sslinfo",
        "xml2",
        "postgis",
        "postgis_raster",
        "postgis_topology",
        "postgis_sfcgal",
        "address_standardizer",
        "address_standardizer_data_us",
        "pgrouting",
        "pg_hashids",
        "pg_jsonschema",
        "pgjwt",
        "pg_graphql",
        "pgsodium",
        "supabase_vault",
        "pgmq",
        "plv8",
        "hypopg",
        "index_advisor",
        "pg_repack",
        "pgaudit",
        "rum",
        "timescaledb",
        "pgroonga",
        "plpgsql_check",
        "pg_stat_monitor",
    }
)
HELPER_SCHEMA = "schema_auditor_shadow"  # the helper lives here during replay only

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


@dataclass(frozen=True)
class Standin:
    """One stand-in as its control file describes it, with its install script."""

    name: str
    version: str
    schema: str | None  # the control file's schema: the extension lives there, whatever is asked
    script: str


def standin(name: str) -> Standin:
    """The stand-in ``name`` (its control file's version and schema, its script)."""
    control = _extension_files().joinpath(f"{name}.control").read_text(encoding="utf-8")
    m = re.search(r"^default_version\s*=\s*'([^']+)'", control, re.M)
    version = m.group(1) if m else ""
    s = re.search(r"^schema\s*=\s*'?([A-Za-z_][A-Za-z0-9_]*)'?", control, re.M)
    body = _extension_files().joinpath(f"{name}--{version}.sql").read_text(encoding="utf-8")
    return Standin(name, version, s.group(1) if s else None, str(body))


def emulate_extension(conn: psycopg.Connection[Any], name: str, schema: str | None, owner: str) -> None:
    """Install stand-in ``name`` as an extension on a server that cannot load its control file
    (``emulate_extension.sql``): listed in pg_extension, its objects members, DROP EXTENSION
    works. For a database built outside replay (a test's live database); ``conn`` is a
    superuser's, in a transaction or not."""
    st = standin(name)
    text = resources.files("auditor.shadow").joinpath("supabase", "emulate_extension.sql").read_text("utf-8")
    conn.execute(sql.SQL(text).format(schema=sql.Identifier("pg_temp")))
    conn.execute(
        sql.SQL("SELECT pg_temp.emulate_extension(%s, %s, %s, %s, {}::regrole::oid)").format(
            sql.SQL("current_user") if owner == "current_user" else sql.Literal(owner)
        ),
        (name, st.schema or schema or "public", st.version, st.script),
    )
    conn.execute("DROP FUNCTION pg_temp.emulate_extension(text, text, text, text, oid)")


def standin_script(name: str, schema: str | None) -> str:
    """The stand-in's install script, ``@extschema@`` replaced, preceded by its schema's creation:
    what replay runs instead of ``CREATE EXTENSION name`` where the server cannot load it."""
    body = standin(name).script
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
    """What a profile did to a shadow: the extensions replay must emulate by script, those the
    helper creates on the replay role's behalf, those refused, and the roles' names."""

    platform: Platform
    emulated: frozenset[str] = frozenset()
    dbname: str = "postgres"  # the shadow database's name
    by_helper: frozenset[str] = frozenset()  # CREATE EXTENSION rewritten into the helper's call
    refused: frozenset[str] = frozenset()  # refused before they reach the server
    replay_role: str = ""
    owner_role: str = ""  # OWNER TO this role means the replay role (dsn: the admin's name)
    helper: bool = False  # the create_extension helper is installed


def extension_policy(
    shadow: ShadowDatabase, trusted: set[str], opt_in: frozenset[str], standins: frozenset[str]
) -> tuple[frozenset[str], frozenset[str]]:
    """(created by the helper, refused before the server sees them). Our stand-ins (SQL only), the
    allow-list and the names the user opted in go through the helper; trusted extensions the
    replay role creates itself; :data:`REACHING_OUT` is refused unless opted in."""
    allowed = set(opt_in) | (ALLOWED_EXTENSIONS - REACHING_OUT)
    by_helper = frozenset((allowed - trusted) | set(standins))
    refused = frozenset(REACHING_OUT - set(opt_in) - set(standins))
    return by_helper, refused


def _install_helper(
    conn: psycopg.Connection[Any],
    shadow: ShadowDatabase,
    names: frozenset[str],
    emulated: frozenset[str],
    standins: frozenset[str],
) -> bool:
    """The definer function that creates allowed extensions for the replay role (dropped after
    replay); False when there is no restricted role to create them for."""
    role = shadow.replay_role
    if not role or (shadow.provider == "dsn" and role == shadow.owner_role):
        return False  # migrations run as the dsn admin itself: it creates what it may
    text = resources.files("auditor.shadow").joinpath("create_extension.sql").read_text(encoding="utf-8")

    def array(values: frozenset[str]) -> sql.Composed:
        return sql.SQL("ARRAY[{}]::text[]").format(sql.SQL(", ").join(sql.Literal(n) for n in sorted(values)))

    emulate = resources.files("auditor.shadow").joinpath("supabase", "emulate_extension.sql")
    conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(HELPER_SCHEMA)))
    conn.execute(
        sql.SQL(text).format(
            helper=sql.Identifier(HELPER_SCHEMA),
            role=sql.Identifier(role),
            role_literal=sql.Literal(role),
            allowed=array(names),
            standins=array(standins - emulated),
        )
    )
    conn.execute(sql.SQL(emulate.read_text(encoding="utf-8")).format(schema=sql.Identifier(HELPER_SCHEMA)))
    for name in sorted(emulated):
        st = standin(name)
        conn.execute(
            sql.SQL("INSERT INTO {}.standin VALUES (%s, %s, %s, %s)").format(sql.Identifier(HELPER_SCHEMA)),
            (name, st.schema, st.version, st.script),
        )
    return True


def remove_helper(shadow: ShadowDatabase) -> None:
    """Drop the helper schema after replay: it is no part of the migrations' schema."""
    with psycopg.connect(shadow.dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(HELPER_SCHEMA)))


_PLATFORM_OBJECTS = """
SELECT format('ALTER TABLE %%s OWNER TO', c.oid::regclass) FROM pg_class c
WHERE c.relnamespace::regnamespace::text = ANY(%(schemas)s) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                  AND d.deptype = 'e')
UNION ALL
SELECT format('ALTER FUNCTION %%s OWNER TO', p.oid::regprocedure) FROM pg_proc p
WHERE p.pronamespace::regnamespace::text = ANY(%(schemas)s) AND p.prokind IN ('f', 'p')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                  AND d.deptype = 'e')
UNION ALL
SELECT format('ALTER PUBLICATION %%I OWNER TO', pubname) FROM pg_publication
WHERE pubname = 'supabase_realtime'
"""


def _grant_platform(conn: psycopg.Connection[Any], shadow: ShadowDatabase, schemas: frozenset[str]) -> None:
    """Let the replay role do what Supabase's postgres role does in the platform's schemas: use
    them and grant onwards, create policies and triggers on auth/storage tables, change the
    realtime publication, act as the API roles (SET ROLE authenticated). The platform's own
    tables, views and functions (not those of extensions) are handed to it: the shadow database
    is throwaway, and these schemas stay out of every catalog."""
    role = shadow.replay_role
    if not role or (role == shadow.owner_role and shadow.provider == "dsn"):
        return
    present = [
        str(r[0])
        for r in conn.execute("SELECT nspname FROM pg_namespace WHERE nspname = ANY(%s)", (sorted(schemas),))
    ]
    ident = sql.Identifier(role)
    for name in present:
        ns = sql.Identifier(name)
        for what in ("SCHEMA", "ALL TABLES IN SCHEMA", "ALL SEQUENCES IN SCHEMA", "ALL FUNCTIONS IN SCHEMA"):
            conn.execute(sql.SQL("GRANT ALL ON " + what + " {} TO {} WITH GRANT OPTION").format(ns, ident))
    for (alter,) in conn.execute(_PLATFORM_OBJECTS, {"schemas": present}).fetchall():
        conn.execute(sql.SQL(alter + " {}").format(ident))
    conn.execute(sql.SQL("GRANT anon, authenticated, service_role TO {}").format(ident))
    # What the platform's default privileges give the API roles on whatever postgres creates in
    # public (bootstrap.sql sets them for the role it runs as): the replay role stands for postgres.
    for kind in ("TABLES", "SEQUENCES", "FUNCTIONS"):
        conn.execute(
            sql.SQL(
                "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA public GRANT ALL ON "
                + kind
                + " TO anon, authenticated, service_role"
            ).format(ident)
        )


def prepare(shadow: ShadowDatabase, platform: Platform, opt_in: frozenset[str] = frozenset()) -> Prepared:
    """Create the platform's objects in the (empty) shadow database, before replay, and the helper
    that creates allowed extensions for the replay role."""
    with psycopg.connect(shadow.dsn, autocommit=True) as conn:
        emulated: frozenset[str] = frozenset()
        ours: frozenset[str] = frozenset()
        if platform.name != "none":
            emulated, ours = _prepare_platform(conn, shadow, platform)
        rows = conn.execute(
            "SELECT name, bool_or(trusted) FROM pg_available_extension_versions GROUP BY 1"
        ).fetchall()
        trusted = {str(r[0]) for r in rows if r[1]}
        by_helper, refused = extension_policy(shadow, trusted, opt_in, ours)
        helper = _install_helper(conn, shadow, by_helper, emulated, ours)
        dbname = conn.info.dbname
    return Prepared(
        platform,
        emulated,
        dbname,
        by_helper=by_helper,
        refused=refused,
        replay_role=shadow.replay_role,
        owner_role=shadow.owner_role,
        helper=helper,
    )


def _prepare_platform(
    conn: psycopg.Connection[Any], shadow: ShadowDatabase, platform: Platform
) -> tuple[frozenset[str], frozenset[str]]:
    """Create the platform's objects; return (stand-ins emulated by script, every stand-in in use:
    SQL-only, safe even where the real extension would reach outside)."""
    files = resources.files("auditor.shadow").joinpath("supabase")
    dbname = conn.info.dbname
    own = {r[0] for r in conn.execute("SELECT name FROM pg_available_extensions")}
    ours = frozenset(standin_names() - own)
    if _install_control_files(shadow):
        assert shadow.extension_dir is not None
        path = f"$system:{shadow.extension_dir}"
        conn.execute(
            sql.SQL("ALTER DATABASE {} SET extension_control_path = {}").format(
                sql.Identifier(dbname), sql.Literal(path)
            )
        )
        conn.execute(sql.SQL("SET extension_control_path = {}").format(sql.Literal(path)))
    roles_before = {str(r[0]) for r in conn.execute("SELECT rolname FROM pg_roles")}
    conn.execute(as_query(files.joinpath("roles.sql").read_text(encoding="utf-8")))
    shadow.bootstrap_roles |= {str(r[0]) for r in conn.execute("SELECT rolname FROM pg_roles")} - roles_before
    # The auth and storage schemas as the pinned platform version makes them (platform.sql,
    # generated by tools/supabase_platform.py), then what bootstrap.sql adds around them.
    conn.execute(as_query(files.joinpath("platform.sql").read_text(encoding="utf-8")))
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
            emulate_extension(conn, name, schema, "current_user")
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
    _grant_platform(conn, shadow, platform.schemas)
    return emulated, ours


_DATABASE_POSTGRES = re.compile(r'\bDATABASE\s+(?:"postgres"|postgres)\b', re.I)
_DATABASE_NODES = {"AlterDatabaseSetStmt", "AlterDatabaseStmt", "CommentStmt", "GrantStmt", "AlterOwnerStmt"}


_API_ROLES = ("authenticator", "anon", "authenticated", "service_role")


def setting_substitute(node: Any, prepared: Prepared) -> str | None:
    """``ALTER DATABASE ... SET "app.x" = 'v'`` (a custom setting) through the helper: before
    PostgreSQL 16 only a superuser may, and Supabase's postgres role can. The database is the
    shadow's whatever the statement names (see :func:`database_substitute`). Likewise
    ``ALTER ROLE authenticator SET "pgrst.x" = 'v'`` (PostgREST's settings on the API roles),
    made for the shadow's database only."""
    kind = type(node).__name__ if node is not None else ""
    if not prepared.helper or kind not in ("AlterDatabaseSetStmt", "AlterRoleSetStmt"):
        return None
    role = None
    if kind == "AlterRoleSetStmt":
        role = getattr(node.role, "rolename", None) if node.role is not None else None
        if role not in _API_ROLES or node.database:
            return None
    st = node.setstmt
    if st is None or st.kind != 0 or "." not in (st.name or "") or not st.args or len(st.args) != 1:
        return None  # VAR_SET_VALUE of one value only; RESET and built-in settings go as written
    val = getattr(st.args[0], "val", None)
    value = getattr(val, "sval", None)
    if value is None:
        for attr in ("ival", "fval", "boolval"):
            if getattr(val, attr, None) is not None:
                value = str(getattr(val, attr))
                break
    if value is None:
        return None
    if role is not None:
        call = sql.SQL("SELECT {}.set_role({}, {}, {})").format(
            sql.Identifier(HELPER_SCHEMA), sql.Literal(role), sql.Literal(st.name), sql.Literal(value)
        )
    else:
        call = sql.SQL("SELECT {}.set_database({}, {})").format(
            sql.Identifier(HELPER_SCHEMA), sql.Literal(st.name), sql.Literal(value)
        )
    return call.as_string(None)


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


def extension_refusal(node: Any, prepared: Prepared) -> str | None:
    """Why ``CREATE EXTENSION x`` is refused before it reaches the server, or None."""
    if node is None or type(node).__name__ != "CreateExtensionStmt" or node.extname not in prepared.refused:
        return None
    return (
        f"extension {node.extname} reaches outside the shadow database (other databases, the network, "
        "server files or programs); replay does not create it"
    )


def extension_substitute(node: Any, prepared: Prepared) -> str | None:
    """For ``CREATE EXTENSION x``: the helper's call when ``x`` is created on the replay role's
    behalf, the stand-in script when ``x`` is emulated and there is no helper, else None. For an
    hnsw/ivfflat index with options where ``vector`` is our stand-in: see
    :func:`vector_index_substitute`."""
    if node is not None and type(node).__name__ == "IndexStmt":
        return vector_index_substitute(node, prepared)
    if node is None or type(node).__name__ != "CreateExtensionStmt":
        return None
    name = node.extname
    schema = version = None
    cascade = False
    for opt in node.options or ():
        value = getattr(opt.arg, "sval", None)
        if opt.defname == "schema":
            schema = value or str(opt.arg)
        elif opt.defname == "new_version":
            version = value
        elif opt.defname == "cascade":
            cascade = bool(getattr(opt.arg, "boolval", True))
    if prepared.helper and (name in prepared.by_helper or name in prepared.emulated):
        args = sql.SQL(", ").join(
            [
                sql.Literal(name),
                sql.Literal(schema),
                sql.SQL("current_schema()"),
                sql.Literal(version),
                sql.Literal(cascade),
                sql.Literal(bool(node.if_not_exists)),
            ]
        )
        call = sql.SQL("SELECT {}.create_extension({})").format(sql.Identifier(HELPER_SCHEMA), args)
        return call.as_string(None)
    if name in prepared.emulated:
        return standin_script(name, schema)
    return None


@dataclass(frozen=True)
class VectorIndex:
    """``CREATE INDEX ... USING hnsw|ivfflat ... WITH (...)`` split for the vector stand-in."""

    statement: str  # the statement without its WITH (...) options
    table: str  # the indexed table as the statement names it
    options: tuple[str, ...]  # reloptions as the server records them: 'm=16'


def vector_index(node: Any) -> VectorIndex | None:
    """The parts of an hnsw/ivfflat index statement that has options, else None."""
    if node is None or type(node).__name__ != "IndexStmt" or node.accessMethod not in ("hnsw", "ivfflat"):
        return None
    if not node.options or node.relation is None:
        return None
    from pglast.stream import RawStream

    options = []
    for d in node.options:
        arg = d.arg
        value = getattr(arg, "sval", None)
        if value is None:
            found = (str(getattr(arg, a)) for a in ("ival", "fval") if getattr(arg, a, None) is not None)
            value = next(found, "")
        options.append(f"{d.defname}={value}")
    kept = node.options
    node.options = None
    try:
        text = RawStream()(node)
    finally:
        node.options = kept
    rel = node.relation
    table = ".".join(
        '"' + part.replace('"', '""') + '"' for part in (rel.schemaname, rel.relname) if part is not None
    )
    return VectorIndex(text, table, tuple(options))


def vector_index_substitute(node: Any, prepared: Prepared) -> str | None:
    """Where ``vector`` is our stand-in, an hnsw/ivfflat index with options is made through the
    helper, which records the options the stand-in's access methods cannot take (see
    ``create_extension.sql``)."""
    if not prepared.helper or "vector" not in prepared.emulated:
        return None
    parts = vector_index(node)
    if parts is None:
        return None
    call = sql.SQL("SELECT {}.create_vector_index({}, {}, {})").format(
        sql.Identifier(HELPER_SCHEMA),
        sql.Literal(parts.statement),
        sql.Literal(parts.table),
        sql.SQL("ARRAY[{}]::text[]").format(sql.SQL(", ").join(sql.Literal(o) for o in parts.options)),
    )
    return call.as_string(None)


_OWNER_NODES = {"AlterOwnerStmt", "AlterTableStmt", "AlterDefaultPrivilegesStmt", "CreateSchemaStmt"}


def owner_substitute(node: Any, text: str, prepared: Prepared) -> str | None:
    """On a shared server the replay role is not called ``owner_role`` (the admin, ``postgres``):
    ``OWNER TO postgres`` and ``FOR ROLE postgres`` mean the replay role, which the shadow's
    catalog then calls by the admin's name (:func:`auditor.shadow.catalog.introspect_shadow`)."""
    owner, role = prepared.owner_role, prepared.replay_role
    if node is None or not owner or not role or owner == role or type(node).__name__ not in _OWNER_NODES:
        return None
    name = (
        '(?:"'
        + re.escape(owner.replace('"', '""'))
        + '"'
        + ("|" + re.escape(owner) if owner.islower() else "")
        + ")"
    )
    new = re.sub(r"\bOWNER\s+TO\s+" + name + r"(?![\w$])", "OWNER TO CURRENT_USER", text, flags=re.I)
    new = re.sub(r"\bFOR\s+(?:ROLE|USER)\s+" + name + r"(?![\w$,])", "FOR ROLE CURRENT_USER", new, flags=re.I)
    new = re.sub(r"\bAUTHORIZATION\s+" + name + r"(?![\w$])", "AUTHORIZATION CURRENT_USER", new, flags=re.I)
    return new if new != text else None
