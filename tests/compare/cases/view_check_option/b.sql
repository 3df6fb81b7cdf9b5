-- v_local lost its check option, v_cascaded became local, v_none got one by hand
CREATE TABLE t (a integer);
CREATE VIEW v_local AS SELECT a FROM t WHERE a > 0;
CREATE VIEW v_cascaded AS SELECT a FROM t WHERE a > 0 WITH LOCAL CHECK OPTION;
CREATE VIEW v_none AS SELECT a FROM t WHERE a > 0 WITH CHECK OPTION;
