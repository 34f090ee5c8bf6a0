-- 010 organization state version (SQLite): every server caches an organization's policy values
-- in memory and re-reads them when this number, read with the session on every request, differs
-- from the cached one. Whatever changes cached state adds one to it in the same transaction.
ALTER TABLE orgs ADD COLUMN state_version INTEGER NOT NULL DEFAULT 1;
-- Cached lists that depend on staff accounts (the supervisors to filter by, the accounts by
-- role) are re-read when an account is added or its name, role or enablement changes, by any
-- path (pages, API, CLI, import, or a tool writing to the database).
CREATE TRIGGER users_insert_org_state AFTER INSERT ON users BEGIN
    UPDATE orgs SET state_version = state_version + 1 WHERE id = NEW.org_id;
END;
CREATE TRIGGER users_update_org_state AFTER UPDATE OF role, display_name, disabled ON users
WHEN OLD.role IS NOT NEW.role OR OLD.display_name IS NOT NEW.display_name
  OR OLD.disabled IS NOT NEW.disabled BEGIN
    UPDATE orgs SET state_version = state_version + 1 WHERE id = NEW.org_id;
END;
