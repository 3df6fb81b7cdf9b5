-- Constraints of the relations read by relations.sql: p primary key, u unique, c check,
-- x exclusion, f foreign key. Column lists come back as attnums (conkey) and are named from the
-- columns already read; referenced columns are named here (the referenced table may be outside
-- the audited schemas). A CHECK expression is taken from the deparsed definition (CHECK (expr)):
-- pg_get_constraintdef prints it exactly as pg_get_expr(conbin, conrelid, true) would, and
-- deparsing it twice would double the cost. PG 13-14: no NULLS NOT DISTINCT (see constraints_pg15.sql).
-- Only the listed contypes are read, so PG 18's NOT NULL constraints (contype 'n') never become
-- constraints: nullability is pg_attribute.attnotnull, read with the columns.
SELECT co.conrelid,
       co.conname,
       co.contype,
       co.conkey,
       pg_get_constraintdef(co.oid, true) AS definition,
       false AS nulls_not_distinct,
       fn.nspname AS ref_schema,
       fc.relname AS ref_table,
       CASE WHEN co.contype = 'f' THEN
            ARRAY(SELECT fa.attname
                  FROM unnest(co.confkey) WITH ORDINALITY AS k(attnum, ord)
                  JOIN pg_attribute fa ON fa.attrelid = co.confrelid AND fa.attnum = k.attnum
                  ORDER BY k.ord)
       END AS ref_columns,
       co.confdeltype,
       co.confupdtype,
       co.confmatchtype,
       co.condeferrable,
       co.condeferred,
       co.convalidated,
       co.connoinherit
FROM unnest(%(relations)s::oid[]) AS r(oid)
JOIN pg_constraint co ON co.conrelid = r.oid
LEFT JOIN pg_class fc ON co.contype = 'f' AND fc.oid = co.confrelid
LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
WHERE co.contype IN ('p', 'u', 'c', 'x', 'f')
ORDER BY co.conrelid, co.conname
