-- pgmq stand-in: queue management and message functions; queues are only recorded. The pgmq
-- schema is the control file's (created by CREATE EXTENSION when missing, as the real pgmq).
CREATE TABLE IF NOT EXISTS pgmq.meta (
    queue_name varchar UNIQUE NOT NULL, is_partitioned boolean NOT NULL DEFAULT false,
    is_unlogged boolean NOT NULL DEFAULT false, created_at timestamptz NOT NULL DEFAULT now()
);
DO $$ BEGIN
    CREATE TYPE pgmq.message_record AS (msg_id bigint, read_ct integer, enqueued_at timestamptz,
        vt timestamptz, message jsonb);
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
-- A queue is its two tables, as pgmq 1.4 makes them (projects enable RLS and write policies on
-- pgmq.q_<name>).
CREATE OR REPLACE FUNCTION pgmq._create(queue_name text, unlogged boolean) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
    kind text := CASE WHEN unlogged THEN 'UNLOGGED ' ELSE '' END;
BEGIN
    IF queue_name !~ '^[A-Za-z0-9_]+$' OR length(queue_name) > 47 THEN
        RAISE EXCEPTION 'queue name is invalid or too long: %', queue_name;
    END IF;
    EXECUTE format('CREATE %sTABLE IF NOT EXISTS pgmq.%I (msg_id bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY, '
        'read_ct integer DEFAULT 0 NOT NULL, enqueued_at timestamptz DEFAULT now() NOT NULL, '
        'vt timestamptz NOT NULL, message jsonb)', kind, 'q_' || lower(queue_name));
    EXECUTE format('CREATE TABLE IF NOT EXISTS pgmq.%I (msg_id bigint PRIMARY KEY, read_ct integer DEFAULT 0 NOT NULL, '
        'enqueued_at timestamptz DEFAULT now() NOT NULL, archived_at timestamptz DEFAULT now() NOT NULL, '
        'vt timestamptz NOT NULL, message jsonb)', 'a_' || lower(queue_name));
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON pgmq.%I (vt ASC)',
        'q_' || lower(queue_name) || '_vt_idx', 'q_' || lower(queue_name));
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON pgmq.%I (archived_at)',
        'archived_at_idx_' || lower(queue_name), 'a_' || lower(queue_name));
    INSERT INTO pgmq.meta (queue_name, is_unlogged) VALUES (lower(queue_name), unlogged) ON CONFLICT DO NOTHING;
END
$fn$;
CREATE OR REPLACE FUNCTION pgmq.create(queue_name text) RETURNS void LANGUAGE sql AS $$
    SELECT pgmq._create(queue_name, false);
$$;
CREATE OR REPLACE FUNCTION pgmq.create_unlogged(queue_name text) RETURNS void LANGUAGE sql AS $$
    SELECT pgmq._create(queue_name, true);
$$;
CREATE OR REPLACE FUNCTION pgmq.create_non_partitioned(queue_name text) RETURNS void LANGUAGE sql AS $$
    SELECT pgmq._create(queue_name, false);
$$;
CREATE OR REPLACE FUNCTION pgmq.drop_queue(queue_name text) RETURNS boolean LANGUAGE plpgsql AS $fn$
BEGIN
    EXECUTE format('DROP TABLE IF EXISTS pgmq.%I', 'q_' || lower(queue_name));
    EXECUTE format('DROP TABLE IF EXISTS pgmq.%I', 'a_' || lower(queue_name));
    DELETE FROM pgmq.meta m WHERE m.queue_name = lower(drop_queue.queue_name);
    RETURN true;
END
$fn$;
CREATE OR REPLACE FUNCTION pgmq.send(queue_name text, msg jsonb, delay integer DEFAULT 0)
    RETURNS SETOF bigint LANGUAGE sql AS $$ SELECT 0::bigint $$;
CREATE OR REPLACE FUNCTION pgmq.send_batch(queue_name text, msgs jsonb[], delay integer DEFAULT 0)
    RETURNS SETOF bigint LANGUAGE sql AS $$ SELECT 0::bigint $$;
CREATE OR REPLACE FUNCTION pgmq.read(queue_name text, vt integer, qty integer)
    RETURNS SETOF pgmq.message_record LANGUAGE sql AS $$ SELECT NULL::pgmq.message_record WHERE false $$;
CREATE OR REPLACE FUNCTION pgmq.pop(queue_name text)
    RETURNS SETOF pgmq.message_record LANGUAGE sql AS $$ SELECT NULL::pgmq.message_record WHERE false $$;
CREATE OR REPLACE FUNCTION pgmq.delete(queue_name text, msg_id bigint) RETURNS boolean
    LANGUAGE sql AS $$ SELECT false $$;
CREATE OR REPLACE FUNCTION pgmq.archive(queue_name text, msg_id bigint) RETURNS boolean
    LANGUAGE sql AS $$ SELECT false $$;
