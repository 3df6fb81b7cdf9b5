-- drift
CREATE INDEX idx_jobs_owner ON jobs (owner_id);
