-- User triggers of the relations read by relations.sql. Internal triggers (foreign keys, deferred
-- unique checks) and the clones a partition gets from its parent's trigger (tgparentid, PG 13+)
-- are left out: they follow from objects modelled elsewhere. The WHEN clause is taken from the
-- deparsed definition (its OLD/NEW references cannot be deparsed by pg_get_expr).
SELECT t.tgrelid,
       t.tgname,
       t.tgtype,
       pn.nspname AS function_schema,
       p.proname AS function_name,
       t.tgenabled,
       t.tgattr::int2[] AS tgattr,
       pg_get_triggerdef(t.oid, true) AS definition,
       -- the arguments as the NUL-separated bytes they are stored as: split by the reader
       CASE WHEN t.tgnargs > 0 THEN t.tgargs END AS args,
       t.tgconstraint <> 0 AS is_constraint,
       t.tgdeferrable,
       t.tginitdeferred
FROM unnest(%(relations)s::oid[]) AS r(oid)
JOIN pg_trigger t ON t.tgrelid = r.oid
JOIN pg_proc p ON p.oid = t.tgfoid
JOIN pg_namespace pn ON pn.oid = p.pronamespace
WHERE NOT t.tgisinternal
  AND t.tgparentid = 0
ORDER BY t.tgrelid, t.tgname
