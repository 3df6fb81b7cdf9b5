-- Indexes of the relations read by relations.sql. PG 13-14: no NULLS NOT DISTINCT (indexes_pg15.sql).
-- Key columns come back as attnums (indkey, 0 for an expression) and are named from the columns
-- already read; only the expression keys of expression indexes are deparsed here
-- (pg_get_indexdef(oid, k, true) prints the bare expression). indoption carries DESC (bit 0) and NULLS FIRST (bit 1) per key; opclasses
-- that are not the default for their type are named.
SELECT i.indrelid,
       ic.relname,
       i.indkey::int2[] AS indkey,
       i.indnkeyatts,
       CASE WHEN i.indexprs IS NOT NULL THEN
            ARRAY(SELECT CASE WHEN i.indkey[k - 1] = 0 THEN pg_get_indexdef(i.indexrelid, k, true) END
                  FROM generate_series(1, i.indnkeyatts) AS k
                  ORDER BY k)
       END AS expressions,
       i.indoption::int2[] AS indoption,
       -- most indexes use default opclasses only: test that against one uncorrelated set first
       CASE WHEN NOT i.indclass::oid[] <@ (SELECT array_agg(d.oid) FROM pg_opclass d WHERE d.opcdefault) THEN
       ARRAY(SELECT CASE WHEN NOT opc.opcdefault THEN
                         CASE WHEN opc.opcnamespace = 'pg_catalog'::regnamespace THEN quote_ident(opc.opcname)
                              ELSE quote_ident(opn.nspname) || '.' || quote_ident(opc.opcname) END
                    END
             FROM unnest(i.indclass::oid[]) WITH ORDINALITY AS u(opcoid, ord)
             JOIN pg_opclass opc ON opc.oid = u.opcoid
             JOIN pg_namespace opn ON opn.oid = opc.opcnamespace
             ORDER BY u.ord)
       END AS opclasses,
       i.indisunique,
       i.indisprimary,
       am.amname,
       CASE WHEN i.indpred IS NOT NULL THEN pg_get_expr(i.indpred, i.indrelid, true) END AS predicate,
       false AS nulls_not_distinct,
       i.indisvalid,
       con.conname,
       x.unusual,
       CASE WHEN x.unusual THEN pg_get_indexdef(i.indexrelid, 0, true) END AS definition,
       ic.reloptions
FROM unnest(%(relations)s::oid[]) AS r(oid)
JOIN pg_index i ON i.indrelid = r.oid
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_am am ON am.oid = ic.relam
-- The whole definition is built from the parts above, exactly as pg_get_indexdef(oid, 0, true)
-- prints it, unless the index has what the parts do not carry: storage parameters, a tablespace,
-- a collation other than the default (0 none, 100 default) or opclass options (which no core
-- btree opclass takes: looked up for other methods only). Only those are deparsed twice
-- (measured at 5,000 tables: the second deparse was half of this query).
CROSS JOIN LATERAL (SELECT ic.reloptions IS NOT NULL OR ic.reltablespace <> 0
                           OR NOT i.indcollation::oid[] <@ '{0,100}'::oid[]
                           OR (am.amname <> 'btree'
                               AND EXISTS (SELECT FROM pg_attribute o
                                           WHERE o.attrelid = i.indexrelid AND o.attoptions IS NOT NULL))
                   ) AS x(unusual)
LEFT JOIN pg_constraint con
       ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')
ORDER BY i.indrelid, ic.relname
