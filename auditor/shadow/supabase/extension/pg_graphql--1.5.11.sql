-- pg_graphql stand-in: the resolver's signature.
CREATE OR REPLACE FUNCTION graphql.resolve(query text, variables jsonb DEFAULT '{}',
    "operationName" text DEFAULT NULL, extensions jsonb DEFAULT NULL) RETURNS jsonb
    LANGUAGE sql AS $$ SELECT '{"data": null}'::jsonb $$;
