-- drift
COMMENT ON TABLE jobs IS 'Jobs';
