-- pg_hashids stand-in: ids encoded as hexadecimal text, decoded back.
CREATE OR REPLACE FUNCTION @extschema@.id_encode(bigint) RETURNS text LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT to_hex($1) $$;
CREATE OR REPLACE FUNCTION @extschema@.id_encode(bigint, text) RETURNS text LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT to_hex($1) $$;
CREATE OR REPLACE FUNCTION @extschema@.id_encode(bigint, text, integer) RETURNS text LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT to_hex($1) $$;
CREATE OR REPLACE FUNCTION @extschema@.id_decode(text) RETURNS bigint[] LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT ARRAY[('x' || lpad($1, 16, '0'))::bit(64)::bigint] $$;
CREATE OR REPLACE FUNCTION @extschema@.id_decode(text, text) RETURNS bigint[] LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT @extschema@.id_decode($1) $$;
CREATE OR REPLACE FUNCTION @extschema@.id_decode(text, text, integer) RETURNS bigint[] LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT @extschema@.id_decode($1) $$;
