-- same key columns, other INCLUDE lists
CREATE TABLE t (a integer NOT NULL, b text, c text,
    CONSTRAINT t_pkey PRIMARY KEY (a),
    CONSTRAINT t_a_key UNIQUE (a) INCLUDE (c));
