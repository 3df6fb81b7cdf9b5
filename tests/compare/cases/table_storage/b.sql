-- fillfactor changed, autovacuum back on (reset), toast_tuple_target dropped; a parameter set by hand
-- on another table; the materialized view's fillfactor reset
CREATE TABLE t (a integer, body text) WITH (fillfactor = 90);
CREATE TABLE plain (a integer) WITH (autovacuum_vacuum_scale_factor = 0.01);
CREATE MATERIALIZED VIEW mv AS SELECT 1 AS one;
