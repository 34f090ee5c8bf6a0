-- 010 organization state version (PostgreSQL): every server caches an organization's policy
-- values in memory and re-reads them when this number, read with the session on every request,
-- differs from the cached one, so several servers on one database stay correct. Whatever
-- changes cached state adds one to it in the same transaction.
ALTER TABLE orgs ADD COLUMN state_version BIGINT NOT NULL DEFAULT 1;
-- Cached lists that depend on staff accounts (the supervisors to filter by, the accounts by
-- role) are re-read when an account is added or its name, role or enablement changes, by any
-- path (pages, API, CLI, import, or a tool writing to the database).
CREATE FUNCTION users_org_state() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR OLD.role IS DISTINCT FROM NEW.role
       OR OLD.display_name IS DISTINCT FROM NEW.display_name
       OR OLD.disabled IS DISTINCT FROM NEW.disabled THEN
        UPDATE orgs SET state_version = state_version + 1 WHERE id = NEW.org_id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER users_org_state AFTER INSERT OR UPDATE OF role, display_name, disabled ON users
    FOR EACH ROW EXECUTE FUNCTION users_org_state();
