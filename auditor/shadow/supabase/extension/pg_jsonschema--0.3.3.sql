-- pg_jsonschema stand-in: every instance matches (no validation in a shadow).
CREATE OR REPLACE FUNCTION @extschema@.json_matches_schema(schema json, instance json) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT true $$;
CREATE OR REPLACE FUNCTION @extschema@.jsonb_matches_schema(schema json, instance jsonb) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT true $$;
CREATE OR REPLACE FUNCTION @extschema@.jsonschema_is_valid(schema json) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT true $$;
