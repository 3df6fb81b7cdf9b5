-- drift
GRANT SELECT (title) ON jobs TO anon;
