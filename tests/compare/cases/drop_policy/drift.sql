-- drift
DROP POLICY jobs_owner_select ON jobs;
