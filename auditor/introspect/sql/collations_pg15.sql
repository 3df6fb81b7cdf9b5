-- Collation objects, PG 15-16: as collations.sql, the ICU locale read from colliculocale.
-- A partial read (introspect only=...) passes the objects' schema oids and names as the parallel
-- arrays only_nsp and only_name (the names alone first: an index condition); a whole read passes
-- NULL, which the planner folds away.
SELECT co.collnamespace,
       co.collname,
       co.collprovider,
       CASE WHEN co.collprovider = 'i' THEN co.colliculocale END AS locale,
       CASE WHEN co.collprovider = 'c' THEN co.collcollate END AS lc_collate,
       CASE WHEN co.collprovider = 'c' THEN co.collctype END AS lc_ctype,
       co.collisdeterministic,
       pg_get_userbyid(co.collowner) AS owner
FROM pg_collation co
WHERE co.collnamespace = ANY (%(schemas)s::oid[])
  AND (%(only_name)s::name[] IS NULL
       OR (co.collname = ANY (%(only_name)s::name[])
           AND (co.collnamespace, co.collname) IN (SELECT * FROM unnest(%(only_nsp)s::oid[], %(only_name)s::name[]))))
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_collation'::regclass AND e.objid = co.oid AND e.deptype = 'e')
ORDER BY co.collnamespace, co.collname
