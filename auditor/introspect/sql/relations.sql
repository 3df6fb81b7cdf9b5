-- Relations of every kind we model: r table, p partitioned table, v view, m materialized view,
-- f foreign table. Extension members are left out. Expressions are deparsed "pretty" (fewer
-- parentheses), the same way for every query, so that sources compare equal.
SELECT c.oid,
       c.relnamespace,
       c.relname,
       c.relkind,
       pg_get_userbyid(c.relowner) AS owner,
       d.description,
       c.relrowsecurity,
       c.relforcerowsecurity,
       c.reloptions,
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END AS view_definition,
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,
       pn.nspname AS parent_schema,
       pc.relname AS parent_name,
       CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid, true) END AS partition_bound,
       coalesce(c.relacl, acldefault('r', c.relowner))::text AS acl
FROM pg_class c
LEFT JOIN pg_description d
       ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
LEFT JOIN pg_inherits i ON c.relispartition AND i.inhrelid = c.oid
LEFT JOIN pg_class pc ON pc.oid = i.inhparent
LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace
WHERE c.relnamespace = ANY (%(schemas)s::oid[])
  AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
ORDER BY c.relnamespace, c.relname
