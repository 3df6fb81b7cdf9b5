CREATE SCHEMA IF NOT EXISTS auth;
CREATE OR REPLACE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE
    AS $$ select nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $$;
DO $$ BEGIN CREATE ROLE authenticated NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE anon NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;

-- The same schema as a.sql, written as PostgreSQL deparses it (and with other spellings).
CREATE TABLE public."projects" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    CONSTRAINT projects_pkey PRIMARY KEY (id)
);

CREATE TABLE public.jobs (
    id uuid NOT NULL DEFAULT pg_catalog.gen_random_uuid(),
    project_id uuid NOT NULL,
    owner_id uuid NOT NULL,
    title text NOT NULL,
    kind character varying(20) NOT NULL DEFAULT 'batch'::character varying,
    status text NOT NULL DEFAULT 'pending'::text,
    priority int4 NOT NULL DEFAULT (0),
    meta jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT jobs_pkey PRIMARY KEY (id),
    CONSTRAINT jobs_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE,
    CONSTRAINT jobs_kind_check CHECK (((kind)::text = ANY ((ARRAY['stream'::character varying, 'batch'::character varying])::text[]))),
    CONSTRAINT jobs_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'running'::text, 'done'::text]))),
    CONSTRAINT jobs_priority_check CHECK (((priority >= 0) AND (priority <= 10)))
);
CREATE INDEX idx_jobs_status ON public.jobs USING btree (status) WHERE (status <> 'done'::text);
CREATE INDEX idx_jobs_title ON public.jobs USING btree (lower(title));
ALTER TABLE public.jobs ENABLE ROW LEVEL SECURITY;
CREATE POLICY jobs_owner_select ON public.jobs AS PERMISSIVE FOR SELECT TO authenticated
    USING ((( SELECT auth.uid() AS uid) = owner_id));
CREATE POLICY jobs_owner_update ON public.jobs FOR UPDATE TO authenticated
    USING ((( SELECT auth.uid() AS uid) = owner_id))
    WITH CHECK (((( SELECT auth.uid() AS uid) = owner_id) AND (status = ANY (ARRAY['pending'::text, 'running'::text]))));
GRANT UPDATE ON TABLE public.jobs TO authenticated;
GRANT SELECT ON TABLE public.jobs TO authenticated;
GRANT SELECT ON TABLE public.projects TO anon;
COMMENT ON TABLE public.jobs IS 'Work items';
CREATE TYPE public.job_state AS ENUM ('pending', 'running', 'done');
CREATE SEQUENCE public.ticket_seq AS bigint START WITH 1 INCREMENT BY 5 NO MINVALUE NO MAXVALUE CACHE 1;
CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.created_at := now(); RETURN NEW; END $$;
CREATE TRIGGER jobs_touch BEFORE UPDATE ON public.jobs FOR EACH ROW EXECUTE PROCEDURE public.touch();
CREATE VIEW public.open_jobs AS
 SELECT jobs.id,
    jobs.owner_id,
    jobs.status
   FROM public.jobs
  WHERE (jobs.status <> 'done'::text);
