-- drift
GRANT SELECT ON jobs TO anon;
