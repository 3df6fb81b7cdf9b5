-- Roles named by the catalog (parameter names: owners, grantees, policy roles, default privileges) and,
-- transitively, every role they are members of. pg_roles, not pg_authid (not readable by everyone).
WITH RECURSIVE named(oid) AS (
    SELECT r.oid FROM pg_roles r WHERE r.rolname = ANY (%(names)s::text[])
    UNION
    SELECT m.roleid FROM pg_auth_members m JOIN named ON m.member = named.oid
)
SELECT r.rolname,
       r.rolcanlogin,
       r.rolsuper,
       r.rolbypassrls,
       r.rolinherit,
       r.rolcreaterole,
       r.rolcreatedb,
       ARRAY(SELECT DISTINCT pg_get_userbyid(m.roleid) FROM pg_auth_members m WHERE m.member = r.oid) AS member_of
FROM pg_roles r
JOIN named ON named.oid = r.oid
ORDER BY r.rolname
