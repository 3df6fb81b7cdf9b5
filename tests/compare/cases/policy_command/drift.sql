-- drift
DROP POLICY jobs_owner_select ON jobs;
CREATE POLICY jobs_owner_select ON jobs FOR ALL TO authenticated USING ((select auth.uid()) = owner_id);
