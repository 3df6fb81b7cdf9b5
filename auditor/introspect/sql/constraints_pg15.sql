-- Constraints, PG 15 and later: as constraints.sql, plus NULLS NOT DISTINCT (PG 15), read from the
-- index that implements a unique constraint (pg_index.indnullsnotdistinct).
-- Only the listed contypes are read, so PG 18's NOT NULL constraints (contype 'n') never become
-- constraints: nullability is pg_attribute.attnotnull, read with the columns.
SELECT co.conrelid,
       co.conname,
       co.contype,
       co.conkey,
       pg_get_constraintdef(co.oid, true) AS definition,
       coalesce(ix.indnullsnotdistinct, false) AS nulls_not_distinct,
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
LEFT JOIN pg_index ix ON co.contype = 'u' AND ix.indexrelid = co.conindid
LEFT JOIN pg_class fc ON co.contype = 'f' AND fc.oid = co.confrelid
LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
WHERE co.contype IN ('p', 'u', 'c', 'x', 'f')
ORDER BY co.conrelid, co.conname
