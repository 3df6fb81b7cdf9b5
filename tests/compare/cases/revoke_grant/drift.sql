-- drift
REVOKE UPDATE ON jobs FROM authenticated;
