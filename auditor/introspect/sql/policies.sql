-- Row-level security policies of the relations read by relations.sql (whether or not RLS is
-- enabled on the table). polroles holds 0 for PUBLIC.
SELECT p.polrelid,
       p.polname,
       p.polcmd,
       p.polpermissive,
       ARRAY(SELECT CASE WHEN u.role = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(u.role) END
             FROM unnest(p.polroles) AS u(role)) AS roles,
       pg_get_expr(p.polqual, p.polrelid, true) AS using_expr,
       pg_get_expr(p.polwithcheck, p.polrelid, true) AS check_expr
FROM unnest(%(relations)s::oid[]) AS r(oid)
JOIN pg_policy p ON p.polrelid = r.oid
ORDER BY p.polrelid, p.polname
