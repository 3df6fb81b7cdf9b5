-- 20241201000004_complete_rls_setup.sql
-- Row level security: an authenticated user sees and changes only their own jobs, events and
-- artifacts; prompts are readable by every signed-in user and written only by the service role
-- (the pipeline backend), which bypasses RLS (service_role has BYPASSRLS on Supabase).
--
-- Policies call auth.uid() as "(select auth.uid())": the sub-select is evaluated once per
-- statement (an InitPlan) instead of once per row, which matters on large tables.
-- One policy per command, so each can be reviewed, dropped or changed on its own, and INSERT
-- and UPDATE say WITH CHECK explicitly: a user cannot create or move a row to another owner.

set lock_timeout = '5s';

alter table public.jobs enable row level security;
alter table public.job_events enable row level security;
alter table public.artifacts enable row level security;
alter table public.prompts enable row level security;

-- jobs ------------------------------------------------------------------------------------
create policy jobs_owner_select on public.jobs
    for select to authenticated
    using (owner_id = (select auth.uid()));
create policy jobs_owner_insert on public.jobs
    for insert to authenticated
    with check (owner_id = (select auth.uid()));
create policy jobs_owner_update on public.jobs
    for update to authenticated
    using (owner_id = (select auth.uid()))
    with check (owner_id = (select auth.uid()));
create policy jobs_owner_delete on public.jobs
    for delete to authenticated
    using (owner_id = (select auth.uid()));

-- job_events --------------------------------------------------------------------------------
create policy job_events_owner_select on public.job_events
    for select to authenticated
    using (owner_id = (select auth.uid()));
create policy job_events_owner_insert on public.job_events
    for insert to authenticated
    with check (owner_id = (select auth.uid()));
create policy job_events_owner_update on public.job_events
    for update to authenticated
    using (owner_id = (select auth.uid()))
    with check (owner_id = (select auth.uid()));
create policy job_events_owner_delete on public.job_events
    for delete to authenticated
    using (owner_id = (select auth.uid()));

-- artifacts ---------------------------------------------------------------------------------
create policy artifacts_owner_select on public.artifacts
    for select to authenticated
    using (owner_id = (select auth.uid()));
create policy artifacts_owner_insert on public.artifacts
    for insert to authenticated
    with check (owner_id = (select auth.uid()));
create policy artifacts_owner_update on public.artifacts
    for update to authenticated
    using (owner_id = (select auth.uid()))
    with check (owner_id = (select auth.uid()));
create policy artifacts_owner_delete on public.artifacts
    for delete to authenticated
    using (owner_id = (select auth.uid()));

-- prompts -----------------------------------------------------------------------------------
-- Shared copy: any signed-in user may read it. There is deliberately no insert/update/delete
-- policy: with RLS on and no policy, only a role that bypasses RLS (service_role) can write.
create policy prompts_authenticated_select on public.prompts
    for select to authenticated
    using (true);

-- Privileges --------------------------------------------------------------------------------
-- Supabase's default privileges grant everything on new tables to anon, authenticated and
-- service_role and leave the filtering to RLS. We state what each role needs instead, so that
-- a table whose RLS is switched off by mistake is not open to the world. The service role
-- gets the DML the pipeline backend does, not TRUNCATE or TRIGGER.
revoke all on public.jobs, public.job_events, public.artifacts, public.prompts
    from anon, authenticated, service_role;
grant select, insert, update, delete on public.jobs, public.job_events, public.artifacts
    to authenticated;
grant select on public.prompts to authenticated;
grant select, insert, update, delete on public.jobs, public.job_events, public.artifacts,
    public.prompts to service_role;

-- Every policy filters on owner_id: index it, or each query under RLS scans the table.
-- schema-auditor: ignore MIG001 -- first release: applied with 0001 to a new, empty database; CONCURRENTLY cannot run inside the
-- per-file transaction the Supabase CLI uses. Later migrations index existing tables concurrently.
create index idx_jobs_owner_id on public.jobs (owner_id);
-- schema-auditor: ignore MIG001 -- first release, empty table (see above)
create index idx_job_events_owner_id on public.job_events (owner_id);
-- schema-auditor: ignore MIG001 -- first release, empty table (see above)
create index idx_artifacts_owner_id on public.artifacts (owner_id);
