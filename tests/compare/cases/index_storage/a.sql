CREATE TABLE t (a integer, b text);
CREATE INDEX t_a ON t (a) WITH (fillfactor = 50);
CREATE INDEX t_b ON t (b);
CREATE INDEX t_ab ON t (a, b) WITH (deduplicate_items = off);
