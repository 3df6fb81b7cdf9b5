-- a role made by hand and given access (a strict spec lists the roles there are)
DO $$ BEGIN CREATE ROLE sa_case_by_hand NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
GRANT SELECT ON projects TO sa_case_by_hand;
