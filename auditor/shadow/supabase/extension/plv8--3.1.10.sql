-- plv8 stand-in: the language exists, so functions written in it can be created (their bodies are
-- stored, not checked: there is no validator). Calling one fails: the handler is PL/pgSQL's,
-- which cannot run JavaScript; migrations create such functions, they rarely call them.
CREATE OR REPLACE FUNCTION pg_catalog.plv8_call_handler() RETURNS language_handler
    LANGUAGE c AS '$libdir/plpgsql', 'plpgsql_call_handler';
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_language WHERE lanname = 'plv8') THEN
        CREATE TRUSTED LANGUAGE plv8 HANDLER pg_catalog.plv8_call_handler;
    END IF;
END $$;
