-- drift
DROP TRIGGER jobs_touch ON jobs;
