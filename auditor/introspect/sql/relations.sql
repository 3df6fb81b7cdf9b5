-- Relations of every kind we model: r table, p partitioned table, v view, m materialized view,
-- f foreign table. Extension members are left out. Expressions are deparsed "pretty" (fewer
-- parentheses), the same way for every query, so that sources compare equal.
-- A partial read (introspect only=...) passes the objects' schema oids and names as the parallel
-- arrays only_nsp and only_name (the names alone first: an index condition); a whole read passes
-- NULL, which the planner folds away.
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
       c.relpersistence = 'u' AS unlogged,
       CASE WHEN c.relkind IN ('r', 'p') THEN c.relreplident END AS replident,
       CASE WHEN c.relreplident = 'i' THEN
            (SELECT ri.relname FROM pg_index x JOIN pg_class ri ON ri.oid = x.indexrelid
             WHERE x.indrelid = c.oid AND x.indisreplident)
       END AS replident_index,
       -- INHERITS parents (partitions have one parent too, read above: not these)
       CASE WHEN NOT c.relispartition THEN
            ARRAY(SELECT quote_ident(hn.nspname) || '.' || quote_ident(hc.relname)
                  FROM pg_inherits h
                  JOIN pg_class hc ON hc.oid = h.inhparent
                  JOIN pg_namespace hn ON hn.oid = hc.relnamespace
                  WHERE h.inhrelid = c.oid
                  ORDER BY h.inhseqno)
       END AS inherits,
       (SELECT t.reloptions FROM pg_class t WHERE t.oid = c.reltoastrelid AND t.reloptions IS NOT NULL)
           AS toast_options,
       coalesce(c.relacl, acldefault('r', c.relowner))::text AS acl
FROM pg_class c
LEFT JOIN pg_description d
       ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
LEFT JOIN pg_inherits i ON c.relispartition AND i.inhrelid = c.oid
LEFT JOIN pg_class pc ON pc.oid = i.inhparent
LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace
WHERE c.relnamespace = ANY (%(schemas)s::oid[])
  AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND (%(only_name)s::name[] IS NULL
       OR (c.relname = ANY (%(only_name)s::name[])
           AND (c.relnamespace, c.relname) IN (SELECT * FROM unnest(%(only_nsp)s::oid[], %(only_name)s::name[]))))
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
ORDER BY c.relnamespace, c.relname
