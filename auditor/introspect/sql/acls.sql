-- Expand ACLs. Each object query returns coalesce(acl, acldefault(kind, owner))::text, so a NULL ACL
-- reads as the defaults (functions: EXECUTE to PUBLIC); the caller passes each distinct ACL text once
-- (parameter acls) and maps the rows back, so this costs one aclexplode per distinct ACL, not per object.
-- Privilege names are aclexplode's own, so PG 17's MAINTAIN appears where the server has it.
SELECT a.acl,
       CASE WHEN e.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(e.grantee) END AS grantee,
       e.privilege_type,
       e.is_grantable
FROM unnest(%(acls)s::text[]) AS a(acl)
CROSS JOIN LATERAL aclexplode(a.acl::aclitem[]) AS e
