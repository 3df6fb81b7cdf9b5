-- the same triggers with other arguments
CREATE TABLE t (a integer);
CREATE FUNCTION audit_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER t_audit BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION audit_row('orders', 'loose');
CREATE TRIGGER t_plain BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION audit_row('it''s');
