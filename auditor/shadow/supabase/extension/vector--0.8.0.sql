-- vector stand-in, for servers without pgvector (the PostgreSQL 15 service has none): the type
-- (text in and out, so '[1,2,3]' reads and prints as written; vector(n) keeps n), the distance
-- functions and operators, and the ivfflat and hnsw access methods with their operator classes.
-- No search or distance is computed. The access methods cannot be written in SQL: here they are
-- hash under another name (hash builds an index without sorting, which btree code refuses to do
-- for another access method), so CREATE INDEX ... USING hnsw (embedding vector_cosine_ops) makes
-- an index that pg_get_indexdef prints as pgvector's. hash refuses hnsw's and ivfflat's options
-- (m, ef_construction, lists): replay makes the index without them and records them in its
-- reloptions, as pgvector records them (see docs/platform.md). Created by a superuser (its in/out
-- and handler functions are built-in ones).
CREATE TYPE @extschema@.vector;
CREATE FUNCTION @extschema@.vector_in(cstring, oid, integer) RETURNS @extschema@.vector
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'textin';
CREATE FUNCTION @extschema@.vector_out(@extschema@.vector) RETURNS cstring
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'textout';
CREATE FUNCTION @extschema@.vector_typmod_in(cstring[]) RETURNS integer
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'varchartypmodin';
CREATE FUNCTION @extschema@.vector_typmod_out(integer) RETURNS cstring
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'varchartypmodout';
CREATE TYPE @extschema@.vector (
    INPUT = @extschema@.vector_in, OUTPUT = @extschema@.vector_out,
    TYPMOD_IN = @extschema@.vector_typmod_in, TYPMOD_OUT = @extschema@.vector_typmod_out,
    INTERNALLENGTH = VARIABLE, STORAGE = external, ALIGNMENT = double
);
CREATE FUNCTION @extschema@.l2_distance(a @extschema@.vector, b @extschema@.vector) RETURNS double precision
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT 0::double precision $$;
CREATE FUNCTION @extschema@.inner_product(a @extschema@.vector, b @extschema@.vector) RETURNS double precision
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT 0::double precision $$;
CREATE FUNCTION @extschema@.cosine_distance(a @extschema@.vector, b @extschema@.vector) RETURNS double precision
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT 0::double precision $$;
CREATE FUNCTION @extschema@.l1_distance(a @extschema@.vector, b @extschema@.vector) RETURNS double precision
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT 0::double precision $$;
CREATE FUNCTION @extschema@.vector_negative_inner_product(a @extschema@.vector, b @extschema@.vector) RETURNS double precision
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT 0::double precision $$;
CREATE FUNCTION @extschema@.vector_spherical_distance(a @extschema@.vector, b @extschema@.vector) RETURNS double precision
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT 0::double precision $$;
CREATE FUNCTION @extschema@.vector_l2_squared_distance(a @extschema@.vector, b @extschema@.vector) RETURNS double precision
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT 0::double precision $$;
CREATE FUNCTION @extschema@.vector_dims(a @extschema@.vector) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT 0 $$;
CREATE FUNCTION @extschema@.vector_norm(a @extschema@.vector) RETURNS double precision
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT 0::double precision $$;
CREATE FUNCTION @extschema@.l2_norm(a @extschema@.vector) RETURNS double precision
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT 0::double precision $$;
CREATE FUNCTION @extschema@.l2_normalize(a @extschema@.vector) RETURNS @extschema@.vector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT a $$;
CREATE FUNCTION @extschema@.subvector(a @extschema@.vector, start integer, count integer) RETURNS @extschema@.vector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT a $$;
CREATE FUNCTION @extschema@.vector_add(a @extschema@.vector, b @extschema@.vector) RETURNS @extschema@.vector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT a $$;
CREATE FUNCTION @extschema@.vector_sub(a @extschema@.vector, b @extschema@.vector) RETURNS @extschema@.vector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT a $$;
CREATE FUNCTION @extschema@.vector_mul(a @extschema@.vector, b @extschema@.vector) RETURNS @extschema@.vector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT a $$;
CREATE FUNCTION @extschema@.vector_concat(a @extschema@.vector, b @extschema@.vector) RETURNS @extschema@.vector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT a $$;
CREATE FUNCTION @extschema@.vector_lt(a @extschema@.vector, b @extschema@.vector) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT a::text < b::text $$;
CREATE FUNCTION @extschema@.vector_le(a @extschema@.vector, b @extschema@.vector) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT a::text <= b::text $$;
CREATE FUNCTION @extschema@.vector_eq(a @extschema@.vector, b @extschema@.vector) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT a::text = b::text $$;
CREATE FUNCTION @extschema@.vector_ne(a @extschema@.vector, b @extschema@.vector) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT a::text <> b::text $$;
CREATE FUNCTION @extschema@.vector_ge(a @extschema@.vector, b @extschema@.vector) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT a::text >= b::text $$;
CREATE FUNCTION @extschema@.vector_gt(a @extschema@.vector, b @extschema@.vector) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT a::text > b::text $$;
CREATE FUNCTION @extschema@.vector_cmp(a @extschema@.vector, b @extschema@.vector) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT CASE WHEN a::text < b::text THEN -1 WHEN a::text > b::text THEN 1 ELSE 0 END $$;
CREATE FUNCTION @extschema@.vector_hash(a @extschema@.vector) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT pg_catalog.hashtext(a::text) $$;
CREATE FUNCTION @extschema@.array_to_vector(a real[], typmod integer, explicit boolean) RETURNS @extschema@.vector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT ('[' || array_to_string(a, ',') || ']')::@extschema@.vector $$;
CREATE FUNCTION @extschema@.array_to_vector(a double precision[], typmod integer, explicit boolean) RETURNS @extschema@.vector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT ('[' || array_to_string(a, ',') || ']')::@extschema@.vector $$;
CREATE FUNCTION @extschema@.array_to_vector(a integer[], typmod integer, explicit boolean) RETURNS @extschema@.vector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT ('[' || array_to_string(a, ',') || ']')::@extschema@.vector $$;
CREATE FUNCTION @extschema@.array_to_vector(a numeric[], typmod integer, explicit boolean) RETURNS @extschema@.vector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT ('[' || array_to_string(a, ',') || ']')::@extschema@.vector $$;
CREATE FUNCTION @extschema@.vector_to_float4(a @extschema@.vector, typmod integer, explicit boolean) RETURNS real[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT ('{' || btrim(a::text, '[]') || '}')::real[] $$;
CREATE FUNCTION @extschema@.vector(a @extschema@.vector, typmod integer, explicit boolean) RETURNS @extschema@.vector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT a $$;
CREATE CAST (@extschema@.vector AS @extschema@.vector) WITH FUNCTION @extschema@.vector(@extschema@.vector, integer, boolean) AS IMPLICIT;
CREATE CAST (@extschema@.vector AS real[]) WITH FUNCTION @extschema@.vector_to_float4(@extschema@.vector, integer, boolean) AS IMPLICIT;
CREATE CAST (real[] AS @extschema@.vector) WITH FUNCTION @extschema@.array_to_vector(real[], integer, boolean) AS ASSIGNMENT;
CREATE CAST (double precision[] AS @extschema@.vector) WITH FUNCTION @extschema@.array_to_vector(double precision[], integer, boolean) AS ASSIGNMENT;
CREATE CAST (integer[] AS @extschema@.vector) WITH FUNCTION @extschema@.array_to_vector(integer[], integer, boolean) AS ASSIGNMENT;
CREATE CAST (numeric[] AS @extschema@.vector) WITH FUNCTION @extschema@.array_to_vector(numeric[], integer, boolean) AS ASSIGNMENT;
CREATE OPERATOR @extschema@.<-> (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector, FUNCTION = @extschema@.l2_distance, COMMUTATOR = OPERATOR(@extschema@.<->));
CREATE OPERATOR @extschema@.<#> (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector, FUNCTION = @extschema@.vector_negative_inner_product, COMMUTATOR = OPERATOR(@extschema@.<#>));
CREATE OPERATOR @extschema@.<=> (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector, FUNCTION = @extschema@.cosine_distance, COMMUTATOR = OPERATOR(@extschema@.<=>));
CREATE OPERATOR @extschema@.<+> (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector, FUNCTION = @extschema@.l1_distance, COMMUTATOR = OPERATOR(@extschema@.<+>));
CREATE OPERATOR @extschema@.+ (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector, FUNCTION = @extschema@.vector_add, COMMUTATOR = OPERATOR(@extschema@.+));
CREATE OPERATOR @extschema@.- (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector, FUNCTION = @extschema@.vector_sub);
CREATE OPERATOR @extschema@.* (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector, FUNCTION = @extschema@.vector_mul, COMMUTATOR = OPERATOR(@extschema@.*));
CREATE OPERATOR @extschema@.|| (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector, FUNCTION = @extschema@.vector_concat);
CREATE OPERATOR @extschema@.< (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector, FUNCTION = @extschema@.vector_lt, COMMUTATOR = OPERATOR(@extschema@.>), NEGATOR = OPERATOR(@extschema@.>=));
CREATE OPERATOR @extschema@.<= (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector, FUNCTION = @extschema@.vector_le, COMMUTATOR = OPERATOR(@extschema@.>=), NEGATOR = OPERATOR(@extschema@.>));
CREATE OPERATOR @extschema@.= (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector, FUNCTION = @extschema@.vector_eq, COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>));
CREATE OPERATOR @extschema@.<> (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector, FUNCTION = @extschema@.vector_ne, COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=));
CREATE OPERATOR @extschema@.>= (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector, FUNCTION = @extschema@.vector_ge, COMMUTATOR = OPERATOR(@extschema@.<=), NEGATOR = OPERATOR(@extschema@.<));
CREATE OPERATOR @extschema@.> (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector, FUNCTION = @extschema@.vector_gt, COMMUTATOR = OPERATOR(@extschema@.<), NEGATOR = OPERATOR(@extschema@.<=));
CREATE FUNCTION @extschema@.ivfflathandler(internal) RETURNS index_am_handler
    LANGUAGE internal AS 'hashhandler';
