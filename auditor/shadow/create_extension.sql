-- CREATE EXTENSION on the restricted replay role's behalf, for the extensions it may have.
-- Created by the bootstrap superuser before replay and dropped after it; replay rewrites
-- `CREATE EXTENSION x ...` into a call of {helper}.create_extension when x is allowed but not
-- trusted (or is a stand-in). The role chooses only the name (checked against the fixed list
-- baked in below), the schema, the version and CASCADE, never the SQL that runs.
--
-- Guards against the known ways an extension script run as a superuser is hijacked by objects of
-- a less privileged role: the function's own search_path is pg_catalog; a session holding
-- temporary relations is refused (pg_temp is searched first for relations); a relocatable
-- extension is created in a fresh empty schema and then moved; a non-relocatable one only into a
-- schema where no function, operator or type belongs to anyone but a superuser.
CREATE SCHEMA {helper};
-- Stand-ins the server cannot load as extensions (no control file it can read): installed by
-- {helper}.emulate_extension (emulate_extension.sql, prepended to this file) as extensions.
CREATE TABLE {helper}.standin (
    name text PRIMARY KEY, control_schema text, version text NOT NULL, script text NOT NULL
);
REVOKE ALL ON SCHEMA {helper} FROM PUBLIC;
REVOKE ALL ON TABLE {helper}.standin FROM PUBLIC;

-- What Supabase's postgres role has on an extension's own schema (cron, net, pgmq...): use it and
-- its objects, grant onwards. Only schemas a superuser owns, never public: the project's schemas'
-- privileges stay as the migrations set them.
CREATE FUNCTION {helper}.grant_schema(target text) RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF target IN ('public', 'pg_catalog') OR NOT EXISTS (
        SELECT 1 FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner WHERE n.nspname = target AND r.rolsuper
    ) THEN
        RETURN;
    END IF;
    EXECUTE format('GRANT ALL ON SCHEMA %I TO {role} WITH GRANT OPTION', target);
    EXECUTE format('GRANT ALL ON ALL TABLES IN SCHEMA %I TO {role} WITH GRANT OPTION', target);
    EXECUTE format('GRANT ALL ON ALL SEQUENCES IN SCHEMA %I TO {role} WITH GRANT OPTION', target);
    EXECUTE format('GRANT ALL ON ALL FUNCTIONS IN SCHEMA %I TO {role} WITH GRANT OPTION', target);
END
$fn$;
REVOKE ALL ON FUNCTION {helper}.grant_schema(text) FROM PUBLIC;

-- And on the extension's own tables, sequences and functions wherever they are (pgmq.meta in a
-- pgmq schema the migration made): Supabase's postgres role may grant them onwards.
CREATE FUNCTION {helper}.grant_members(ext text) RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    m record;
BEGIN
    FOR m IN
        SELECT CASE WHEN c.relkind = 'S' THEN 'SEQUENCE' ELSE 'TABLE' END AS kind, c.oid::regclass::text AS name
        FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid JOIN pg_class c ON c.oid = d.objid
        WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_extension'::regclass
          AND d.deptype = 'e' AND e.extname = ext AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
        UNION ALL
        SELECT 'FUNCTION', p.oid::regprocedure::text
        FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid JOIN pg_proc p ON p.oid = d.objid
        WHERE d.classid = 'pg_proc'::regclass AND d.refclassid = 'pg_extension'::regclass
          AND d.deptype = 'e' AND e.extname = ext AND p.prokind IN ('f', 'p')
    LOOP
        EXECUTE format('GRANT ALL ON %s %s TO {role} WITH GRANT OPTION', m.kind, m.name);
    END LOOP;
END
$fn$;
REVOKE ALL ON FUNCTION {helper}.grant_members(text) FROM PUBLIC;

-- The replay role owns what it created through the helper, so that its DROP EXTENSION works as
-- Supabase's postgres role's does.
CREATE FUNCTION {helper}.own_extension(ext text) RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    PERFORM set_config('allow_system_table_mods', 'on', true);
    UPDATE pg_extension SET extowner = {role_literal}::regrole WHERE extname = ext;
    PERFORM set_config('allow_system_table_mods', 'off', true);
