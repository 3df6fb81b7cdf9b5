-- pgcrypto stand-in, for servers built without it: the digests PostgreSQL has built in (md5,
-- sha224..sha512) are real; crypt/gen_salt/pgp_* keep their signatures, not their cryptography.
CREATE OR REPLACE FUNCTION @extschema@.digest(data bytea, type text) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
BEGIN
    CASE lower(type)
        WHEN 'md5' THEN RETURN decode(md5(data), 'hex');
        WHEN 'sha224' THEN RETURN sha224(data);
        WHEN 'sha256' THEN RETURN sha256(data);
        WHEN 'sha384' THEN RETURN sha384(data);
        WHEN 'sha512' THEN RETURN sha512(data);
        ELSE RAISE EXCEPTION 'digest type % is not available in the shadow stand-in of pgcrypto', type;
    END CASE;
END
$$;
CREATE OR REPLACE FUNCTION @extschema@.digest(data text, type text) RETURNS bytea
    LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT @extschema@.digest(convert_to(data, 'UTF8'), type) $$;
CREATE OR REPLACE FUNCTION @extschema@.hmac(data bytea, key bytea, type text) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT AS $$
    -- RFC 2104 with a 64-byte block (md5, sha224, sha256).
    WITH k AS (SELECT CASE WHEN length(key) > 64 THEN @extschema@.digest(key, type) ELSE key END AS key)
    SELECT @extschema@.digest(
        (SELECT string_agg(set_byte('\x00'::bytea, 0, (CASE WHEN i < length(k.key) THEN get_byte(k.key, i) ELSE 0 END) # 92), ''::bytea ORDER BY i) FROM generate_series(0, 63) i)
        || @extschema@.digest(
            (SELECT string_agg(set_byte('\x00'::bytea, 0, (CASE WHEN i < length(k.key) THEN get_byte(k.key, i) ELSE 0 END) # 54), ''::bytea ORDER BY i) FROM generate_series(0, 63) i)
            || data, type),
        type)
    FROM k
$$;
CREATE OR REPLACE FUNCTION @extschema@.hmac(data text, key text, type text) RETURNS bytea
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT @extschema@.hmac(convert_to(data, 'UTF8'), convert_to(key, 'UTF8'), type) $$;
CREATE OR REPLACE FUNCTION @extschema@.gen_random_bytes(integer) RETURNS bytea LANGUAGE sql VOLATILE STRICT AS $$
    SELECT coalesce(string_agg(set_byte('\x00'::bytea, 0, floor(random() * 256)::int), ''::bytea), ''::bytea)
    FROM generate_series(1, $1)
$$;
CREATE OR REPLACE FUNCTION @extschema@.gen_salt(text) RETURNS text LANGUAGE sql VOLATILE STRICT
    AS $$ SELECT '$' || $1 || '$' || substr(md5(random()::text), 1, 16) $$;
CREATE OR REPLACE FUNCTION @extschema@.gen_salt(text, integer) RETURNS text LANGUAGE sql VOLATILE STRICT
    AS $$ SELECT '$' || $1 || '$' || lpad($2::text, 2, '0') || '$' || substr(md5(random()::text), 1, 16) $$;
CREATE OR REPLACE FUNCTION @extschema@.crypt(text, text) RETURNS text LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT $2 || md5($2 || $1) $$;
CREATE OR REPLACE FUNCTION @extschema@.pgp_sym_encrypt(text, text) RETURNS bytea LANGUAGE sql VOLATILE STRICT
    AS $$ SELECT convert_to($1, 'UTF8') $$;
CREATE OR REPLACE FUNCTION @extschema@.pgp_sym_decrypt(bytea, text) RETURNS text LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT convert_from($1, 'UTF8') $$;
