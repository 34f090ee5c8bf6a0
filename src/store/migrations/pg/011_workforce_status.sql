-- 011 stored workforce status (PostgreSQL, issue 9): each person's computed status as the dashboard
-- shows, filters and sorts it, kept by the operations that change its inputs (wf_status_refresh)
-- instead of recomputed on every read (SPEC WF-1 to WF-5).
--   listed        1: an active peer, a row of the dashboard; 0: anyone else (kept so a change of
--                 role or a re-enabled account needs only a refresh)
--   name_key      display name lowercased (ASCII), user_key the username so: sort and search
--   level .. supervision  enum wf_level / enum wf_status (domain/workforce.h)
--   deadline      civil day of the nearest deadline (days_left = deadline - today);
--                 2147483647 when there is none, so it sorts last on both engines
--   supervisor_id the supervisor on computed day, NULL when none (the name is joined on read)
--   valid_until   civil day from which the row may be wrong by itself (a certification
--                 expires, a cycle ends, a supervision session leaves the window): a row with
--                 valid_until <= today is stale and recomputed before it is read; 0 = stale now
--   computed_at   Unix time of the computation
CREATE TABLE workforce_status (
    user_id           BIGINT PRIMARY KEY REFERENCES users(id),
    org_id            BIGINT NOT NULL REFERENCES orgs(id),
    listed            INTEGER NOT NULL DEFAULT 0,
    name_key          TEXT COLLATE "C" NOT NULL DEFAULT '',
    user_key          TEXT COLLATE "C" NOT NULL DEFAULT '',
    level             INTEGER NOT NULL DEFAULT 0,
    effective         INTEGER NOT NULL DEFAULT 0,
    overall           INTEGER NOT NULL DEFAULT 0,
    training          INTEGER NOT NULL DEFAULT 0,
    certification     INTEGER NOT NULL DEFAULT 0,
    ce                INTEGER NOT NULL DEFAULT 0,
    supervision       INTEGER NOT NULL DEFAULT 0,
    training_note     TEXT,
    cert_note         TEXT,
    ce_note           TEXT,
    supervision_note  TEXT,
    deadline          INTEGER NOT NULL DEFAULT 2147483647,
    supervisor_id     BIGINT,
    may_assign        INTEGER NOT NULL DEFAULT 0,
    assign_rule       TEXT,
    valid_until       INTEGER NOT NULL DEFAULT 0,
    computed_at       BIGINT NOT NULL DEFAULT 0
);
-- "Any stale rows?" before each read.
CREATE INDEX workforce_status_stale ON workforce_status(org_id, valid_until);
-- The dashboard's sorts (name, status worst first, nearest deadline, level), each ending in
-- name and id so pages are stable.
CREATE INDEX workforce_status_by_name ON workforce_status(org_id, listed, name_key, user_id);
CREATE INDEX workforce_status_by_status ON workforce_status(org_id, listed, overall DESC, name_key, user_id);
CREATE INDEX workforce_status_by_deadline ON workforce_status(org_id, listed, deadline, name_key, user_id);
CREATE INDEX workforce_status_by_level ON workforce_status(org_id, listed, level DESC, name_key, user_id);
CREATE INDEX workforce_status_by_supervisor ON workforce_status(org_id, supervisor_id);
-- The supervisors the dashboard offers as a filter, read with every page (WF_SUPERVISORS).
CREATE INDEX users_by_org_role ON users(org_id, role, display_name);
-- A user written by any path has a row, stale until computed; a change of name, role or
-- enablement makes it stale. (The operations also refresh it at once; these keep store-level
-- writers, such as `peerdesk org create`, from leaving a person off the dashboard.)
CREATE FUNCTION users_workforce_status_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO workforce_status (user_id, org_id) VALUES (NEW.id, NEW.org_id);
    RETURN NULL;
END $$;
CREATE TRIGGER users_workforce_status_add AFTER INSERT ON users
    FOR EACH ROW EXECUTE FUNCTION users_workforce_status_add();
CREATE FUNCTION users_workforce_status_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE workforce_status SET valid_until = 0 WHERE user_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER users_workforce_status_stale AFTER UPDATE OF display_name, username, role, disabled
    ON users FOR EACH ROW EXECUTE FUNCTION users_workforce_status_stale();
-- Everyone already there: stale, so the first read computes them.
INSERT INTO workforce_status (user_id, org_id) SELECT id, org_id FROM users;
