-- Functions without their bodies: the fallback when the auditing role may not read
-- pg_proc.prosrc/prosqlbody (a column-level REVOKE). Every body then becomes a gap.
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
       NULL::text AS body,
       d.description,
       coalesce(p.proacl, acldefault('f', p.proowner))::text AS acl
FROM pg_proc p
JOIN pg_language l ON l.oid = p.prolang
LEFT JOIN pg_description d
       ON d.objoid = p.oid AND d.classoid = 'pg_proc'::regclass AND d.objsubid = 0
WHERE p.pronamespace = ANY (%(schemas)s::oid[])
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype = 'e')
ORDER BY p.pronamespace, p.proname, 3
