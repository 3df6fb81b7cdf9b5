-- One fingerprint per schema of the database (and one for what is database-wide), computed on the
-- server from the catalog in one set-based query: md5 over each object's definition as the server
-- deparses it (names, format_type, nullability, pg_get_expr defaults, constraint and index
-- definitions, policies, triggers, function signatures and bodies, sequences, enums, domains,
-- owners, comments and grants), then md5 over the schema's objects in name order. Deparsed text is
-- stable within a PostgreSQL major, not across majors: callers group by (major, fingerprint).
-- With strip set (schema-per-tenant), the schema's own qualifier (quote_ident(name) followed by a
-- dot) is removed from every text, so that two tenants of one shape fingerprint alike.
-- The per-relation parts are MATERIALIZED: planned apart, the whole plans in a third less time, and
-- planning is most of this query's cost on a small schema (each member is a fresh backend).
WITH nsp AS (
    SELECT n.oid, n.nspname, quote_ident(n.nspname) || '.' AS qual
    FROM pg_namespace n
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\_toast%%' AND n.nspname NOT LIKE 'pg\_temp\_%%'
),
rel AS (
    SELECT c.oid, c.relnamespace, c.relname, c.relkind, c.relowner, c.relacl, c.relrowsecurity, c.reltoastrelid,
           c.relforcerowsecurity, c.reloptions, c.relpersistence, c.relreplident, c.relispartition,
           c.relpartbound
    FROM pg_class c
    WHERE c.relnamespace IN (SELECT oid FROM nsp)
      AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
),
cols AS MATERIALIZED (
    SELECT a.attrelid,
           string_agg(concat_ws('|', a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                                pg_get_expr(ad.adbin, ad.adrelid, true), a.attidentity, a.attgenerated,
                                a.attcollation::regcollation::text, cd.description, a.attacl::text),
                      ';' ORDER BY a.attnum) AS t
    FROM pg_attribute a
    LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
    LEFT JOIN pg_description cd
           ON cd.objoid = a.attrelid AND cd.classoid = 'pg_class'::regclass AND cd.objsubid = a.attnum
    WHERE a.attrelid IN (SELECT oid FROM rel) AND a.attnum > 0 AND NOT a.attisdropped
    GROUP BY a.attrelid
),
cons AS MATERIALIZED (
    SELECT co.conrelid,
           string_agg(concat_ws('|', co.conname, co.contype, pg_get_constraintdef(co.oid, true)),
                      ';' ORDER BY co.conname) AS t
    FROM pg_constraint co
    WHERE co.conrelid IN (SELECT oid FROM rel)
    GROUP BY co.conrelid
),
idx AS MATERIALIZED (
    SELECT i.indrelid,
           string_agg(concat_ws('|', ic.relname, pg_get_indexdef(i.indexrelid), i.indisvalid, i.indisreplident),
                      ';' ORDER BY ic.relname) AS t
    FROM pg_index i
    JOIN pg_class ic ON ic.oid = i.indexrelid
    WHERE i.indrelid IN (SELECT oid FROM rel)
    GROUP BY i.indrelid
),
pol AS MATERIALIZED (
    SELECT p.polrelid,
           string_agg(concat_ws('|', p.polname, p.polcmd, p.polpermissive,
                                (SELECT string_agg(CASE WHEN r = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(r) END,
                                                   ',' ORDER BY 1)
                                 FROM unnest(p.polroles) AS r),
                                pg_get_expr(p.polqual, p.polrelid, true),
                                pg_get_expr(p.polwithcheck, p.polrelid, true)),
                      ';' ORDER BY p.polname) AS t
    FROM pg_policy p
    WHERE p.polrelid IN (SELECT oid FROM rel)
    GROUP BY p.polrelid
),
trg AS MATERIALIZED (
    SELECT g.tgrelid,
           string_agg(concat_ws('|', g.tgname, pg_get_triggerdef(g.oid, true), g.tgenabled),
                      ';' ORDER BY g.tgname) AS t
    FROM pg_trigger g
    WHERE g.tgrelid IN (SELECT oid FROM rel) AND NOT g.tgisinternal
    GROUP BY g.tgrelid
),
objects AS (
    SELECT n.oid AS nsp, 'relation' AS kind, c.relname::text AS name,
           concat_ws('#', c.relkind, pg_get_userbyid(c.relowner), c.relacl::text, c.relrowsecurity,
                     c.relforcerowsecurity, c.reloptions::text, c.relpersistence, c.relreplident,
                     d.description,
                     CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END,
                     CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
                     CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid, true) END,
                     (SELECT string_agg(h.inhparent::regclass::text, ',' ORDER BY h.inhseqno)
                      FROM pg_inherits h WHERE h.inhrelid = c.oid),
                     (SELECT t.reloptions::text FROM pg_class t WHERE t.oid = c.reltoastrelid),
                     cols.t, cons.t, idx.t, pol.t, trg.t) AS t
    FROM rel c
    JOIN nsp n ON n.oid = c.relnamespace
    LEFT JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
    LEFT JOIN cols ON cols.attrelid = c.oid
    LEFT JOIN cons ON cons.conrelid = c.oid
    LEFT JOIN idx ON idx.indrelid = c.oid
    LEFT JOIN pol ON pol.polrelid = c.oid
    LEFT JOIN trg ON trg.tgrelid = c.oid
    UNION ALL
    SELECT p.pronamespace, 'function', p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
           concat_ws('#', p.prokind, pg_get_function_result(p.oid),
                     (SELECT l.lanname FROM pg_language l WHERE l.oid = p.prolang), p.provolatile,
                     p.prosecdef, p.proisstrict, p.proconfig::text, pg_get_userbyid(p.proowner),
                     md5(p.prosrc), p.probin, p.proacl::text, d.description)
    FROM pg_proc p
    LEFT JOIN pg_description d ON d.objoid = p.oid AND d.classoid = 'pg_proc'::regclass AND d.objsubid = 0
    WHERE p.pronamespace IN (SELECT oid FROM nsp)
    UNION ALL
    SELECT c.relnamespace, 'sequence', c.relname::text,
           concat_ws('#', format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax,
                     s.seqcache, s.seqcycle, pg_get_userbyid(c.relowner), c.relacl::text,
                     (SELECT dr.relname || '.' || da.attname
                      FROM pg_depend dp
                      JOIN pg_class dr ON dr.oid = dp.refobjid
                      JOIN pg_attribute da ON da.attrelid = dp.refobjid AND da.attnum = dp.refobjsubid
                      WHERE dp.classid = 'pg_class'::regclass AND dp.objid = c.oid
                        AND dp.refclassid = 'pg_class'::regclass AND dp.deptype IN ('a', 'i')
                      LIMIT 1))
    FROM pg_sequence s
    JOIN pg_class c ON c.oid = s.seqrelid
    WHERE c.relnamespace IN (SELECT oid FROM nsp)
    UNION ALL
    SELECT t.typnamespace, 'type', t.typname::text,
           concat_ws('#', t.typtype, pg_get_userbyid(t.typowner), t.typacl::text, t.typnotnull,
                     CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END,
                     t.typdefault,
                     (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
                      FROM pg_enum e WHERE e.enumtypid = t.oid),
                     (SELECT string_agg(dc.conname || '=' || pg_get_constraintdef(dc.oid, true), ','
                                        ORDER BY dc.conname)
                      FROM pg_constraint dc WHERE dc.contypid = t.oid),
                     d.description)
    FROM pg_type t
    LEFT JOIN pg_description d ON d.objoid = t.oid AND d.classoid = 'pg_type'::regclass AND d.objsubid = 0
    WHERE t.typnamespace IN (SELECT oid FROM nsp) AND t.typtype IN ('e', 'd', 'c', 'r', 'm')
      AND NOT (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class tc
                                           WHERE tc.oid = t.typrelid AND tc.relkind <> 'c'))
    UNION ALL
    SELECT c.collnamespace, 'collation', c.collname::text,
           -- every column but the per-database ones, whatever this major calls its locale columns
           concat_ws('#', (to_jsonb(c) - 'oid' - 'collnamespace' - 'collowner' - 'collversion')::text,
                     pg_get_userbyid(c.collowner))
    FROM pg_collation c
    WHERE c.collnamespace IN (SELECT oid FROM nsp)
    UNION ALL
    SELECT n.oid, 'schema', '', concat_ws('#', pg_get_userbyid(s.nspowner), s.nspacl::text, d.description,
                                          has_schema_privilege(n.oid, 'USAGE'))
    FROM nsp n
    JOIN pg_namespace s ON s.oid = n.oid
    LEFT JOIN pg_description d
           ON d.objoid = n.oid AND d.classoid = 'pg_namespace'::regclass AND d.objsubid = 0
),
printed AS (
    SELECT n.nspname::text AS schema, o.kind,
           CASE WHEN %(strip)s THEN replace(o.name, n.qual, '') ELSE o.name END AS name,
           md5(CASE WHEN %(strip)s THEN replace(coalesce(o.t, ''), n.qual, '') ELSE coalesce(o.t, '') END) AS md5
    FROM objects o
    JOIN nsp n ON n.oid = o.nsp
),
per_schema AS (
    SELECT schema, md5(string_agg(kind || ':' || name || '=' || md5, ',' ORDER BY kind, name)) AS fingerprint,
           count(*) AS objects
    FROM printed
    GROUP BY schema
)
SELECT schema, fingerprint, objects, NULL, NULL FROM per_schema
UNION ALL
-- With detail set, each object's own print (the md5 its schema's print is made of): which objects
-- of two schemas differ. Without it, this part is planned away (a constant false filter).
SELECT schema, md5, NULL, kind, name FROM printed WHERE %(detail)s
UNION ALL
-- What is database-wide: extensions, default privileges, the roles that own or are granted things
-- (every role that is not a system one), and the applied-migrations history (data, not schema:
-- two databases of one shape may have applied different migrations).
SELECT NULL, md5(concat_ws('#',
    (SELECT string_agg(x.extname || '=' || x.extversion || '@' || x.extnamespace::regnamespace::text, ','
                       ORDER BY x.extname) FROM pg_extension x),
    (SELECT string_agg(concat_ws('|', pg_get_userbyid(a.defaclrole), a.defaclnamespace::regnamespace::text,
                                 a.defaclobjtype, a.defaclacl::text), ','
                       ORDER BY 1) FROM pg_default_acl a),
    (SELECT string_agg(concat_ws('|', r.rolname, r.rolcanlogin, r.rolsuper, r.rolbypassrls, r.rolinherit,
                                 r.rolcreaterole, r.rolcreatedb,
                                 (SELECT string_agg(m.roleid::regrole::text, ',' ORDER BY 1)
                                  FROM pg_auth_members m WHERE m.member = r.oid)), ','
                       ORDER BY r.rolname)
     FROM pg_roles r WHERE r.rolname NOT LIKE 'pg\_%%'),
    CASE WHEN to_regclass('supabase_migrations.schema_migrations') IS NOT NULL
         THEN md5(query_to_xml('SELECT version FROM supabase_migrations.schema_migrations ORDER BY 1',
                               false, false, '')::text) END,
    CASE WHEN to_regclass('public.flyway_schema_history') IS NOT NULL
         THEN md5(query_to_xml('SELECT version, success FROM public.flyway_schema_history ORDER BY 1, 2',
                               false, false, '')::text) END,
    CASE WHEN %(history)s::text IS NOT NULL AND to_regclass(%(history)s::text) IS NOT NULL
         THEN md5(query_to_xml('SELECT * FROM ' || to_regclass(%(history)s::text)::text || ' ORDER BY 1',
                               false, false, '')::text) END
)), NULL, NULL, NULL
