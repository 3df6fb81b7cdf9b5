-- pgsodium stand-in: the key table and the functions migrations call; no cryptography.
CREATE TABLE IF NOT EXISTS @extschema@.key (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(), status text DEFAULT 'valid', created timestamptz NOT NULL DEFAULT now(),
    expires timestamptz, key_type text, key_id bigint, key_context bytea DEFAULT '\x7067736f6469756d'::bytea,
    name text UNIQUE, associated_data text DEFAULT 'associated', raw_key bytea, raw_key_nonce bytea,
    parent_key uuid, comment text, user_data text
);
CREATE OR REPLACE FUNCTION @extschema@.create_key(key_type text DEFAULT 'aead-det', name text DEFAULT NULL)
    RETURNS @extschema@.key LANGUAGE sql AS $$
    INSERT INTO @extschema@.key (key_type, name) VALUES (key_type, name) RETURNING *;
$$;
CREATE OR REPLACE FUNCTION @extschema@.crypto_aead_det_encrypt(message bytea, additional bytea, key_uuid uuid,
    nonce bytea DEFAULT NULL) RETURNS bytea LANGUAGE sql AS $$ SELECT message $$;
CREATE OR REPLACE FUNCTION @extschema@.crypto_aead_det_decrypt(message bytea, additional bytea, key_uuid uuid,
    nonce bytea DEFAULT NULL) RETURNS bytea LANGUAGE sql AS $$ SELECT message $$;
CREATE OR REPLACE FUNCTION @extschema@.randombytes_buf(size integer) RETURNS bytea LANGUAGE sql AS $$
    SELECT coalesce(string_agg(set_byte('\x00'::bytea, 0, floor(random() * 256)::int), ''::bytea), ''::bytea)
    FROM generate_series(1, size)
$$;
