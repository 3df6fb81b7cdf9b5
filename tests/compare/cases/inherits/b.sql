-- child no longer inherits (same columns), loner inherits by hand
CREATE TABLE base (id integer, at date);
CREATE TABLE other (note text);
CREATE TABLE child (id integer, at date, extra integer);
CREATE TABLE loner (id integer, at date, note text);
ALTER TABLE loner INHERIT base;
ALTER TABLE loner INHERIT other;
