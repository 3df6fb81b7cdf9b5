-- drift
ALTER POLICY jobs_owner_select ON jobs USING (auth.uid() = owner_id);
