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
CREATE TABLE {helper}.standin (name text PRIMARY KEY, only_schema text, script text NOT NULL);
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
        -- Our own SQL-only stand-in (no behaviour); @extschema@ is the schema asked for.
        target := coalesce(stand.only_schema, target, 'public');
        IF target NOT LIKE 'pg\_%' THEN
            EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I', target);
        END IF;
        EXECUTE replace(stand.script, '@extschema@', quote_ident(target));
        PERFORM {helper}.grant_schema(nspname) FROM pg_namespace WHERE oid <> ALL (schemas_before) OR nspname = target;
        RETURN;
    END IF;
    IF ext = ANY (standins) THEN
        EXECUTE format('CREATE EXTENSION %I', ext)
            || CASE WHEN target IS NULL THEN '' ELSE format(' SCHEMA %I', target) END
            || CASE WHEN want_version IS NULL THEN '' ELSE format(' VERSION %L', want_version) END;
        PERFORM {helper}.grant_schema(nspname) FROM pg_namespace WHERE oid <> ALL (schemas_before);
        PERFORM {helper}.grant_schema(n.nspname) FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
            WHERE e.extname = ext;
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
