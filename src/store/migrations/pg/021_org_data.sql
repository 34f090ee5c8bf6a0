-- 021 organization data version (PostgreSQL, issue 9): what the home pages count (the caseload and its
-- plans, the workforce's stored statuses, supervision, break-glass grants) is kept in the process
-- and served while org_data.version, read with the session, is unchanged (home_cache.h). Any
-- change to those tables adds one to the organization's version, so every server on the same
-- database sees it on its next request. A separate table from orgs, so that writers of data do
-- not queue behind a change of the organization's settings.
CREATE TABLE org_data (
    org_id  BIGINT PRIMARY KEY REFERENCES orgs(id),
    version BIGINT NOT NULL DEFAULT 1
);
INSERT INTO org_data (org_id) SELECT id FROM orgs;
CREATE FUNCTION orgs_data_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO org_data (org_id) VALUES (NEW.id);
    RETURN NULL;
END $$;
CREATE TRIGGER orgs_data_add AFTER INSERT ON orgs FOR EACH ROW EXECUTE FUNCTION orgs_data_add();
-- The bump runs at commit (a deferred constraint trigger) and once per organization and
-- transaction (a transaction-local setting remembers it): the org_data row is locked only for
-- the commit itself, so two peers saving at once do not wait on each other's whole transaction,
-- and a transaction that waits for it holds no lock another such transaction needs.
CREATE FUNCTION org_data_bump() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    o BIGINT;
    k TEXT;
BEGIN
    IF TG_OP = 'DELETE' THEN o := OLD.org_id; ELSE o := NEW.org_id; END IF;
    k := 'peerdesk.org_data_' || o;
    IF current_setting(k, true) IS DISTINCT FROM 'y' THEN
        PERFORM set_config(k, 'y', true);
        UPDATE org_data SET version = version + 1 WHERE org_id = o;
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER recoverees_data AFTER INSERT OR UPDATE OR DELETE ON recoverees
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION org_data_bump();
CREATE CONSTRAINT TRIGGER plans_data AFTER INSERT OR UPDATE OR DELETE ON plans
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION org_data_bump();
CREATE CONSTRAINT TRIGGER caseload_data AFTER INSERT OR UPDATE OR DELETE ON caseload
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION org_data_bump();
CREATE CONSTRAINT TRIGGER workforce_status_data AFTER INSERT OR UPDATE OR DELETE ON workforce_status
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION org_data_bump();
CREATE CONSTRAINT TRIGGER supervisor_assignments_data AFTER INSERT OR UPDATE OR DELETE ON supervisor_assignments
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION org_data_bump();
CREATE CONSTRAINT TRIGGER break_glass_data AFTER INSERT OR UPDATE OR DELETE ON break_glass
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION org_data_bump();
