-- Only members of a room may receive its broadcasts.
create table public.rooms (id uuid primary key default gen_random_uuid(), name text not null);
create table public.room_members (
  room_id uuid references public.rooms on delete cascade,
  user_id uuid references auth.users on delete cascade,
  primary key (room_id, user_id)
);
alter table public.rooms enable row level security;
alter table public.room_members enable row level security;

create policy "members receive room broadcasts" on realtime.messages
  for select to authenticated
  using (
    exists (
      select 1 from public.room_members m
      where m.user_id = (select auth.uid())
        and m.room_id::text = (select realtime.topic())
    )
  );
