-- drift
ALTER TABLE jobs DROP CONSTRAINT jobs_priority_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_priority_check CHECK (priority BETWEEN 0 AND 100);
