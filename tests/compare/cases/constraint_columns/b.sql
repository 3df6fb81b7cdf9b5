-- same names, other columns: PRIMARY KEY (a) -> (a, b), UNIQUE (b, a) -> (b), FOREIGN KEY (a) -> (b)
CREATE TABLE r (x integer NOT NULL, y integer NOT NULL, CONSTRAINT r_pkey PRIMARY KEY (x), CONSTRAINT r_x_y_key UNIQUE (x, y));
CREATE TABLE t (a integer NOT NULL, b integer NOT NULL,
    CONSTRAINT t_pkey PRIMARY KEY (a, b),
    CONSTRAINT t_uq UNIQUE (b),
    CONSTRAINT t_fk FOREIGN KEY (b) REFERENCES r (x));
