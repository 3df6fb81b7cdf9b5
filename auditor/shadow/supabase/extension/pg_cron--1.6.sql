-- pg_cron stand-in: the cron schema, its job tables and the scheduling functions. schedule()
-- records the job so that a later unschedule() by name finds it; nothing ever runs.
CREATE SCHEMA IF NOT EXISTS cron;
CREATE TABLE IF NOT EXISTS cron.job (
    jobid bigserial PRIMARY KEY, schedule text NOT NULL, command text NOT NULL,
    nodename text NOT NULL DEFAULT 'localhost', nodeport integer NOT NULL DEFAULT 5432,
    database text NOT NULL DEFAULT current_database(), username text NOT NULL DEFAULT current_user,
    active boolean NOT NULL DEFAULT true, jobname text
);
CREATE TABLE IF NOT EXISTS cron.job_run_details (
    jobid bigint, runid bigserial PRIMARY KEY, job_pid integer, database text, username text,
    command text, status text, return_message text, start_time timestamptz, end_time timestamptz
);
CREATE OR REPLACE FUNCTION cron.schedule(job_name text, schedule text, command text) RETURNS bigint
LANGUAGE sql AS $$
    DELETE FROM cron.job WHERE jobname = job_name;
    INSERT INTO cron.job (schedule, command, jobname) VALUES (schedule, command, job_name) RETURNING jobid;
$$;
CREATE OR REPLACE FUNCTION cron.schedule(schedule text, command text) RETURNS bigint LANGUAGE sql AS $$
    INSERT INTO cron.job (schedule, command) VALUES (schedule, command) RETURNING jobid;
$$;
CREATE OR REPLACE FUNCTION cron.schedule_in_database(job_name text, schedule text, command text,
    database text, username text DEFAULT NULL, active boolean DEFAULT true) RETURNS bigint LANGUAGE sql AS $$
    SELECT cron.schedule(job_name, schedule, command);
$$;
CREATE OR REPLACE FUNCTION cron.unschedule(job_id bigint) RETURNS boolean LANGUAGE sql AS $$
    DELETE FROM cron.job WHERE jobid = job_id RETURNING true;
$$;
CREATE OR REPLACE FUNCTION cron.unschedule(job_name text) RETURNS boolean LANGUAGE sql AS $$
    DELETE FROM cron.job WHERE jobname = job_name RETURNING true;
$$;
CREATE OR REPLACE FUNCTION cron.alter_job(job_id bigint, schedule text DEFAULT NULL, command text DEFAULT NULL,
    database text DEFAULT NULL, username text DEFAULT NULL, active boolean DEFAULT NULL) RETURNS void
LANGUAGE sql AS $$
    UPDATE cron.job SET schedule = coalesce(alter_job.schedule, job.schedule),
        command = coalesce(alter_job.command, job.command), active = coalesce(alter_job.active, job.active)
    WHERE jobid = job_id;
$$;
