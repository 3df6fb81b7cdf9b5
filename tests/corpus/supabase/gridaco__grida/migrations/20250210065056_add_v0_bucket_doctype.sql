ALTER TYPE public.doctype ADD VALUE 'v0_bucket';
