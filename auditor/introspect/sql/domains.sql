-- Domains with their CHECK constraints (PG 17 also stores a domain's NOT NULL in pg_constraint as
-- contype 'n'; nullability is read from typnotnull on every version, so only 'c' is read here).
-- A partial read (introspect only=...) passes the objects' schema oids and names as the parallel
-- arrays only_nsp and only_name (the names alone first: an index condition); a whole read passes
-- NULL, which the planner folds away.
SELECT t.typnamespace,
       t.typname,
       format_type(t.typbasetype, t.typtypmod) AS base_type,
       t.typnotnull,
       t.typdefault,
       ARRAY(SELECT c.conname FROM pg_constraint c
             WHERE c.contypid = t.oid AND c.contype = 'c' ORDER BY c.conname) AS check_names,
       ARRAY(SELECT pg_get_expr(c.conbin, 0, true) FROM pg_constraint c
             WHERE c.contypid = t.oid AND c.contype = 'c' ORDER BY c.conname) AS check_exprs,
       pg_get_userbyid(t.typowner) AS owner
FROM pg_type t
WHERE t.typtype = 'd'
  AND t.typnamespace = ANY (%(schemas)s::oid[])
  AND (%(only_name)s::name[] IS NULL
       OR (t.typname = ANY (%(only_name)s::name[])
           AND (t.typnamespace, t.typname) IN (SELECT * FROM unnest(%(only_nsp)s::oid[], %(only_name)s::name[]))))
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid AND e.deptype = 'e')
ORDER BY t.typnamespace, t.typname
