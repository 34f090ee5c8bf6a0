-- 009 spreadsheet import (SQLite): an uploaded file kept between its preview and its
-- confirmation, and the index that finds an existing recoveree by the import's key.
CREATE TABLE import_uploads (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    user_id     INTEGER NOT NULL REFERENCES users(id),
    token_hash  TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('staff','recoverees')),
    sha256      TEXT NOT NULL,
    data        BLOB NOT NULL,
    ok          INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX import_uploads_expiry ON import_uploads(expires_at);
-- The import's key for recoverees: last name, first name (case-insensitive), date of birth.
CREATE INDEX recoverees_import_key ON recoverees(org_id, lower(last_name), lower(first_name));
