-- Features the offline reader models, replayed against a real server by the tests.
set lock_timeout = '5s';
create schema app;
comment on schema app is 'application tables';
create type app.mood as enum ('sad', 'ok');
alter type app.mood add value 'happy' after 'ok';
alter type app.mood add value 'meh' before 'ok';
create sequence app.ticket_seq start 100 increment 5;

create table app.accounts (
    id bigserial primary key,
    email varchar(200) not null unique,
    handle text,
    mood app.mood default 'ok',
    score numeric(10, 2) check (score >= 0),
    created_at timestamptz not null default now(),
    code int generated always as identity,
    ticket int default nextval('app.ticket_seq'),
    upper_email text generated always as (upper(email)) stored,
    unique (handle, email),
    check (handle <> email)
);
comment on table app.accounts is 'who signs in';
comment on column app.accounts.email is 'login';

create table app.posts (
    id int primary key,
    account_id bigint references app.accounts on delete cascade,
    title text not null,
    body text,
    constraint posts_title_len check (length(title) < 200) not valid,
    foreign key (id) references app.posts (id) deferrable initially deferred
);
create index on app.posts (account_id);
create unique index posts_title_lower on app.posts (lower(title)) where body is not null;
create index posts_title_desc on app.posts using btree (title desc nulls last) include (body);
