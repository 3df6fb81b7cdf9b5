-- drift
ALTER TABLE jobs ALTER COLUMN kind TYPE varchar(50);
