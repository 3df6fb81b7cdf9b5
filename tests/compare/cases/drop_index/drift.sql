-- drift
DROP INDEX idx_jobs_title;
