-- f back to default; i on another index; j to nothing; n to full
CREATE TABLE f (a integer);
CREATE TABLE i (a integer NOT NULL, b integer NOT NULL);
CREATE UNIQUE INDEX i_a ON i (a);
CREATE UNIQUE INDEX i_b ON i (b);
ALTER TABLE i REPLICA IDENTITY USING INDEX i_b;
CREATE TABLE j (a integer NOT NULL);
CREATE UNIQUE INDEX j_a ON j (a);
ALTER TABLE j REPLICA IDENTITY NOTHING;
CREATE TABLE n (a integer);
ALTER TABLE n REPLICA IDENTITY FULL;
