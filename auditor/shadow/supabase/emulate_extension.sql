-- A stand-in installed as an extension where the server cannot load its control file (PostgreSQL
-- before 18 has no extension_control_path; a server we did not start has no directory of ours):
-- the script runs, then a pg_extension row and the 'e' dependencies of every object it created are
-- recorded as CREATE EXTENSION records them. The result behaves as the real extension does: it is
-- listed in pg_extension, CREATE EXTENSION IF NOT EXISTS skips it, DROP EXTENSION drops its
-- objects (and not a schema that existed before), and its objects are extension members, which
-- catalogs leave out. Runs as a superuser (pg_nextoid, allow_system_table_mods), in a throwaway
-- shadow or test database only. {schema} is where the function is created (the replay helper's
-- schema, or pg_temp).
CREATE FUNCTION {schema}.emulate_extension(ext text, target text, version text, script text, owner oid)
RETURNS void LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    -- Every object the script creates gets an oid above this one (a fresh oid, used for the
    -- extension's own row).
    since oid := pg_nextoid('pg_extension', 'oid', 'pg_extension_oid_index');
    ns oid;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = ext) THEN
        RAISE EXCEPTION 'extension "%" already exists', ext USING ERRCODE = 'duplicate_object';
    END IF;
    IF target NOT LIKE 'pg\_%' THEN
        EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I', target);
    END IF;
    -- Under this function's search_path (pg_catalog, pg_temp): a script names its own objects
    -- with @extschema@, and what the replay role put in the target schema (an operator, a
    -- function) can never stand for a built-in one in what runs here as a superuser.
    EXECUTE replace(script, '@extschema@', quote_ident(target));
    SELECT oid INTO STRICT ns FROM pg_namespace WHERE nspname = target;
    PERFORM set_config('allow_system_table_mods', 'on', true);
    INSERT INTO pg_extension (oid, extname, extowner, extnamespace, extrelocatable, extversion, extconfig, extcondition)
        VALUES (since, ext, owner, ns, false, version, NULL, NULL);
    -- Top-level objects only: what hangs on another object (a serial's sequence, an index, an
    -- array or row type) goes with it, as for a real extension.
    INSERT INTO pg_depend (classid, objid, objsubid, refclassid, refobjid, refobjsubid, deptype)
    SELECT o.classid, o.objid, 0, 'pg_extension'::regclass, since, 0, 'e'
    FROM (
        SELECT 'pg_class'::regclass AS classid, oid AS objid FROM pg_class
            WHERE oid > since AND relkind IN ('r', 'p', 'v', 'm', 'f', 'S', 'c')
        UNION ALL SELECT 'pg_proc'::regclass, oid FROM pg_proc WHERE oid > since
        UNION ALL SELECT 'pg_type'::regclass, oid FROM pg_type WHERE oid > since AND typrelid = 0
        UNION ALL SELECT 'pg_operator'::regclass, oid FROM pg_operator WHERE oid > since
        UNION ALL SELECT 'pg_opfamily'::regclass, oid FROM pg_opfamily WHERE oid > since
        UNION ALL SELECT 'pg_opclass'::regclass, oid FROM pg_opclass WHERE oid > since
        UNION ALL SELECT 'pg_am'::regclass, oid FROM pg_am WHERE oid > since
        UNION ALL SELECT 'pg_cast'::regclass, oid FROM pg_cast WHERE oid > since
        UNION ALL SELECT 'pg_foreign_data_wrapper'::regclass, oid FROM pg_foreign_data_wrapper WHERE oid > since
        UNION ALL SELECT 'pg_event_trigger'::regclass, oid FROM pg_event_trigger WHERE oid > since
    ) o
    WHERE NOT EXISTS (
        SELECT 1 FROM pg_depend d
        WHERE d.classid = o.classid AND d.objid = o.objid AND d.objsubid = 0 AND d.deptype IN ('a', 'i', 'e')
    );
    PERFORM set_config('allow_system_table_mods', 'off', true);
END
$fn$;
REVOKE ALL ON FUNCTION {schema}.emulate_extension(text, text, text, text, oid) FROM PUBLIC;
