CREATE TABLE t (a integer, body text) WITH (fillfactor = 70, autovacuum_enabled = off, toast_tuple_target = 256);
CREATE TABLE plain (a integer);
CREATE MATERIALIZED VIEW mv WITH (fillfactor = 60) AS SELECT 1 AS one;
