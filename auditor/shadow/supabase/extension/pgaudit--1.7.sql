-- pgaudit stand-in: the event trigger functions the real one installs (it audits through its
-- settings, pgaudit.log..., which a shadow has no use for); no event trigger is made.
CREATE FUNCTION @extschema@.pgaudit_ddl_command_end() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FUNCTION @extschema@.pgaudit_sql_drop() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
