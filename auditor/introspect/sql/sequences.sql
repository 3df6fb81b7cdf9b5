-- Sequences, with the column that owns them (serial: deptype 'a'; identity: deptype 'i').
-- A partial read (introspect only=...) passes the objects' schema oids and names as the parallel
-- arrays only_nsp and only_name (the names alone first: an index condition); a whole read passes
-- NULL, which the planner folds away.
-- It also reads the sequences owned by a column of the relations it reads (parameter owners).
SELECT c.relnamespace,
       c.relname,
       format_type(s.seqtypid, NULL) AS type,
       s.seqstart,
       s.seqincrement,
       s.seqmin,
       s.seqmax,
       s.seqcache,
       s.seqcycle,
       tn.nspname AS owned_schema,
       tc.relname AS owned_table,
       ta.attname AS owned_column,
       pg_get_userbyid(c.relowner) AS owner,
       coalesce(c.relacl, acldefault('s', c.relowner))::text AS acl
FROM pg_class c
JOIN pg_sequence s ON s.seqrelid = c.oid
LEFT JOIN pg_depend dep
       ON dep.classid = 'pg_class'::regclass AND dep.objid = c.oid
      AND dep.refclassid = 'pg_class'::regclass AND dep.refobjsubid > 0 AND dep.deptype IN ('a', 'i')
LEFT JOIN pg_class tc ON tc.oid = dep.refobjid
LEFT JOIN pg_namespace tn ON tn.oid = tc.relnamespace
LEFT JOIN pg_attribute ta ON ta.attrelid = dep.refobjid AND ta.attnum = dep.refobjsubid
WHERE c.relkind = 'S'
  AND c.relnamespace = ANY (%(schemas)s::oid[])
  AND (%(only_name)s::name[] IS NULL
       OR (c.relname = ANY (%(only_name)s::name[])
           AND (c.relnamespace, c.relname) IN (SELECT * FROM unnest(%(only_nsp)s::oid[], %(only_name)s::name[])))
       OR c.oid = ANY (ARRAY(SELECT o.objid FROM pg_depend o
                             WHERE o.refclassid = 'pg_class'::regclass AND o.refobjid = ANY (%(owners)s::oid[])
                               AND o.classid = 'pg_class'::regclass AND o.deptype IN ('a', 'i'))))
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
ORDER BY c.relnamespace, c.relname
