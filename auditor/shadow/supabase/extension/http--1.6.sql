-- http (pgsql-http) stand-in: its types and request functions, in the schema chosen at CREATE
-- EXTENSION; requests return status 0.
DO $$ BEGIN
    CREATE DOMAIN @extschema@.http_method AS character varying;
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN
    CREATE TYPE @extschema@.http_header AS (field character varying, value character varying);
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN
    CREATE TYPE @extschema@.http_response AS (status integer, content_type character varying,
        headers @extschema@.http_header[], content character varying);
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN
    CREATE TYPE @extschema@.http_request AS (method @extschema@.http_method, uri character varying,
        headers @extschema@.http_header[], content_type character varying, content character varying);
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE OR REPLACE FUNCTION @extschema@.http(request @extschema@.http_request) RETURNS @extschema@.http_response
    LANGUAGE sql AS $$ SELECT ROW(0, NULL, NULL, NULL)::@extschema@.http_response $$;
CREATE OR REPLACE FUNCTION @extschema@.http_get(uri character varying) RETURNS @extschema@.http_response
    LANGUAGE sql AS $$ SELECT ROW(0, NULL, NULL, NULL)::@extschema@.http_response $$;
CREATE OR REPLACE FUNCTION @extschema@.http_post(uri character varying, content character varying,
    content_type character varying) RETURNS @extschema@.http_response
    LANGUAGE sql AS $$ SELECT ROW(0, NULL, NULL, NULL)::@extschema@.http_response $$;
CREATE OR REPLACE FUNCTION @extschema@.http_header(field character varying, value character varying)
    RETURNS @extschema@.http_header LANGUAGE sql AS $$ SELECT ROW(field, value)::@extschema@.http_header $$;
