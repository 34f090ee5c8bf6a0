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
