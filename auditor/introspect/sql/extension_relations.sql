-- Tables an extension owns (pg_depend deptype 'e': relations.sql leaves them out, they are the
-- extension's, not the project's), in every schema but the system ones, with what the rules need
-- to tell whether the API reads them: row level security and the ACL (last column, as acls.sql
-- expands it). pgmq's queue tables are such members.
SELECT x.extname,
       n.nspname,
       c.relname,
       c.relkind,
       pg_get_userbyid(c.relowner) AS owner,
       c.relrowsecurity,
       coalesce(c.relacl, acldefault('r', c.relowner))::text AS acl
FROM pg_depend e
JOIN pg_class c ON c.oid = e.objid
JOIN pg_extension x ON x.oid = e.refobjid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE e.classid = 'pg_class'::regclass
  AND e.refclassid = 'pg_extension'::regclass
  AND e.deptype = 'e'
  AND c.relkind IN ('r', 'p')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
ORDER BY x.extname, n.nspname, c.relname
