-- 20241201000005_add_job_status_safe.sql
-- Status tracking for jobs. "_safe": idempotent, so it can be re-run by hand (the first
-- production deploy applied it with psql before the CLI history existed). Running it twice
-- changes nothing.

set lock_timeout = '5s';

-- The default fills existing rows too; on PostgreSQL 11+ a constant default is a catalog-only
-- change, no table rewrite.
alter table public.jobs add column if not exists status text default 'pending';

-- ADD CONSTRAINT has no IF NOT EXISTS, so guard it with a catalog lookup.
-- schema-auditor: ignore MIG002 -- jobs had only test rows when this first ran; NOT VALID plus a
-- VALIDATE in the same per-file transaction would hold the same lock anyway.
do $$
begin
    if not exists (
        select 1 from pg_constraint
        where conrelid = 'public.jobs'::regclass and conname = 'jobs_status_check'
    ) then
        alter table public.jobs
            add constraint jobs_status_check
            check (status in ('pending', 'running', 'completed', 'failed', 'cancelled'));
    end if;
end
$$;

-- Workers poll for pending jobs and dashboards group by status.
-- schema-auditor: ignore MIG001 -- jobs had only test rows when this first ran (see above).
create index if not exists idx_jobs_status on public.jobs (status);
