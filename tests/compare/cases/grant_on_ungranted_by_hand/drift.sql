-- grants by hand on objects that had none (a snapshot writes no grants: for them: it asserts none)
GRANT SELECT ON open_jobs TO anon;
GRANT USAGE ON SEQUENCE ticket_seq TO authenticated;
GRANT USAGE ON SCHEMA auth TO anon;