CREATE FUNCTION @extschema@.hnswhandler(internal) RETURNS index_am_handler
    LANGUAGE internal AS 'hashhandler';
CREATE ACCESS METHOD ivfflat TYPE INDEX HANDLER @extschema@.ivfflathandler;
CREATE ACCESS METHOD hnsw TYPE INDEX HANDLER @extschema@.hnswhandler;
CREATE OPERATOR CLASS @extschema@.vector_ops DEFAULT FOR TYPE @extschema@.vector USING btree AS
    OPERATOR 1 @extschema@.<, OPERATOR 2 @extschema@.<=, OPERATOR 3 @extschema@.=, OPERATOR 4 @extschema@.>=, OPERATOR 5 @extschema@.>, FUNCTION 1 @extschema@.vector_cmp(@extschema@.vector, @extschema@.vector);
CREATE OPERATOR CLASS @extschema@.vector_l2_ops DEFAULT FOR TYPE @extschema@.vector USING ivfflat AS
    OPERATOR 1 @extschema@.=, FUNCTION 1 @extschema@.vector_hash(@extschema@.vector);
CREATE OPERATOR CLASS @extschema@.vector_ip_ops FOR TYPE @extschema@.vector USING ivfflat AS
    OPERATOR 1 @extschema@.=, FUNCTION 1 @extschema@.vector_hash(@extschema@.vector);
