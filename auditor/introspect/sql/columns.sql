-- Columns of the relations read by relations.sql (parameter relations), in attnum order.
-- The default and the generated expression share pg_attrdef: attgenerated tells them apart
-- ('s' stored; PG 18 adds 'v' virtual, which needs no other query) and is the generated kind.
-- The collation is given only when it is not the type's own.
SELECT a.attrelid,
       a.attnum,
       a.attname,
       format_type(a.atttypid, a.atttypmod) AS type,
       a.attnotnull,
       CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, ad.adrelid, true) END AS default_expr,
       a.attidentity,
       CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid, true) END AS generated,
       NULLIF(a.attgenerated, '') AS generated_kind,
       cn.nspname AS collation_schema,
       co.collname AS collation,
       d.description,
       a.attacl::text AS acl
FROM unnest(%(relations)s::oid[]) AS r(oid)
JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_collation co ON co.oid = a.attcollation AND a.attcollation <> t.typcollation
LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
LEFT JOIN pg_description d
       ON d.objoid = a.attrelid AND d.classoid = 'pg_class'::regclass AND d.objsubid = a.attnum
ORDER BY a.attrelid, a.attnum
