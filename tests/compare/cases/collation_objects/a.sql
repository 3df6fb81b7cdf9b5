CREATE COLLATION c_only (locale = 'C');
CREATE COLLATION c_split (lc_collate = 'C', lc_ctype = 'POSIX');
