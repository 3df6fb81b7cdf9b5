-- timescaledb stand-in: what migrations call to make and run hypertables. create_hypertable
-- makes what the real one leaves in the schema a project sees (the default index on the time
-- column, descending, unless create_default_indexes is false or an index on it exists); the
-- chunks and policies live in timescaledb's internal schemas, which are not the project's.
CREATE FUNCTION @extschema@.create_hypertable(relation regclass, time_column_name name,
    partitioning_column name DEFAULT NULL, number_partitions integer DEFAULT NULL,
    associated_schema_name name DEFAULT NULL, associated_table_prefix name DEFAULT NULL,
    chunk_time_interval anyelement DEFAULT NULL::bigint, create_default_indexes boolean DEFAULT true,
    if_not_exists boolean DEFAULT false, partitioning_func regproc DEFAULT NULL,
    migrate_data boolean DEFAULT false, chunk_target_size text DEFAULT NULL,
    chunk_sizing_func regproc DEFAULT NULL, time_partitioning_func regproc DEFAULT NULL)
    RETURNS TABLE (hypertable_id integer, schema_name name, table_name name, created boolean)
    LANGUAGE plpgsql AS $fn$
DECLARE
    rel record;
BEGIN
    SELECT n.nspname, c.relname INTO rel FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = relation;
    IF create_default_indexes AND NOT EXISTS (
        SELECT 1 FROM pg_catalog.pg_index i JOIN pg_catalog.pg_attribute a
            ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
        WHERE i.indrelid = relation AND a.attname = time_column_name
    ) THEN
        EXECUTE format('CREATE INDEX %I ON %s (%I DESC)',
            left(rel.relname || '_' || time_column_name || '_idx', 63), relation, time_column_name);
    END IF;
    RETURN QUERY SELECT 1, rel.nspname::name, rel.relname::name, true;
END
$fn$;
CREATE FUNCTION @extschema@.time_bucket(bucket_width interval, ts timestamptz) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE AS $$ SELECT pg_catalog.date_bin(bucket_width, ts, '2000-01-03 00:00:00+00'::timestamptz) $$;
CREATE FUNCTION @extschema@.time_bucket(bucket_width interval, ts timestamp) RETURNS timestamp
    LANGUAGE sql IMMUTABLE AS $$ SELECT pg_catalog.date_bin(bucket_width, ts, '2000-01-03 00:00:00'::timestamp) $$;
CREATE FUNCTION @extschema@.time_bucket(bucket_width interval, ts date) RETURNS date
    LANGUAGE sql IMMUTABLE AS $$ SELECT pg_catalog.date_bin(bucket_width, ts::timestamp, '2000-01-03'::timestamp)::date $$;
CREATE FUNCTION @extschema@.time_bucket(bucket_width bigint, ts bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE AS $$ SELECT ts - ((ts % bucket_width) + bucket_width) % bucket_width $$;
CREATE FUNCTION @extschema@.time_bucket(bucket_width integer, ts integer) RETURNS integer
    LANGUAGE sql IMMUTABLE AS $$ SELECT ts - ((ts % bucket_width) + bucket_width) % bucket_width $$;
CREATE FUNCTION @extschema@.add_retention_policy(relation regclass, drop_after anyelement,
    if_not_exists boolean DEFAULT false) RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION @extschema@.remove_retention_policy(relation regclass, if_exists boolean DEFAULT false)
    RETURNS void LANGUAGE sql AS $$ $$;
CREATE FUNCTION @extschema@.add_compression_policy(hypertable regclass, compress_after anyelement,
    if_not_exists boolean DEFAULT false) RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION @extschema@.set_chunk_time_interval(hypertable regclass, chunk_time_interval anyelement,
    dimension_name name DEFAULT NULL) RETURNS void LANGUAGE sql AS $$ $$;