CREATE OPERATOR CLASS @extschema@.vector_cosine_ops FOR TYPE @extschema@.vector USING ivfflat AS
    OPERATOR 1 @extschema@.=, FUNCTION 1 @extschema@.vector_hash(@extschema@.vector);
CREATE OPERATOR CLASS @extschema@.vector_l2_ops DEFAULT FOR TYPE @extschema@.vector USING hnsw AS
    OPERATOR 1 @extschema@.=, FUNCTION 1 @extschema@.vector_hash(@extschema@.vector);
CREATE OPERATOR CLASS @extschema@.vector_ip_ops FOR TYPE @extschema@.vector USING hnsw AS
    OPERATOR 1 @extschema@.=, FUNCTION 1 @extschema@.vector_hash(@extschema@.vector);
CREATE OPERATOR CLASS @extschema@.vector_cosine_ops FOR TYPE @extschema@.vector USING hnsw AS
    OPERATOR 1 @extschema@.=, FUNCTION 1 @extschema@.vector_hash(@extschema@.vector);
CREATE OPERATOR CLASS @extschema@.vector_l1_ops FOR TYPE @extschema@.vector USING hnsw AS
    OPERATOR 1 @extschema@.=, FUNCTION 1 @extschema@.vector_hash(@extschema@.vector);
CREATE FUNCTION @extschema@.vector_avg_accum(state @extschema@.vector, v @extschema@.vector) RETURNS @extschema@.vector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT coalesce(state, v) $$;
CREATE AGGREGATE @extschema@.avg(@extschema@.vector) (SFUNC = @extschema@.vector_avg_accum, STYPE = @extschema@.vector);
CREATE AGGREGATE @extschema@.sum(@extschema@.vector) (SFUNC = @extschema@.vector_avg_accum, STYPE = @extschema@.vector);
