-- 20241201000006_add_artifact_metadata_safe.sql
-- Metadata the download page shows and the pipeline uses to verify uploads. Idempotent like
-- 0005: every statement is a no-op when the column already exists.

set lock_timeout = '5s';

alter table public.artifacts add column if not exists meta jsonb;          -- free-form metadata
alter table public.artifacts add column if not exists file_size bigint;    -- bytes; bigint: archives exceed 2 GiB
alter table public.artifacts add column if not exists content_type text;   -- MIME type
alter table public.artifacts add column if not exists checksum text;       -- integrity check of the stored file
