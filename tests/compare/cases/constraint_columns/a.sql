CREATE TABLE r (x integer NOT NULL, y integer NOT NULL, CONSTRAINT r_pkey PRIMARY KEY (x), CONSTRAINT r_x_y_key UNIQUE (x, y));
CREATE TABLE t (a integer NOT NULL, b integer NOT NULL,
    CONSTRAINT t_pkey PRIMARY KEY (a),
    CONSTRAINT t_uq UNIQUE (b, a),
    CONSTRAINT t_fk FOREIGN KEY (a) REFERENCES r (x));
