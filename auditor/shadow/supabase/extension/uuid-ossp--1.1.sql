-- uuid-ossp stand-in: every generator returns a random (version 4) UUID, or an MD5-based one
-- for the name-based versions; good enough for defaults in a shadow.
CREATE OR REPLACE FUNCTION @extschema@.uuid_nil() RETURNS uuid LANGUAGE sql IMMUTABLE
    AS $$ SELECT '00000000-0000-0000-0000-000000000000'::uuid $$;
CREATE OR REPLACE FUNCTION @extschema@.uuid_ns_dns() RETURNS uuid LANGUAGE sql IMMUTABLE
    AS $$ SELECT '6ba7b810-9dad-11d1-80b4-00c04fd430c8'::uuid $$;
CREATE OR REPLACE FUNCTION @extschema@.uuid_ns_url() RETURNS uuid LANGUAGE sql IMMUTABLE
    AS $$ SELECT '6ba7b811-9dad-11d1-80b4-00c04fd430c8'::uuid $$;
CREATE OR REPLACE FUNCTION @extschema@.uuid_ns_oid() RETURNS uuid LANGUAGE sql IMMUTABLE
    AS $$ SELECT '6ba7b812-9dad-11d1-80b4-00c04fd430c8'::uuid $$;
CREATE OR REPLACE FUNCTION @extschema@.uuid_ns_x500() RETURNS uuid LANGUAGE sql IMMUTABLE
    AS $$ SELECT '6ba7b814-9dad-11d1-80b4-00c04fd430c8'::uuid $$;
CREATE OR REPLACE FUNCTION @extschema@.uuid_generate_v1() RETURNS uuid LANGUAGE sql VOLATILE
    AS $$ SELECT gen_random_uuid() $$;
CREATE OR REPLACE FUNCTION @extschema@.uuid_generate_v1mc() RETURNS uuid LANGUAGE sql VOLATILE
    AS $$ SELECT gen_random_uuid() $$;
CREATE OR REPLACE FUNCTION @extschema@.uuid_generate_v3(namespace uuid, name text) RETURNS uuid
    LANGUAGE sql IMMUTABLE AS $$ SELECT md5(namespace::text || name)::uuid $$;
CREATE OR REPLACE FUNCTION @extschema@.uuid_generate_v4() RETURNS uuid LANGUAGE sql VOLATILE
    AS $$ SELECT gen_random_uuid() $$;
CREATE OR REPLACE FUNCTION @extschema@.uuid_generate_v5(namespace uuid, name text) RETURNS uuid
    LANGUAGE sql IMMUTABLE AS $$ SELECT md5(namespace::text || name)::uuid $$;
