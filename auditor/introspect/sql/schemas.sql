-- Schemas: every schema but the system ones (pg_catalog, information_schema, pg_toast*, pg_temp_*,
-- pg_toast_temp_*: user schemas cannot start with "pg_") and those an extension created.
-- The include/exclude filter by name is applied by the caller; the rest of the queries take the
-- surviving oids as the parameter schemas.
SELECT n.oid,
       n.nspname,
       pg_get_userbyid(n.nspowner) AS owner,
       d.description,
       coalesce(n.nspacl, acldefault('n', n.nspowner))::text AS acl
FROM pg_namespace n
LEFT JOIN pg_description d
       ON d.objoid = n.oid AND d.classoid = 'pg_namespace'::regclass AND d.objsubid = 0
WHERE n.nspname <> 'information_schema'
  AND left(n.nspname, 3) <> 'pg_'
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_namespace'::regclass AND e.objid = n.oid AND e.deptype = 'e')
ORDER BY n.nspname
