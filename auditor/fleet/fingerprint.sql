-- One fingerprint per schema of the database (and one for what is database-wide), computed on the
-- server from the catalog in one set-based query: md5 over each object's definition (names, types,
-- nullability, defaults, constraints, indexes, policies, triggers, function definitions,
-- sequences, enums, domains, owners, comments and grants), then md5 over the schema's objects in
-- name order. No OID of a user object is hashed, only what it names, so databases built by running
-- the same SQL share prints.
-- Most of a definition is hashed as the server deparses it (format_type, pg_get_expr, ...). A
-- deparse that needs a table's columns builds the table's relcache entry, most of what it costs on
-- thousands of tables. So with raw set (schema-per-tenant: thousands of tables in one database;
-- a database of a few dozen pays more to plan the raw parts than they save, so it goes without),
-- check and not-null constraints and btree indexes are hashed *raw* instead: their catalog row,
-- node trees stripped of each node's :location (where it stood in the DDL's text), their columns
-- as attnums (the columns are hashed with attname and attnum). A raw text is exact only between
-- servers of one version, where built-in objects have the same OIDs, and only when it holds no
-- other OID: else the deparsed text is hashed. What marks a raw text (a row, a node tree) as
-- possibly holding an OID that differs between members of one version: an integer of 5 digits or
-- more (built-in objects have fixed OIDs below 10000; initdb's own, from 12000 up, vary with the
-- host's locales; a user's start at 16384; a typmod such as numeric's is a false alarm:
-- deparsed), or a constant of an OID alias type (regclass ...), whose value a node tree prints as
-- bytes. Every raw print includes the server's version (server_version_num): prints of two
-- versions never match.
-- With schemas set, only those schemas are read (tenants of one database, fingerprinted a slice
-- per connection). With strip set (schema-per-tenant), the schema's own qualifier (quote_ident(name) followed by a
-- dot) is removed from every text and name, so that two tenants of one shape fingerprint alike.
--
-- Each member is a fresh backend, so planning and the first reads of the catalog are most of the
-- cost. Hence the shape: the kept schemas first, then only their objects; everything an object is
-- made of (columns, constraints, indexes, policies, triggers, comments, defaults) is a correlated
-- subquery on the catalog's index by owner oid (pg_attribute by attrelid, pg_description by
-- (objoid, classoid, objsubid), ...): each plans alone and trivially, and touches only the kept
-- objects' rows, where joins hashed whole catalogs (every system comment, every column) first.
WITH nsp AS MATERIALIZED (
    SELECT n.oid, n.nspname, n.nspowner, n.nspacl, quote_ident(n.nspname) || '.' AS qual
    FROM pg_namespace n
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\_toast%%' AND n.nspname NOT LIKE 'pg\_temp\_%%'
      AND (%(schemas)s::text[] IS NULL OR n.nspname = ANY (%(schemas)s::text[]))
),
objects AS (
    SELECT n.nspname, n.qual, 'relation' AS kind, c.relname::text AS name,
           ROW(c.relkind, pg_get_userbyid(c.relowner), c.relacl::text, c.relrowsecurity,
                     c.relforcerowsecurity, c.reloptions::text, c.relpersistence, c.relreplident,
                     (SELECT d.description FROM pg_description d
                      WHERE d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0),
                     CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END,
                     CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
                     CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid, true) END,
                     (SELECT array_agg(h.inhparent::regclass::text ORDER BY h.inhseqno)
                      FROM pg_inherits h WHERE h.inhrelid = c.oid),
                     CASE WHEN c.reltoastrelid <> 0 THEN
                         (SELECT t.reloptions::text FROM pg_class t WHERE t.oid = c.reltoastrelid) END,
                     (SELECT string_agg(ROW(a.attname, a.attnum, format_type(a.atttypid, a.atttypmod),
                                                  a.attnotnull,
                                                  -- a default cannot refer to a column: deparsed
                                                  -- without the table, whose relcache entry (built
                                                  -- for the first deparse that needs the table's
                                                  -- columns) is most of what a deparse costs
                                                  CASE WHEN a.atthasdef THEN
                                                      (SELECT pg_get_expr(ad.adbin,
                                                                          CASE WHEN a.attgenerated = '' THEN 0
                                                                               ELSE ad.adrelid END, true)
                                                       FROM pg_attrdef ad
                                                       WHERE ad.adrelid = a.attrelid AND ad.adnum = a.attnum) END,
                                                  a.attidentity, a.attgenerated,
                                                  a.attcollation::regcollation::text,
                                                  (SELECT cd.description FROM pg_description cd
                                                   WHERE cd.objoid = a.attrelid AND cd.classoid = 'pg_class'::regclass
                                                     AND cd.objsubid = a.attnum),
                                                  a.attacl::text)::text,
                                        ';' ORDER BY a.attnum)
                      FROM pg_attribute a
                      WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
                     -- a validated check (so enforced, PG 18) or not-null constraint (PG 18) raw: its
                     -- columns are attnums, named above; its expression without the :location of
                     -- each node (where it stood in the DDL's text), deparsed where it may hold an
                     -- OID that differs between members (see the header)
                     (SELECT string_agg(ROW(co.conname, co.contype,
                                            coalesce(
                                                CASE WHEN %(raw)s AND co.contype IN ('c', 'n') AND co.convalidated THEN
                                                    (SELECT CASE WHEN z.s !~ (SELECT '[0-9]{5}|:consttype (' || string_agg(t.oid::text, '|') || ') '
                                                                      FROM pg_type t
                                                                      WHERE t.typnamespace = 'pg_catalog'::regnamespace
                                                                        AND t.typname ~ '^_?reg')
                                                                 THEN ROW('r', co.connoinherit, co.conkey, z.s)::text END
                                                     FROM (SELECT array_to_string(ARRAY(
                                                               SELECT ltrim(p, '-0123456789')
                                                               FROM unnest(string_to_array(co.conbin::text, ':location ')) AS p),
                                                               '') AS s) z) END,
                                                'd' || pg_get_constraintdef(co.oid, true)))::text,
                                        ';' ORDER BY co.conname)
                      FROM pg_constraint co WHERE co.conrelid = c.oid),
                     CASE WHEN c.relhasindex THEN
                         (SELECT string_agg(x, ';' ORDER BY x)
                          FROM (SELECT ROW(coalesce(
                                               -- raw: a btree index (its built-in operator classes
                                               -- take no options) that is not unique, or is the
                                               -- primary key (what a unique one may add, NULLS NOT
                                               -- DISTINCT (PG 15), is not in every major's pg_index);
                                               -- its columns are attnums, named above
                                               CASE WHEN %(raw)s AND (NOT i.indisunique OR i.indisprimary) THEN
                                                   (SELECT CASE WHEN ic.relam = 403 AND z.s !~ (SELECT '[0-9]{5}|:consttype (' || string_agg(t.oid::text, '|') || ') '
                                                                      FROM pg_type t
                                                                      WHERE t.typnamespace = 'pg_catalog'::regnamespace
                                                                        AND t.typname ~ '^_?reg') THEN z.s END
                                                    FROM pg_class ic
                                                    CROSS JOIN LATERAL (
                                                        SELECT ROW('r', ic.relname, i.indnatts, i.indnkeyatts, i.indisunique,
                                                                   i.indisprimary, i.indisexclusion, i.indimmediate,
                                                                   i.indkey, i.indcollation, i.indclass, i.indoption,
                                                                   ic.reloptions, ic.reltablespace,
                                                                   CASE WHEN i.indexprs IS NOT NULL THEN array_to_string(ARRAY(
                                                                       SELECT ltrim(p, '-0123456789')
                                                                       FROM unnest(string_to_array(i.indexprs::text, ':location ')) AS p),
                                                                       '') END,
                                                                   CASE WHEN i.indpred IS NOT NULL THEN array_to_string(ARRAY(
                                                                       SELECT ltrim(p, '-0123456789')
                                                                       FROM unnest(string_to_array(i.indpred::text, ':location ')) AS p),
                                                                       '') END)::text AS s) z
                                                    WHERE ic.oid = i.indexrelid) END,
                                               'd' || pg_get_indexdef(i.indexrelid)),
                                           i.indisvalid, i.indisreplident)::text AS x
                                FROM pg_index i WHERE i.indrelid = c.oid) ix) END,
                     (SELECT string_agg(ROW(p.polname, p.polcmd, p.polpermissive,
                                                  (SELECT array_agg(r ORDER BY r)
                                                   FROM (SELECT CASE WHEN o = 0 THEN 'PUBLIC'
                                                                     ELSE pg_get_userbyid(o) END AS r
                                                         FROM unnest(p.polroles) AS o) pr),
                                                  pg_get_expr(p.polqual, p.polrelid, true),
                                                  pg_get_expr(p.polwithcheck, p.polrelid, true))::text,
                                        ';' ORDER BY p.polname)
                      FROM pg_policy p WHERE p.polrelid = c.oid),
                     CASE WHEN c.relhastriggers THEN
                         (SELECT string_agg(ROW(g.tgname, pg_get_triggerdef(g.oid, true), g.tgenabled)::text,
                                            ';' ORDER BY g.tgname)
                          FROM pg_trigger g WHERE g.tgrelid = c.oid AND NOT g.tgisinternal) END)::text AS t
    FROM nsp n
    JOIN pg_class c ON c.relnamespace = n.oid
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
    UNION ALL
    -- pg_get_functiondef deparses the whole definition, a SQL-standard body (PG 14) included (and
    -- names the schema: not hashed apart, so strip reaches it); it refuses aggregates
    SELECT n.nspname, n.qual, 'function', p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
           ROW(p.prokind, pg_get_function_result(p.oid),
                     (SELECT l.lanname FROM pg_language l WHERE l.oid = p.prolang), p.provolatile,
                     p.prosecdef, p.proisstrict, p.proconfig::text, pg_get_userbyid(p.proowner),
                     CASE WHEN p.prokind = 'a' THEN p.prosrc ELSE pg_get_functiondef(p.oid) END,
                     p.probin, p.proacl::text,
                     (SELECT d.description FROM pg_description d
                      WHERE d.objoid = p.oid AND d.classoid = 'pg_proc'::regclass AND d.objsubid = 0))::text
    FROM nsp n
    JOIN pg_proc p ON p.pronamespace = n.oid
    UNION ALL
    SELECT n.nspname, n.qual, 'sequence', c.relname::text,
           ROW(s.seqtypid, s.seqstart, s.seqincrement, s.seqmin, s.seqmax,
                     s.seqcache, s.seqcycle, pg_get_userbyid(c.relowner), c.relacl::text,
                     (SELECT dr.relname || '.' || da.attname
                      FROM pg_depend dp
                      JOIN pg_class dr ON dr.oid = dp.refobjid
                      JOIN pg_attribute da ON da.attrelid = dp.refobjid AND da.attnum = dp.refobjsubid
                      WHERE dp.classid = 'pg_class'::regclass AND dp.objid = c.oid
                        AND dp.refclassid = 'pg_class'::regclass AND dp.deptype IN ('a', 'i')
                      LIMIT 1))::text
    FROM nsp n
    JOIN pg_class c ON c.relnamespace = n.oid
    JOIN pg_sequence s ON s.seqrelid = c.oid
    WHERE c.relkind = 'S'
    UNION ALL
    SELECT t.nspname, t.qual, 'type', t.typname::text,
           ROW(t.typtype, pg_get_userbyid(t.typowner), t.typacl::text, t.typnotnull,
                     CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END,
                     t.typdefault,
                     CASE WHEN t.typtype = 'e' THEN
                         (SELECT array_agg(e.enumlabel ORDER BY e.enumsortorder)
                          FROM pg_enum e WHERE e.enumtypid = t.oid) END,
                     CASE WHEN t.typtype = 'd' THEN
                         (SELECT array_agg(ROW(dc.conname, pg_get_constraintdef(dc.oid, true))::text
                                           ORDER BY dc.conname)
                          FROM pg_constraint dc WHERE dc.contypid = t.oid) END,
                     (SELECT d.description FROM pg_description d
                      WHERE d.objoid = t.oid AND d.classoid = 'pg_type'::regclass AND d.objsubid = 0))::text
    -- pg_type is scanned once and joined by hash (OFFSET 0 fences it): its only index on the schema
    -- leads with the name, and scanning that index once per schema costs the whole index each time;
    -- table row types are told apart after the join (fenced again), for the kept schemas' only
    FROM (SELECT t.*, n.nspname, n.qual
          FROM (SELECT * FROM pg_type WHERE typtype IN ('e', 'd', 'c', 'r', 'm') OFFSET 0) t
          JOIN nsp n ON n.oid = t.typnamespace
          OFFSET 0) t
    WHERE NOT (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class tc
                                           WHERE tc.oid = t.typrelid AND tc.relkind <> 'c'))
    UNION ALL
    SELECT n.nspname, n.qual, 'collation', c.collname::text,
           -- every column but the per-database ones, whatever this major calls its locale columns
           ROW((to_jsonb(c) - 'oid' - 'collnamespace' - 'collowner' - 'collversion')::text,
                     pg_get_userbyid(c.collowner))::text
    FROM nsp n
    JOIN pg_collation c ON c.collnamespace = n.oid
    UNION ALL
    SELECT n.nspname, n.qual, 'schema', '',
           ROW(pg_get_userbyid(n.nspowner), n.nspacl::text,
                     (SELECT d.description FROM pg_description d
                      WHERE d.objoid = n.oid AND d.classoid = 'pg_namespace'::regclass AND d.objsubid = 0))::text
    FROM nsp n
),
printed AS (
    SELECT o.nspname::text AS schema, o.kind,
           CASE WHEN %(strip)s THEN replace(o.name, o.qual, '') ELSE o.name END AS name,
           -- the server's version in every raw print: a raw text is equal on two minor releases
           -- that might deparse it apart
           md5(CASE WHEN %(raw)s THEN current_setting('server_version_num') || '#' ELSE '' END
               || CASE WHEN %(strip)s THEN replace(coalesce(o.t, ''), o.qual, '') ELSE coalesce(o.t, '') END) AS md5
    FROM objects o
),
per_schema AS (
    SELECT schema, md5(string_agg(ROW(kind, name, md5)::text, ',' ORDER BY kind, name)) AS fingerprint,
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
    (SELECT string_agg(ROW(x.extname, x.extversion, x.extnamespace::regnamespace::text)::text, ','
                       ORDER BY x.extname) FROM pg_extension x),
    (SELECT string_agg(x, ',' ORDER BY x)
     FROM (SELECT ROW(pg_get_userbyid(a.defaclrole), a.defaclnamespace::regnamespace::text,
                            a.defaclobjtype, a.defaclacl::text)::text AS x
           FROM pg_default_acl a) da),
    (SELECT string_agg(ROW(r.rolname, r.rolcanlogin, r.rolsuper, r.rolbypassrls, r.rolinherit,
                                 r.rolcreaterole, r.rolcreatedb,
                                 (SELECT array_agg(g ORDER BY g)
                                  FROM (SELECT m.roleid::regrole::text AS g
                                        FROM pg_auth_members m WHERE m.member = r.oid) rg))::text, ','
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
