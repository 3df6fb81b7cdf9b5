-- A schema using every kind of object the model holds; introspected, dumped, loaded: equal.
DO $$ BEGIN CREATE ROLE authenticated NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE anon NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE sa_spec_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE SCHEMA app;
COMMENT ON SCHEMA app IS 'Application objects';
GRANT USAGE ON SCHEMA app TO anon, authenticated;

CREATE TYPE app.job_status AS ENUM ('pending', 'running', 'on', 'no', 'Done!');
CREATE DOMAIN app.positive_int AS integer NOT NULL DEFAULT 1 CHECK (VALUE > 0) CHECK (VALUE < 1000000);
CREATE DOMAIN app.email AS text CONSTRAINT email_has_at CHECK (VALUE ~ '@');

CREATE TABLE app.jobs (
    run_id text PRIMARY KEY,
    project_spec jsonb NOT NULL,
    owner_id uuid,
    status app.job_status DEFAULT 'pending',
    legacy integer,
    attempts app.positive_int,
    priority integer CHECK (priority BETWEEN 0 AND 10),
    started_at timestamptz,
    completed_at timestamptz,
    created_at timestamptz DEFAULT now(),
    label varchar(40) COLLATE "C",
    slug text GENERATED ALWAYS AS (lower(run_id)) STORED,
    CHECK (completed_at IS NULL OR completed_at >= started_at),
    UNIQUE (owner_id, label)
);
ALTER TABLE app.jobs DROP COLUMN legacy;  -- leaves a gap in attnum
COMMENT ON TABLE app.jobs IS 'Pipeline job tracking';
COMMENT ON COLUMN app.jobs.run_id IS 'Unique job identifier
(second line)';
ALTER TABLE app.jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.jobs FORCE ROW LEVEL SECURITY;
CREATE INDEX idx_jobs_status ON app.jobs (status) WHERE status <> 'pending';
CREATE INDEX idx_jobs_lower ON app.jobs (lower(label) DESC NULLS LAST) INCLUDE (owner_id);
CREATE INDEX idx_jobs_spec ON app.jobs USING gin (project_spec jsonb_path_ops);
CREATE POLICY jobs_owner_select ON app.jobs FOR SELECT TO authenticated USING (owner_id = '00000000-0000-0000-0000-000000000000'::uuid);
CREATE POLICY jobs_restrict ON app.jobs AS RESTRICTIVE FOR UPDATE TO authenticated, anon
    USING (true) WITH CHECK (status <> 'Done!');
CREATE POLICY jobs_all ON app.jobs USING (false);
GRANT SELECT, INSERT ON app.jobs TO authenticated;
GRANT SELECT ON app.jobs TO anon WITH GRANT OPTION;
GRANT UPDATE (status) ON app.jobs TO anon;

CREATE TABLE app."Job Events" (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id text NOT NULL REFERENCES app.jobs (run_id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    "Payload" jsonb,
    during tstzrange,
    EXCLUDE USING gist (during WITH &&)
);
ALTER TABLE app."Job Events" ADD CONSTRAINT events_run_fk2 FOREIGN KEY (run_id) REFERENCES app.jobs (run_id) MATCH FULL ON UPDATE SET NULL NOT VALID;
ALTER TABLE app."Job Events" ADD CONSTRAINT payload_obj CHECK (jsonb_typeof("Payload") = 'object') NOT VALID;

CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql SET search_path = app AS $$
BEGIN
  NEW.created_at := now();
  RETURN NEW;
END $$;
CREATE FUNCTION app.add(a integer, b integer DEFAULT 1) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT SECURITY DEFINER AS 'SELECT a + b';
COMMENT ON FUNCTION app.add(integer, integer) IS 'adds';
REVOKE EXECUTE ON FUNCTION app.add(integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.add(integer, integer) TO authenticated;
CREATE PROCEDURE app.noop() LANGUAGE sql AS 'SELECT 1';

CREATE TRIGGER jobs_touch BEFORE INSERT OR UPDATE OF status ON app.jobs FOR EACH ROW
    WHEN (NEW.status IS DISTINCT FROM 'running') EXECUTE FUNCTION app.touch();
CREATE TRIGGER jobs_stmt AFTER DELETE ON app.jobs FOR EACH STATEMENT EXECUTE FUNCTION app.touch();
ALTER TABLE app.jobs DISABLE TRIGGER jobs_stmt;

CREATE SEQUENCE app.counter AS integer START 10 INCREMENT 5 MINVALUE 10 MAXVALUE 1000 CACHE 2 CYCLE;
GRANT USAGE ON SEQUENCE app.counter TO authenticated;

CREATE VIEW app.active_jobs WITH (security_barrier) AS
    SELECT run_id, status FROM app.jobs WHERE status = 'running';
CREATE MATERIALIZED VIEW app.job_counts AS SELECT status, count(*) AS n FROM app.jobs GROUP BY status;
CREATE UNIQUE INDEX job_counts_status ON app.job_counts (status);

CREATE TABLE app.measurements (
    id bigint NOT NULL,
    taken_at date NOT NULL,
    PRIMARY KEY (id, taken_at)
) PARTITION BY RANGE (taken_at);
CREATE TABLE app.measurements_2024 PARTITION OF app.measurements
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');

ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA app GRANT SELECT ON TABLES TO anon, authenticated;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres GRANT EXECUTE ON FUNCTIONS TO sa_spec_reader;

CREATE TABLE public.plain (id serial PRIMARY KEY, "select" text UNIQUE NULLS NOT DISTINCT);
