CREATE SCHEMA IF NOT EXISTS auth;
CREATE OR REPLACE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE
    AS $$ select nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $$;
DO $$ BEGIN CREATE ROLE authenticated NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE anon NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE TABLE projects (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL
);

CREATE TABLE jobs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id uuid NOT NULL CONSTRAINT jobs_project_id_fkey REFERENCES projects (id) ON DELETE CASCADE,
    owner_id uuid NOT NULL,
    title text NOT NULL,
    kind varchar(20) NOT NULL DEFAULT 'batch' CONSTRAINT jobs_kind_check CHECK (kind IN ('batch', 'stream')),
    status text NOT NULL DEFAULT 'pending' CONSTRAINT jobs_status_check CHECK (status IN ('pending', 'running', 'done')),
    priority integer NOT NULL DEFAULT 0 CONSTRAINT jobs_priority_check CHECK (priority BETWEEN 0 AND 10),
    meta jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_jobs_status ON jobs (status) WHERE status <> 'done';
CREATE INDEX idx_jobs_title ON jobs (lower(title));
ALTER TABLE jobs ENABLE ROW LEVEL SECURITY;
CREATE POLICY jobs_owner_select ON jobs FOR SELECT TO authenticated
    USING ((select auth.uid()) = owner_id);
CREATE POLICY jobs_owner_update ON jobs FOR UPDATE TO authenticated
    USING ((select auth.uid()) = owner_id) WITH CHECK ((select auth.uid()) = owner_id AND status IN ('pending', 'running'));
GRANT SELECT, UPDATE ON jobs TO authenticated;
GRANT SELECT ON projects TO anon;
COMMENT ON TABLE jobs IS 'Work items';
CREATE TYPE job_state AS ENUM ('pending', 'running', 'done');
CREATE SEQUENCE ticket_seq INCREMENT 5;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.created_at := now(); RETURN NEW; END $$;
CREATE TRIGGER jobs_touch BEFORE UPDATE ON jobs FOR EACH ROW EXECUTE FUNCTION touch();
CREATE VIEW open_jobs AS SELECT id, owner_id, status FROM jobs WHERE status <> 'done';
