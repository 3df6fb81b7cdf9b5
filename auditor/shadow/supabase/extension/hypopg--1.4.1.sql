-- hypopg stand-in: the functions and view projects call (index_advisor among them); no
-- hypothetical index is ever made.
CREATE FUNCTION @extschema@.hypopg_create_index(sql_order text, OUT indexrelid oid, OUT indexname text)
    RETURNS SETOF record LANGUAGE sql VOLATILE AS $$ SELECT NULL::oid, NULL::text WHERE false $$;
CREATE FUNCTION @extschema@.hypopg_drop_index(indexid oid) RETURNS boolean LANGUAGE sql AS $$ SELECT false $$;
CREATE FUNCTION @extschema@.hypopg_reset() RETURNS void LANGUAGE sql AS $$ $$;
CREATE FUNCTION @extschema@.hypopg_reset_index() RETURNS void LANGUAGE sql AS $$ $$;
CREATE FUNCTION @extschema@.hypopg_relation_size(indexid oid) RETURNS bigint LANGUAGE sql AS $$ SELECT 0::bigint $$;
CREATE FUNCTION @extschema@.hypopg_get_indexdef(indexid oid) RETURNS text LANGUAGE sql AS $$ SELECT NULL::text $$;
CREATE FUNCTION @extschema@.hypopg_hide_index(indexid oid) RETURNS boolean LANGUAGE sql AS $$ SELECT false $$;
CREATE FUNCTION @extschema@.hypopg_unhide_index(indexid oid) RETURNS boolean LANGUAGE sql AS $$ SELECT false $$;
CREATE FUNCTION @extschema@.hypopg_unhide_all_indexes() RETURNS void LANGUAGE sql AS $$ $$;
CREATE FUNCTION @extschema@.hypopg_hidden_indexes() RETURNS TABLE (indexid oid) LANGUAGE sql
    AS $$ SELECT NULL::oid WHERE false $$;
CREATE FUNCTION @extschema@.hypopg(OUT indexname text, OUT indexrelid oid, OUT indrelid oid,
    OUT innatts integer, OUT indisunique boolean, OUT indkey int2vector, OUT indcollation oidvector,
    OUT indclass oidvector, OUT indoption oidvector, OUT indexprs pg_node_tree, OUT indpred pg_node_tree,
    OUT amid oid) RETURNS SETOF record LANGUAGE sql
    AS $$ SELECT NULL::text, NULL::oid, NULL::oid, NULL::integer, NULL::boolean, NULL::int2vector,
       NULL::oidvector, NULL::oidvector, NULL::oidvector, NULL::pg_node_tree, NULL::pg_node_tree, NULL::oid
       WHERE false $$;
CREATE VIEW @extschema@.hypopg_list_indexes AS
    SELECT h.indexrelid, h.indexname AS index_name, n.nspname AS schema_name,
           coalesce(c.relname, '<dropped>') AS table_name, am.amname AS am_name
    FROM @extschema@.hypopg() h
    LEFT JOIN pg_catalog.pg_class c ON c.oid = h.indrelid
    LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_catalog.pg_am am ON am.oid = h.amid;
CREATE VIEW @extschema@.hypopg_hidden_indexes AS
    SELECT h.indexid AS indexrelid, i.relname AS index_name, n.nspname AS schema_name,
           t.relname AS table_name, m.amname AS am_name, false AS is_hypo
    FROM @extschema@.hypopg_hidden_indexes() h
    JOIN pg_catalog.pg_index x ON x.indexrelid = h.indexid
    JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
    JOIN pg_catalog.pg_namespace n ON n.oid = i.relnamespace
    JOIN pg_catalog.pg_class t ON t.oid = x.indrelid
    JOIN pg_catalog.pg_am m ON m.oid = i.relam;
