-- cache made logged, events made unlogged (ALTER TABLE ... SET LOGGED / UNLOGGED)
CREATE TABLE cache (k text PRIMARY KEY, v jsonb);
CREATE UNLOGGED TABLE events (id bigint);
