-- drift
ALTER TABLE jobs ADD COLUMN notes text;