END
$fn$;
REVOKE ALL ON FUNCTION {helper}.own_extension(text) FROM PUBLIC;

CREATE FUNCTION {helper}.create_extension(
    ext text, target text, fallback text, want_version text, want_cascade boolean, if_not_exists boolean
) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    allowed constant text[] := {allowed};
    standins constant text[] := {standins};  -- ours, SQL only, found through extension_control_path
    schemas_before oid[] := ARRAY(SELECT oid FROM pg_namespace);
    stand record;
    reloc boolean;
    fresh text;
    ns oid;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = ext) THEN
        IF if_not_exists THEN
            RAISE NOTICE 'extension "%" already exists, skipping', ext;
            RETURN;
        END IF;
        RAISE EXCEPTION 'extension "%" already exists', ext USING ERRCODE = 'duplicate_object';
    END IF;
    SELECT * INTO stand FROM {helper}.standin s WHERE s.name = ext;
    IF FOUND THEN
        -- Our own SQL-only stand-in, as CREATE EXTENSION places it: the control file's schema
        -- (WITH SCHEMA naming another is refused, as the server refuses it), else the one asked
        -- for, else the current schema.
        IF stand.control_schema IS NOT NULL AND target IS NOT NULL AND target <> stand.control_schema THEN
            RAISE EXCEPTION 'extension "%" must be installed in schema "%"', ext, stand.control_schema
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        target := coalesce(stand.control_schema, target, fallback, 'public');
        PERFORM {helper}.emulate_extension(ext, target, stand.version, stand.script, {role_literal}::regrole::oid);
        PERFORM {helper}.grant_schema(nspname) FROM pg_namespace WHERE oid <> ALL (schemas_before) OR nspname = target;
        PERFORM {helper}.grant_members(ext);
        PERFORM {helper}.own_extension(ext);
        RETURN;
    END IF;
    IF ext = ANY (standins) THEN
        -- No WITH SCHEMA: the control file's schema (CREATE EXTENSION makes it when missing),
        -- else the caller's current schema (this function's search_path is pg_catalog's).
        IF target IS NULL AND NOT EXISTS (SELECT 1 FROM pg_available_extension_versions v
                                          WHERE v.name = ext AND v.schema IS NOT NULL) THEN
            target := fallback;
        END IF;
        EXECUTE format('CREATE EXTENSION %I', ext)
            || CASE WHEN target IS NULL THEN '' ELSE format(' SCHEMA %I', target) END
            || CASE WHEN want_version IS NULL THEN '' ELSE format(' VERSION %L', want_version) END;
        PERFORM {helper}.grant_schema(nspname) FROM pg_namespace WHERE oid <> ALL (schemas_before);
        PERFORM {helper}.grant_schema(n.nspname) FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
            WHERE e.extname = ext;
        PERFORM {helper}.grant_members(ext);
        PERFORM {helper}.own_extension(ext);
        RETURN;
    END IF;
    target := coalesce(target, fallback);
    IF NOT ext = ANY (allowed) THEN
        RAISE EXCEPTION 'extension "%" is not on the shadow''s allow-list', ext
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_class WHERE relnamespace = pg_my_temp_schema()) THEN
        RAISE EXCEPTION 'extension "%" is created by schema-auditor as a superuser, which it does not do in a session holding temporary tables', ext
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'create the extension before the temporary tables, or drop them first';
    END IF;
    SELECT bool_or(v.relocatable) INTO reloc FROM pg_available_extension_versions v
        WHERE v.name = ext AND (want_version IS NULL OR v.version = want_version);
    IF reloc AND NOT want_cascade THEN
        fresh := 'schema_auditor_ext_' || pg_backend_pid() || '_' || (random() * 1e9)::bigint;
        EXECUTE format('CREATE SCHEMA %I', fresh);
        EXECUTE format('CREATE EXTENSION %I SCHEMA %I', ext, fresh)
            || CASE WHEN want_version IS NULL THEN '' ELSE format(' VERSION %L', want_version) END;
        EXECUTE format('ALTER EXTENSION %I SET SCHEMA %I', ext, target);
        EXECUTE format('DROP SCHEMA %I', fresh);
    ELSE
        SELECT oid INTO ns FROM pg_namespace WHERE nspname = target;
        IF ns IS NOT NULL AND (
            EXISTS (SELECT 1 FROM pg_proc p JOIN pg_roles r ON r.oid = p.proowner
                    WHERE p.pronamespace = ns AND NOT r.rolsuper)
            OR EXISTS (SELECT 1 FROM pg_operator o JOIN pg_roles r ON r.oid = o.oprowner
                       WHERE o.oprnamespace = ns AND NOT r.rolsuper)
            OR EXISTS (SELECT 1 FROM pg_type t JOIN pg_roles r ON r.oid = t.typowner
                       WHERE t.typnamespace = ns AND NOT r.rolsuper AND t.typrelid = 0)
        ) THEN
            RAISE EXCEPTION 'extension "%" cannot be created as a superuser into schema "%", which holds functions, operators or types of other roles', ext, target
                USING ERRCODE = 'insufficient_privilege',
                      HINT = 'create it into its own schema (WITH SCHEMA extensions), or before those objects';
        END IF;
        EXECUTE format('CREATE EXTENSION %I SCHEMA %I', ext, target)
            || CASE WHEN want_version IS NULL THEN '' ELSE format(' VERSION %L', want_version) END
            || CASE WHEN want_cascade THEN ' CASCADE' ELSE '' END;
    END IF;
    PERFORM {helper}.grant_schema(nspname) FROM pg_namespace WHERE oid <> ALL (schemas_before);
    PERFORM {helper}.grant_schema(n.nspname) FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname = ext;
    PERFORM {helper}.grant_members(ext);
    PERFORM {helper}.own_extension(ext);
