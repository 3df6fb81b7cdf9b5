-- The catalog stamp of one database, for the single audit's fast path (auditor/fleet/livecache.py):
-- has anything the live read would see changed since the stamp was taken? Cheap (sums, no
-- deparsing): for every catalog the read or the server's deparsing consults, the number of rows,
-- the sum and the maximum of their xmin. DDL writes new row versions with transaction ids never
-- used before, so any change (or a drop: one row fewer) gives a stamp never seen before; the
-- stamp is meaningful only for one database of one cluster (system identifier, database oid, xid
-- epoch) and is compared only with itself, never across databases or servers.
-- What PostgreSQL updates in place (no new row version) is added as values: index validity (set
-- by CREATE INDEX CONCURRENTLY); so are the roles (pg_authid is not readable) and the extension
-- versions the server would install (its files).
WITH per_catalog AS (
    SELECT 'class' AS k, count(*) AS n, sum(xmin::text::bigint) AS s, max(xmin::text::bigint) AS m FROM pg_class
    UNION ALL SELECT 'attribute', count(*), sum(xmin::text::bigint), max(xmin::text::bigint) FROM pg_attribute
    UNION ALL SELECT 'attrdef', count(*), sum(xmin::text::bigint), max(xmin::text::bigint) FROM pg_attrdef
    UNION ALL SELECT 'constraint', count(*), sum(xmin::text::bigint), max(xmin::text::bigint) FROM pg_constraint
    UNION ALL SELECT 'index', count(*), sum(xmin::text::bigint), max(xmin::text::bigint) FROM pg_index
    UNION ALL SELECT 'inherits', count(*), sum(xmin::text::bigint), max(xmin::text::bigint) FROM pg_inherits
    UNION ALL SELECT 'partitioned', count(*), sum(xmin::text::bigint), max(xmin::text::bigint) FROM pg_partitioned_table
    UNION ALL SELECT 'policy', count(*), sum(xmin::text::bigint), max(xmin::text::bigint) FROM pg_policy
    UNION ALL SELECT 'trigger', count(*), sum(xmin::text::bigint), max(xmin::text::bigint) FROM pg_trigger
    UNION ALL SELECT 'rewrite', count(*), sum(xmin::text::bigint), max(xmin::text::bigint) FROM pg_rewrite
    UNION ALL SELECT 'proc', count(*), sum(xmin::text::bigint), max(xmin::text::bigint) FROM pg_proc
    UNION ALL SELECT 'type', count(*), sum(xmin::text::bigint), max(xmin::text::bigint) FROM pg_type
    UNION ALL SELECT 'enum', count(*), sum(xmin::text::bigint), max(xmin::text::bigint) FROM pg_enum
    UNION ALL SELECT 'range', count(*), sum(xmin::text::bigint), max(xmin::text::bigint) FROM pg_range
    UNION ALL SELECT 'collation', count(*), sum(xmin::text::bigint), max(xmin::text::bigint) FROM pg_collation
    UNION ALL SELECT 'sequence', count(*), sum(xmin::text::bigint), max(xmin::text::bigint) FROM pg_sequence
    UNION ALL SELECT 'namespace', count(*), sum(xmin::text::bigint), max(xmin::text::bigint) FROM pg_namespace
    UNION ALL SELECT 'description', count(*), sum(xmin::text::bigint), max(xmin::text::bigint) FROM pg_description
    UNION ALL SELECT 'depend', count(*), sum(xmin::text::bigint), max(xmin::text::bigint) FROM pg_depend
    UNION ALL SELECT 'extension', count(*), sum(xmin::text::bigint), max(xmin::text::bigint) FROM pg_extension
    UNION ALL SELECT 'default_acl', count(*), sum(xmin::text::bigint), max(xmin::text::bigint) FROM pg_default_acl
    UNION ALL SELECT 'init_privs', count(*), sum(xmin::text::bigint), max(xmin::text::bigint) FROM pg_init_privs
    UNION ALL SELECT 'operator', count(*), sum(xmin::text::bigint), max(xmin::text::bigint) FROM pg_operator
    UNION ALL SELECT 'opclass', count(*), sum(xmin::text::bigint), max(xmin::text::bigint) FROM pg_opclass
    UNION ALL SELECT 'opfamily', count(*), sum(xmin::text::bigint), max(xmin::text::bigint) FROM pg_opfamily
    UNION ALL SELECT 'am', count(*), sum(xmin::text::bigint), max(xmin::text::bigint) FROM pg_am
    UNION ALL SELECT 'language', count(*), sum(xmin::text::bigint), max(xmin::text::bigint) FROM pg_language
    UNION ALL SELECT 'cast', count(*), sum(xmin::text::bigint), max(xmin::text::bigint) FROM pg_cast
    UNION ALL SELECT 'conversion', count(*), sum(xmin::text::bigint), max(xmin::text::bigint) FROM pg_conversion
    UNION ALL SELECT 'foreign_table', count(*), sum(xmin::text::bigint), max(xmin::text::bigint) FROM pg_foreign_table
    UNION ALL SELECT 'event_trigger', count(*), sum(xmin::text::bigint), max(xmin::text::bigint) FROM pg_event_trigger
    UNION ALL SELECT 'statistic_ext', count(*), sum(xmin::text::bigint), max(xmin::text::bigint) FROM pg_statistic_ext
    UNION ALL SELECT 'publication', count(*), sum(xmin::text::bigint), max(xmin::text::bigint) FROM pg_publication
    UNION ALL SELECT 'shdepend', count(*), sum(xmin::text::bigint), max(xmin::text::bigint)
              FROM pg_shdepend WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
    UNION ALL SELECT 'database', count(*), sum(xmin::text::bigint), max(xmin::text::bigint)
              FROM pg_database WHERE datname = current_database()
),
-- The roles this database's objects name (owners, grantees, policy roles, default privileges: what
-- pg_shdepend records, and the bootstrap superuser, which it never records): the read names no
-- others, and other roles of the cluster come and go without changing this database.
roles_here AS (
    SELECT refobjid AS oid FROM pg_shdepend
    WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
      AND refclassid = 'pg_authid'::regclass
    UNION
    SELECT 10
)
SELECT concat_ws('#',
    (SELECT system_identifier FROM pg_control_system()),
    (SELECT oid FROM pg_database WHERE datname = current_database()),
    pg_snapshot_xmin(pg_current_snapshot())::text::bigint >> 32,
    (SELECT string_agg(k || '=' || n || ':' || coalesce(s, 0) || ':' || coalesce(m, 0), ',' ORDER BY k)
     FROM per_catalog),
    (SELECT count(*) FILTER (WHERE indisvalid) || ':' || count(*) FILTER (WHERE indisready) || ':'
            || count(*) FILTER (WHERE indislive)
     FROM pg_index),
    (SELECT md5(string_agg(concat_ws('|', r.rolname, r.rolcanlogin, r.rolsuper, r.rolbypassrls, r.rolinherit,
                                     r.rolcreaterole, r.rolcreatedb, r.oid,
                                     (SELECT string_agg(m.roleid::regrole::text || ':' || m.xmin::text, ','
                                                        ORDER BY 1)
                                      FROM pg_auth_members m WHERE m.member = r.oid)), ',' ORDER BY r.rolname))
     FROM pg_roles r WHERE r.oid IN (SELECT oid FROM roles_here)),
    (SELECT string_agg(a.name || '=' || coalesce(a.default_version, ''), ',' ORDER BY a.name)
     FROM pg_available_extensions a WHERE a.name IN (SELECT extname FROM pg_extension))
)
