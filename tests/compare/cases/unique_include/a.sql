CREATE TABLE t (a integer NOT NULL, b text, c text,
    CONSTRAINT t_pkey PRIMARY KEY (a) INCLUDE (b),
    CONSTRAINT t_a_key UNIQUE (a) INCLUDE (b, c));
