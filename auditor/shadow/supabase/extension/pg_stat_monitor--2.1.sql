-- pg_stat_monitor stand-in: the view and the reset function; it monitors nothing.
CREATE FUNCTION @extschema@.pg_stat_monitor_reset() RETURNS void LANGUAGE sql AS $$ $$;
CREATE FUNCTION @extschema@.pg_stat_monitor_version() RETURNS text LANGUAGE sql AS $$ SELECT '2.1' $$;
CREATE VIEW @extschema@.pg_stat_monitor AS
    SELECT NULL::bigint AS bucket, NULL::timestamptz AS bucket_start_time, NULL::oid AS userid,
           NULL::text AS username, NULL::oid AS dbid, NULL::text AS datname, NULL::bigint AS queryid,
           NULL::text AS query, NULL::bigint AS calls, NULL::double precision AS total_exec_time,
           NULL::double precision AS mean_exec_time, NULL::bigint AS rows
    WHERE false;
