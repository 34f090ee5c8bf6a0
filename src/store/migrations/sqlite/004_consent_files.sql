-- 004 consent files (SQLite): the scanned, signed paper copy of a consent (RC-3).
CREATE TABLE consent_files (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    recoveree_id  INTEGER NOT NULL REFERENCES recoverees(id),
    consent_id    INTEGER NOT NULL REFERENCES consents(id),
    filename      TEXT NOT NULL,
    content_type  TEXT NOT NULL CHECK (content_type IN ('application/pdf','image/png','image/jpeg')),
    size          INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    data          BLOB NOT NULL,
    uploaded_by   INTEGER NOT NULL REFERENCES users(id),
    uploaded_at   INTEGER NOT NULL
);
CREATE INDEX consent_files_by_consent ON consent_files(org_id, recoveree_id, consent_id);
-- The home page counts recent events by exact action and lists a user's own sign-ins:
-- without these, both scan an organization's whole audit trail, which grows with every read.
CREATE INDEX audit_by_action ON audit(org_id, action, at);
CREATE INDEX audit_by_user ON audit(org_id, user_id, seq);
-- Staff counts by role (home page) read only the index.
CREATE INDEX users_by_role ON users(org_id, role, disabled);
-- Active recoverees and their plans (home page counts, RC-5 queues).
CREATE INDEX recoverees_by_status ON recoverees(org_id, status, id);
CREATE INDEX plans_by_recoveree ON plans(org_id, recoveree_id);
-- A user's own sign-ins (home page) stay one index probe however long their audit history.
CREATE INDEX audit_logins ON audit(org_id, user_id, seq)
    WHERE action IN ('login.success', 'login.failure', 'login.locked');
-- API tokens expire (policy api_token_days); a token without an expiry is not accepted.
ALTER TABLE api_tokens ADD COLUMN expires_at INTEGER;
