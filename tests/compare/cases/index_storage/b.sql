-- fillfactor changed, a parameter set by hand, one reset
CREATE TABLE t (a integer, b text);
CREATE INDEX t_a ON t (a) WITH (fillfactor = 80);
CREATE INDEX t_b ON t (b) WITH (fillfactor = 30);
CREATE INDEX t_ab ON t (a, b);
