-- drift
CREATE OR REPLACE VIEW open_jobs AS SELECT id, owner_id, status FROM jobs WHERE status = 'pending';
