DO $$ BEGIN CREATE ROLE authenticated NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE jobs (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_id uuid NOT NULL,
    status text NOT NULL DEFAULT 'pending',
    title text
);
CREATE INDEX idx_jobs_owner ON jobs (owner_id);
ALTER TABLE jobs ENABLE ROW LEVEL SECURITY;
CREATE POLICY jobs_select ON jobs FOR SELECT TO authenticated USING (owner_id IS NOT NULL);
GRANT SELECT ON jobs TO authenticated;
