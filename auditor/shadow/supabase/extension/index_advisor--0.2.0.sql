-- index_advisor stand-in: the advisor's signature (it needs hypopg on the platform); it advises
-- nothing.
CREATE FUNCTION @extschema@.index_advisor(query text)
    RETURNS TABLE (startup_cost_before jsonb, startup_cost_after jsonb, total_cost_before jsonb,
                   total_cost_after jsonb, index_statements text[], errors text[])
    LANGUAGE sql VOLATILE AS $$ SELECT NULL::jsonb, NULL::jsonb, NULL::jsonb, NULL::jsonb, '{}'::text[], '{}'::text[] $$;
