-- c_only dropped, c_split with another LC_CTYPE, c_extra made by hand
CREATE COLLATION c_split (lc_collate = 'C', lc_ctype = 'C');
CREATE COLLATION c_extra (locale = 'POSIX');
