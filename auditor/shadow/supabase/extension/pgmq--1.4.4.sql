-- pgmq stand-in: queue management and message functions; queues are only recorded.
CREATE SCHEMA IF NOT EXISTS pgmq;
CREATE TABLE IF NOT EXISTS pgmq.meta (
    queue_name varchar UNIQUE NOT NULL, is_partitioned boolean NOT NULL DEFAULT false,
    is_unlogged boolean NOT NULL DEFAULT false, created_at timestamptz NOT NULL DEFAULT now()
);
DO $$ BEGIN
    CREATE TYPE pgmq.message_record AS (msg_id bigint, read_ct integer, enqueued_at timestamptz,
        vt timestamptz, message jsonb);
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE OR REPLACE FUNCTION pgmq.create(queue_name text) RETURNS void LANGUAGE sql AS $$
    INSERT INTO pgmq.meta (queue_name) VALUES (queue_name) ON CONFLICT DO NOTHING;
$$;
CREATE OR REPLACE FUNCTION pgmq.drop_queue(queue_name text) RETURNS boolean LANGUAGE sql AS $$
    DELETE FROM pgmq.meta m WHERE m.queue_name = drop_queue.queue_name RETURNING true;
$$;
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
