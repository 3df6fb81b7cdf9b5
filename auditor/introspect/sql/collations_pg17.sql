-- Collation objects, PG 17 and later: as collations.sql, the ICU or builtin locale read from
-- colllocale (colliculocale renamed, and the builtin provider added, in 17).
SELECT co.collnamespace,
       co.collname,
       co.collprovider,
       CASE WHEN co.collprovider IN ('i', 'b') THEN co.colllocale END AS locale,
       CASE WHEN co.collprovider = 'c' THEN co.collcollate END AS lc_collate,
       CASE WHEN co.collprovider = 'c' THEN co.collctype END AS lc_ctype,
       co.collisdeterministic,
       pg_get_userbyid(co.collowner) AS owner
FROM pg_collation co
WHERE co.collnamespace = ANY (%(schemas)s::oid[])
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_collation'::regclass AND e.objid = co.oid AND e.deptype = 'e')
ORDER BY co.collnamespace, co.collname
