-- Installed extensions, with their version and schema, and the version this server installs by
-- default (NULL when its control file is gone), which tells a chosen version from the server's.
SELECT x.extname, x.extversion, n.nspname, a.default_version
FROM pg_extension x
JOIN pg_namespace n ON n.oid = x.extnamespace
LEFT JOIN pg_available_extensions a ON a.name = x.extname
ORDER BY x.extname
