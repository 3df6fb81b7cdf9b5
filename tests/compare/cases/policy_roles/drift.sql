-- drift
ALTER POLICY jobs_owner_select ON jobs TO authenticated, anon;
