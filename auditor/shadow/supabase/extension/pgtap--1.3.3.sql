-- pgtap stand-in: the core of the TAP functions (plan, ok, is, the has_* checks, finish). Tests
-- are not run by a replay; migrations that create the extension, or define helpers over these
-- functions, replay.
CREATE FUNCTION @extschema@.plan(integer) RETURNS text LANGUAGE sql AS $$ SELECT '1..' || $1 $$;
CREATE FUNCTION @extschema@.no_plan() RETURNS SETOF boolean LANGUAGE sql AS $$ SELECT true WHERE false $$;
CREATE FUNCTION @extschema@.finish(exception_on_failure boolean DEFAULT NULL) RETURNS SETOF text
    LANGUAGE sql AS $$ SELECT NULL::text WHERE false $$;
CREATE FUNCTION @extschema@.ok(boolean, text DEFAULT '') RETURNS text LANGUAGE sql AS $$ SELECT 'ok' $$;
CREATE FUNCTION @extschema@.pass(text DEFAULT '') RETURNS text LANGUAGE sql AS $$ SELECT 'ok' $$;
CREATE FUNCTION @extschema@.fail(text DEFAULT '') RETURNS text LANGUAGE sql AS $$ SELECT 'not ok' $$;
CREATE FUNCTION @extschema@.is(anyelement, anyelement, text DEFAULT '') RETURNS text LANGUAGE sql AS $$ SELECT 'ok' $$;
CREATE FUNCTION @extschema@.isnt(anyelement, anyelement, text DEFAULT '') RETURNS text LANGUAGE sql AS $$ SELECT 'ok' $$;
CREATE FUNCTION @extschema@.has_table(name, name, text DEFAULT '') RETURNS text LANGUAGE sql AS $$ SELECT 'ok' $$;
CREATE FUNCTION @extschema@.has_column(name, name, name, text DEFAULT '') RETURNS text LANGUAGE sql AS $$ SELECT 'ok' $$;
CREATE FUNCTION @extschema@.has_function(name, name, text DEFAULT '') RETURNS text LANGUAGE sql AS $$ SELECT 'ok' $$;
CREATE FUNCTION @extschema@.policies_are(name, name, name[], text DEFAULT '') RETURNS text LANGUAGE sql AS $$ SELECT 'ok' $$;
CREATE FUNCTION @extschema@.throws_ok(text, text DEFAULT NULL, text DEFAULT NULL, text DEFAULT '') RETURNS text
    LANGUAGE sql AS $$ SELECT 'ok' $$;
CREATE FUNCTION @extschema@.lives_ok(text, text DEFAULT '') RETURNS text LANGUAGE sql AS $$ SELECT 'ok' $$;
CREATE FUNCTION @extschema@.results_eq(text, text, text DEFAULT '') RETURNS text LANGUAGE sql AS $$ SELECT 'ok' $$;
