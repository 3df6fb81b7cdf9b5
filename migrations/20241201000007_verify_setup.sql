-- 20241201000007_verify_setup.sql
-- Fails the deploy, naming every missing piece, when the setup of migrations 0001-0006 is
-- incomplete: tables, RLS on each table, each policy, each index, the foreign keys. Applied
-- after the others, so a partial or hand-edited database cannot be recorded as migrated.
-- Read-only: it changes nothing, and can be run again with psql at any time.

set lock_timeout = '5s';

do $$
declare
    missing text[] := '{}';
    t text;
    item text[];
begin
    -- Tables, and RLS on each.
    foreach t in array array['jobs', 'job_events', 'artifacts', 'prompts'] loop
        if to_regclass(format('public.%I', t)) is null then
            missing := missing || format('table public.%s', t);
        elsif not (select relrowsecurity from pg_class where oid = to_regclass(format('public.%I', t))) then
            missing := missing || format('row level security on public.%s', t);
        end if;
    end loop;

    -- Policies: {table, policy}.
    foreach item slice 1 in array array[
        ['jobs', 'jobs_owner_select'], ['jobs', 'jobs_owner_insert'],
        ['jobs', 'jobs_owner_update'], ['jobs', 'jobs_owner_delete'],
        ['job_events', 'job_events_owner_select'], ['job_events', 'job_events_owner_insert'],
        ['job_events', 'job_events_owner_update'], ['job_events', 'job_events_owner_delete'],
        ['artifacts', 'artifacts_owner_select'], ['artifacts', 'artifacts_owner_insert'],
        ['artifacts', 'artifacts_owner_update'], ['artifacts', 'artifacts_owner_delete'],
        ['prompts', 'prompts_authenticated_select']
    ] loop
        if not exists (
            select 1 from pg_policies
            where schemaname = 'public' and tablename = item[1] and policyname = item[2]
        ) then
            missing := missing || format('policy %s on public.%s', item[2], item[1]);
        end if;
    end loop;

    -- Indexes: {table, index}.
    foreach item slice 1 in array array[
        ['jobs', 'idx_jobs_owner_id'], ['jobs', 'idx_jobs_status'],
        ['job_events', 'idx_job_events_run_id'], ['job_events', 'idx_job_events_owner_id'],
        ['artifacts', 'idx_artifacts_run_id'], ['artifacts', 'idx_artifacts_owner_id']
    ] loop
        if not exists (
            select 1 from pg_indexes
            where schemaname = 'public' and tablename = item[1] and indexname = item[2]
        ) then
            missing := missing || format('index %s on public.%s', item[2], item[1]);
        end if;
    end loop;

    -- Foreign keys to jobs(run_id), whatever their generated names.
    foreach t in array array['job_events', 'artifacts'] loop
        if to_regclass(format('public.%I', t)) is not null and not exists (
            select 1 from pg_constraint
            where contype = 'f'
              and conrelid = to_regclass(format('public.%I', t))
              and confrelid = to_regclass('public.jobs')
        ) then
            missing := missing || format('foreign key public.%s(run_id) -> public.jobs(run_id)', t);
        end if;
    end loop;

    -- The status check added by 0005.
    if to_regclass('public.jobs') is not null and not exists (
        select 1 from pg_constraint
        where conrelid = to_regclass('public.jobs') and conname = 'jobs_status_check'
    ) then
        missing := missing || 'constraint jobs_status_check on public.jobs'::text;
    end if;

    if cardinality(missing) > 0 then
        raise exception 'schema setup incomplete: missing %', array_to_string(missing, '; ')
            using hint = 'apply migrations 20241201000001 to 20241201000006 in order';
    end if;
    raise notice 'schema setup verified: 4 tables, RLS, 13 policies, 6 indexes, 2 foreign keys';
end
$$;
