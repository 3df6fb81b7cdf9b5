CREATE TABLE base (id integer, at date);
CREATE TABLE other (note text);
CREATE TABLE child (extra integer) INHERITS (base);
CREATE TABLE loner (id integer, at date, note text);
