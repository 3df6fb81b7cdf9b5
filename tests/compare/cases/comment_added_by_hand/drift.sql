-- comments by hand on objects that had none (a snapshot writes no comment: for them: it asserts none)
COMMENT ON TABLE projects IS 'added by hand';
COMMENT ON COLUMN jobs.title IS 'added by hand';
COMMENT ON FUNCTION touch() IS 'added by hand';
