-- drift
ALTER POLICY jobs_owner_update ON jobs USING (true);
