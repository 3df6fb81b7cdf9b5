-- pgjwt stand-in: sign() and verify() keep their signatures; tokens are not real JWTs.
CREATE OR REPLACE FUNCTION @extschema@.url_encode(data bytea) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT translate(encode(data, 'base64'), E'+/=\n', '-_') $$;
CREATE OR REPLACE FUNCTION @extschema@.url_decode(data text) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT decode(rpad(translate(data, '-_', '+/'), 4 * ((length(data) + 3) / 4), '='), 'base64')
$$;
CREATE OR REPLACE FUNCTION @extschema@.sign(payload json, secret text, algorithm text DEFAULT 'HS256')
    RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT @extschema@.url_encode(convert_to('{"alg":"' || algorithm || '","typ":"JWT"}', 'utf8')) || '.'
        || @extschema@.url_encode(convert_to(payload::text, 'utf8')) || '.'
        || @extschema@.url_encode(sha256(convert_to(payload::text || secret, 'utf8')))
$$;
CREATE OR REPLACE FUNCTION @extschema@.verify(token text, secret text, algorithm text DEFAULT 'HS256')
    RETURNS TABLE(header json, payload json, valid boolean) LANGUAGE sql IMMUTABLE AS $$
    SELECT convert_from(@extschema@.url_decode(split_part(token, '.', 1)), 'utf8')::json,
           convert_from(@extschema@.url_decode(split_part(token, '.', 2)), 'utf8')::json,
           true
$$;
