-- drift
ALTER TABLE jobs DISABLE TRIGGER jobs_touch;
