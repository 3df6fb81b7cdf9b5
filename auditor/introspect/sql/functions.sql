-- Functions, procedures, aggregates and window functions, PG 13 (functions_pg14.sql adds SQL-standard
-- bodies). Extension members are left out. The body comes back as text and is hashed by the
-- caller; NULL where the catalog always has one means it could not be read (a gap).
-- A partial read (introspect only=...) passes the functions' schema oids and keys, name(identity
-- arguments), as the parallel arrays only_nsp and only_name, and reads every overload of each name:
-- how the arguments are spelled depends on the search_path the keys were made under (a type of a
-- schema on it is not qualified), so the name alone is matched. A whole read passes NULL.
SELECT p.pronamespace,
       p.proname,
       pg_get_function_identity_arguments(p.oid) AS arguments,
       p.prokind,
       CASE WHEN p.prokind <> 'p' THEN pg_get_function_result(p.oid) END AS returns,
       l.lanname,
       p.provolatile,
       p.prosecdef,
       p.proisstrict,
       p.proconfig,
       pg_get_userbyid(p.proowner) AS owner,
       p.prosrc AS body,
       d.description,
       coalesce(p.proacl, acldefault('f', p.proowner))::text AS acl
FROM pg_proc p
JOIN pg_language l ON l.oid = p.prolang
LEFT JOIN pg_description d
       ON d.objoid = p.oid AND d.classoid = 'pg_proc'::regclass AND d.objsubid = 0
WHERE p.pronamespace = ANY (%(schemas)s::oid[])
  AND (%(only_name)s::text[] IS NULL
       OR EXISTS (SELECT FROM unnest(%(only_nsp)s::oid[], %(only_name)s::text[]) AS k(nsp, key)
                  WHERE k.nsp = p.pronamespace AND starts_with(k.key, p.proname || '(')))
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype = 'e')
ORDER BY p.pronamespace, p.proname, 3
