-- Enum types with their labels in sort order.
-- A partial read (introspect only=...) passes the objects' schema oids and names as the parallel
-- arrays only_nsp and only_name (the names alone first: an index condition); a whole read passes
-- NULL, which the planner folds away.
SELECT t.typnamespace,
       t.typname,
       ARRAY(SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels,
       pg_get_userbyid(t.typowner) AS owner,
       d.description
FROM pg_type t
LEFT JOIN pg_description d
       ON d.objoid = t.oid AND d.classoid = 'pg_type'::regclass AND d.objsubid = 0
WHERE t.typtype = 'e'
  AND t.typnamespace = ANY (%(schemas)s::oid[])
  AND (%(only_name)s::name[] IS NULL
       OR (t.typname = ANY (%(only_name)s::name[])
           AND (t.typnamespace, t.typname) IN (SELECT * FROM unnest(%(only_nsp)s::oid[], %(only_name)s::name[]))))
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid AND e.deptype = 'e')
ORDER BY t.typnamespace, t.typname
