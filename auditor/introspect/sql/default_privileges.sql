-- Default privileges (ALTER DEFAULT PRIVILEGES), one row per grantee and privilege.
-- defaclobjtype: r table, S sequence, f function, T type, n schema. A NULL schema means "everywhere".
SELECT pg_get_userbyid(d.defaclrole) AS role,
       n.nspname,
       d.defaclobjtype,
       CASE WHEN e.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(e.grantee) END AS grantee,
       e.privilege_type,
       e.is_grantable
FROM pg_default_acl d
LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace
CROSS JOIN LATERAL aclexplode(d.defaclacl) AS e
ORDER BY 1, 2, 3, 4, 5
