-- Live updates of notes in the editor.
begin;
  drop publication if exists supabase_realtime;
  create publication supabase_realtime;
commit;
alter publication supabase_realtime add table public.notes;
alter table public.notes replica identity full;
