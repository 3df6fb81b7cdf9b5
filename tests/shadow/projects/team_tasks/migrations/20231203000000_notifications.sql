-- Notify the edge function when a task is assigned (database webhook).
create trigger task_assigned
  after insert or update of assignee on public.tasks
  for each row
  execute function supabase_functions.http_request(
    'https://example.supabase.co/functions/v1/task-assigned', 'POST',
    '{"Content-type":"application/json"}', '{}', '1000'
  );

select vault.create_secret('https://example.supabase.co', 'project_url');

-- Remind assignees of overdue tasks every morning.
select cron.schedule(
  'overdue-reminders',
  '0 8 * * *',
  $$
  select net.http_post(
    url := (select decrypted_secret from vault.decrypted_secrets where name = 'project_url') || '/functions/v1/overdue',
    headers := jsonb_build_object('Content-Type', 'application/json'),
    body := jsonb_build_object('at', now())
  ) as request_id;
  $$
);

-- Superseded job from an earlier version.
select cron.schedule('cleanup-old', '0 3 * * *', $$delete from public.tasks where status = 'done' and inserted_at < now() - interval '1 year'$$);
select cron.unschedule('cleanup-old');
