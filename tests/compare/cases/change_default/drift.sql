-- drift
ALTER TABLE jobs ALTER COLUMN status SET DEFAULT 'queued';
