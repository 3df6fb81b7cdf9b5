-- Installed extensions, with their version and schema.
SELECT x.extname, x.extversion, n.nspname
FROM pg_extension x
JOIN pg_namespace n ON n.oid = x.extnamespace
ORDER BY x.extname
