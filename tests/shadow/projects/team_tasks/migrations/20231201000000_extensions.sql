create extension if not exists pg_net with schema extensions;
create extension if not exists pg_cron with schema pg_catalog;
create extension if not exists http with schema extensions;
grant usage on schema cron to postgres;
