-- t_deferred no longer deferred, t_deferrable not deferrable, t_kind made a constraint trigger
CREATE TABLE t (a integer);
CREATE FUNCTION check_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE CONSTRAINT TRIGGER t_deferred AFTER INSERT ON t DEFERRABLE INITIALLY IMMEDIATE
    FOR EACH ROW EXECUTE FUNCTION check_row();
CREATE CONSTRAINT TRIGGER t_deferrable AFTER UPDATE ON t
    FOR EACH ROW EXECUTE FUNCTION check_row();
CREATE CONSTRAINT TRIGGER t_kind AFTER DELETE ON t FOR EACH ROW EXECUTE FUNCTION check_row();
