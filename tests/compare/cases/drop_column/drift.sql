-- drift
ALTER TABLE jobs DROP COLUMN meta;
