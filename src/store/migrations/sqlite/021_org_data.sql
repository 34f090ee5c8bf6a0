-- 021 organization data version (SQLite, issue 9): what the home pages count (the caseload and its
-- plans, the workforce's stored statuses, supervision, break-glass grants) is kept in the process
-- and served while org_data.version, read with the session, is unchanged (home_cache.h). Any
-- change to those tables adds one to the organization's version, so every server on the same
-- database sees it on its next request. A separate table from orgs, so that writers of data do
-- not queue behind a change of the organization's settings.
CREATE TABLE org_data (
    org_id  INTEGER PRIMARY KEY REFERENCES orgs(id),
    version BIGINT NOT NULL DEFAULT 1
);
INSERT INTO org_data (org_id) SELECT id FROM orgs;
CREATE TRIGGER orgs_data_add AFTER INSERT ON orgs BEGIN
    INSERT INTO org_data (org_id) VALUES (NEW.id);
END;
-- SQLite has one writer at a time: the row-level bump queues nobody.
CREATE TRIGGER recoverees_insert_data AFTER INSERT ON recoverees BEGIN
    UPDATE org_data SET version = version + 1 WHERE org_id = NEW.org_id;
END;
CREATE TRIGGER recoverees_update_data AFTER UPDATE ON recoverees BEGIN
    UPDATE org_data SET version = version + 1 WHERE org_id = NEW.org_id;
END;
CREATE TRIGGER recoverees_delete_data AFTER DELETE ON recoverees BEGIN
    UPDATE org_data SET version = version + 1 WHERE org_id = OLD.org_id;
END;
CREATE TRIGGER plans_insert_data AFTER INSERT ON plans BEGIN
    UPDATE org_data SET version = version + 1 WHERE org_id = NEW.org_id;
END;
CREATE TRIGGER plans_update_data AFTER UPDATE ON plans BEGIN
    UPDATE org_data SET version = version + 1 WHERE org_id = NEW.org_id;
END;
CREATE TRIGGER plans_delete_data AFTER DELETE ON plans BEGIN
    UPDATE org_data SET version = version + 1 WHERE org_id = OLD.org_id;
END;
CREATE TRIGGER caseload_insert_data AFTER INSERT ON caseload BEGIN
    UPDATE org_data SET version = version + 1 WHERE org_id = NEW.org_id;
END;
CREATE TRIGGER caseload_update_data AFTER UPDATE ON caseload BEGIN
    UPDATE org_data SET version = version + 1 WHERE org_id = NEW.org_id;
END;
CREATE TRIGGER caseload_delete_data AFTER DELETE ON caseload BEGIN
    UPDATE org_data SET version = version + 1 WHERE org_id = OLD.org_id;
END;
CREATE TRIGGER workforce_status_insert_data AFTER INSERT ON workforce_status BEGIN
    UPDATE org_data SET version = version + 1 WHERE org_id = NEW.org_id;
END;
CREATE TRIGGER workforce_status_update_data AFTER UPDATE ON workforce_status BEGIN
    UPDATE org_data SET version = version + 1 WHERE org_id = NEW.org_id;
END;
CREATE TRIGGER workforce_status_delete_data AFTER DELETE ON workforce_status BEGIN
    UPDATE org_data SET version = version + 1 WHERE org_id = OLD.org_id;
END;
CREATE TRIGGER supervisor_assignments_insert_data AFTER INSERT ON supervisor_assignments BEGIN
    UPDATE org_data SET version = version + 1 WHERE org_id = NEW.org_id;
END;
CREATE TRIGGER supervisor_assignments_update_data AFTER UPDATE ON supervisor_assignments BEGIN
    UPDATE org_data SET version = version + 1 WHERE org_id = NEW.org_id;
END;
CREATE TRIGGER supervisor_assignments_delete_data AFTER DELETE ON supervisor_assignments BEGIN
    UPDATE org_data SET version = version + 1 WHERE org_id = OLD.org_id;
END;
CREATE TRIGGER break_glass_insert_data AFTER INSERT ON break_glass BEGIN
    UPDATE org_data SET version = version + 1 WHERE org_id = NEW.org_id;
END;
CREATE TRIGGER break_glass_update_data AFTER UPDATE ON break_glass BEGIN
    UPDATE org_data SET version = version + 1 WHERE org_id = NEW.org_id;
END;
CREATE TRIGGER break_glass_delete_data AFTER DELETE ON break_glass BEGIN
    UPDATE org_data SET version = version + 1 WHERE org_id = OLD.org_id;
END;
