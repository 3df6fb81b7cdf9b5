-- No stand-in exists for PostGIS, and neither test server has it.
create extension if not exists postgis with schema extensions;
