-- wrappers stand-in: its statistics table and the options validators. The FDW handlers
-- (stripe_fdw_handler() RETURNS fdw_handler...) are C functions a SQL script cannot create, so a
-- migration's CREATE FOREIGN DATA WRAPPER ... HANDLER x_fdw_handler fails with the function named.
CREATE TABLE @extschema@.wrappers_fdw_stats (
    fdw_name text NOT NULL PRIMARY KEY, create_times bigint, rows_in bigint, rows_out bigint,
    bytes_in bigint, bytes_out bigint, metadata jsonb,
    created_at timestamptz NOT NULL DEFAULT timezone('utc'::text, now()),
    updated_at timestamptz NOT NULL DEFAULT timezone('utc'::text, now())
);
CREATE FUNCTION @extschema@.airtable_fdw_validator(options text[], catalog oid) RETURNS void LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FUNCTION @extschema@.auth0_fdw_validator(options text[], catalog oid) RETURNS void LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FUNCTION @extschema@.big_query_fdw_validator(options text[], catalog oid) RETURNS void LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FUNCTION @extschema@.click_house_fdw_validator(options text[], catalog oid) RETURNS void LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FUNCTION @extschema@.cognito_fdw_validator(options text[], catalog oid) RETURNS void LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FUNCTION @extschema@.firebase_fdw_validator(options text[], catalog oid) RETURNS void LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FUNCTION @extschema@.hello_world_fdw_validator(options text[], catalog oid) RETURNS void LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FUNCTION @extschema@.logflare_fdw_validator(options text[], catalog oid) RETURNS void LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FUNCTION @extschema@.mssql_fdw_validator(options text[], catalog oid) RETURNS void LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FUNCTION @extschema@.redis_fdw_validator(options text[], catalog oid) RETURNS void LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FUNCTION @extschema@.s3_fdw_validator(options text[], catalog oid) RETURNS void LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FUNCTION @extschema@.stripe_fdw_validator(options text[], catalog oid) RETURNS void LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FUNCTION @extschema@.wasm_fdw_validator(options text[], catalog oid) RETURNS void LANGUAGE plpgsql AS $$ BEGIN END $$;