END
$fn$;
REVOKE ALL ON FUNCTION {helper}.create_extension(text, text, text, text, boolean, boolean) FROM PUBLIC;
GRANT USAGE ON SCHEMA {helper} TO {role};
GRANT EXECUTE ON FUNCTION {helper}.create_extension(text, text, text, text, boolean, boolean) TO {role};

-- ALTER DATABASE <this database> SET "app.x" = '...' for a custom (dotted) setting: PostgreSQL
-- before 16 lets only a superuser set a placeholder that way, Supabase's postgres role may.
CREATE FUNCTION {helper}.set_database(setting text, value text) RETURNS void LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF setting !~ '^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)+$' THEN
        RAISE EXCEPTION 'only custom settings (prefix.name) are set this way, not "%"', setting
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- A setting a loaded module defines (plpgsql.*, pg_stat_statements.*) is the server's to allow.
    IF EXISTS (SELECT 1 FROM pg_settings s WHERE s.name = lower(set_database.setting)) THEN
        RAISE EXCEPTION 'only custom settings no module defines are set this way, not "%"', setting
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    EXECUTE format('ALTER DATABASE %I SET %s = %L', current_database(), setting, value);
END
$fn$;
REVOKE ALL ON FUNCTION {helper}.set_database(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION {helper}.set_database(text, text) TO {role};

-- ALTER ROLE <an API role> SET "pgrst.x" = '...': what PostgREST reads from its roles
-- (db_pre_request, db_aggregates_enabled...). Supabase's postgres role may; the replay role, no
-- superuser, may not. Roles are the server's, shared by every database of a dsn shadow: the
-- setting is made for this database only (ALTER ROLE ... IN DATABASE), dropped with it.
CREATE FUNCTION {helper}.set_role(target text, setting text, value text) RETURNS void LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF target NOT IN ('authenticator', 'anon', 'authenticated', 'service_role') THEN
        RAISE EXCEPTION 'only the API roles'' settings are set this way, not role "%"', target
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF setting !~ '^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)+$'
       OR EXISTS (SELECT 1 FROM pg_settings s WHERE s.name = lower(set_role.setting)) THEN
        RAISE EXCEPTION 'only custom settings (prefix.name) no module defines are set this way, not "%"', setting
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    EXECUTE format('ALTER ROLE %I IN DATABASE %I SET %s = %L', target, current_database(), setting, value);
END
$fn$;
REVOKE ALL ON FUNCTION {helper}.set_role(text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION {helper}.set_role(text, text, text) TO {role};

-- CREATE INDEX ... USING hnsw/ivfflat ... WITH (m = 16, ...) where vector is our stand-in: its
-- access methods are btree under another name (vector--*.sql), which refuses those options. The
-- index is made without them (as the replay role, the statement otherwise as written), then its
-- reloptions are recorded as pgvector records them, so the catalog reads what a server with
-- pgvector holds (a btree ignores options it does not know when it reads them back).
CREATE FUNCTION {helper}.set_vector_index_options(idx oid, options text[]) RETURNS void LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_class i JOIN pg_am am ON am.oid = i.relam JOIN pg_index x ON x.indexrelid = i.oid
            JOIN pg_class t ON t.oid = x.indrelid
        WHERE i.oid = idx AND am.amname IN ('hnsw', 'ivfflat') AND t.relowner = session_user::regrole
    ) THEN
        RAISE EXCEPTION 'not an hnsw or ivfflat index on a table of %', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM set_config('allow_system_table_mods', 'on', true);
    UPDATE pg_class SET reloptions = options WHERE oid = idx;
    PERFORM set_config('allow_system_table_mods', 'off', true);
END
$fn$;
REVOKE ALL ON FUNCTION {helper}.set_vector_index_options(oid, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION {helper}.set_vector_index_options(oid, text[]) TO {role};
CREATE FUNCTION {helper}.create_vector_index(stmt text, tbl text, options text[]) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
    before oid[] := ARRAY(SELECT indexrelid FROM pg_catalog.pg_index WHERE indrelid = tbl::regclass);
    idx oid;
BEGIN
    EXECUTE stmt;
    SELECT indexrelid INTO idx FROM pg_catalog.pg_index
        WHERE indrelid = tbl::regclass AND indexrelid <> ALL (before);
    IF idx IS NOT NULL THEN  -- not skipped by IF NOT EXISTS
        PERFORM {helper}.set_vector_index_options(idx, options);
    END IF;
END
$fn$;
REVOKE ALL ON FUNCTION {helper}.create_vector_index(text, text, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION {helper}.create_vector_index(text, text, text[]) TO {role};

-- CREATE FOREIGN DATA WRAPPER x HANDLER y_fdw_handler VALIDATOR y_fdw_validator, as a project
-- writes it for Supabase's wrappers: only a superuser may create a foreign-data wrapper (Supabase's
-- postgres role may), and the wrappers stand-in has no handler (a C function). The wrapper is made
-- without a handler, with its validator when a superuser owns it (it runs on CREATE SERVER's
-- options), and the replay role may use it: CREATE SERVER and CREATE FOREIGN TABLE replay; a
-- query or IMPORT FOREIGN SCHEMA would need the handler.
CREATE FUNCTION {helper}.create_fdw(fdw text, validator oid, if_not_exists boolean) RETURNS void LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_foreign_data_wrapper WHERE fdwname = fdw) AND if_not_exists THEN
        RETURN;
    END IF;
    IF validator IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM pg_proc p JOIN pg_roles r ON r.oid = p.proowner WHERE p.oid = validator AND r.rolsuper
    ) THEN
        RAISE EXCEPTION 'foreign-data wrapper "%": its validator is made by schema-auditor as a superuser only from a superuser''s function', fdw
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    EXECUTE format('CREATE FOREIGN DATA WRAPPER %I', fdw)
        || CASE WHEN validator IS NULL THEN '' ELSE ' VALIDATOR ' || validator::regproc::text END;
    EXECUTE format('GRANT USAGE ON FOREIGN DATA WRAPPER %I TO {role} WITH GRANT OPTION', fdw);
END
$fn$;
REVOKE ALL ON FUNCTION {helper}.create_fdw(text, oid, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION {helper}.create_fdw(text, oid, boolean) TO {role};
