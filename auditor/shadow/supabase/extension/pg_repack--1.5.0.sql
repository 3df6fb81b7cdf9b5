-- pg_repack stand-in: its schema and version functions (repacking is the client program's work).
CREATE SCHEMA IF NOT EXISTS repack;
CREATE FUNCTION repack.version() RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'pg_repack 1.5.0' $$;
CREATE FUNCTION repack.version_sql() RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'pg_repack 1.5.0' $$;
