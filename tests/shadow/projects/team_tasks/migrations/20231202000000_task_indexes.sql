-- Built concurrently: tasks is large in production.
create index concurrently if not exists tasks_team_id_idx on public.tasks (team_id);
create index concurrently if not exists tasks_assignee_idx on public.tasks (assignee) where assignee is not null;
