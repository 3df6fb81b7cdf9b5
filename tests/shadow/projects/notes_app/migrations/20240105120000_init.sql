-- Profiles, notes and attachments for a notes app.
create extension if not exists "uuid-ossp" with schema extensions;

create type public.note_visibility as enum ('private', 'shared', 'public');

create table public.profiles (
  id uuid references auth.users on delete cascade not null primary key,
  username text unique,
  full_name text,
  avatar_url text,
  updated_at timestamp with time zone,
  constraint username_length check (char_length(username) >= 3)
);

alter table public.profiles enable row level security;

create policy "Public profiles are viewable by everyone." on profiles
  for select using (true);
create policy "Users can insert their own profile." on profiles
  for insert with check ((select auth.uid()) = id);
create policy "Users can update own profile." on profiles
  for update using ((select auth.uid()) = id);

-- Create a profile whenever somebody signs up.
create function public.handle_new_user()
returns trigger
language plpgsql
security definer set search_path = ''
as $$
begin
  insert into public.profiles (id, full_name, avatar_url)
  values (new.id, new.raw_user_meta_data->>'full_name', new.raw_user_meta_data->>'avatar_url');
  return new;
end;
$$;

create trigger on_auth_user_created
  after insert on auth.users
  for each row execute procedure public.handle_new_user();

create table public.notes (
  id uuid primary key default extensions.uuid_generate_v4(),
  owner_id uuid not null references auth.users (id) on delete cascade default auth.uid(),
  title text not null,
  body text,
  visibility note_visibility not null default 'private',
  created_at timestamptz not null default now()
);
create index notes_owner_id_idx on public.notes (owner_id);
alter table public.notes enable row level security;
create policy "Owners manage their notes" on public.notes
  for all to authenticated
  using (owner_id = (select auth.uid()))
  with check (owner_id = (select auth.uid()));
create policy "Public notes are readable" on public.notes
  for select to anon, authenticated
  using (visibility = 'public');
