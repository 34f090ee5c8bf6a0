-- 001 foundation (SQLite): organizations, users, sessions, tokens, policies, audit trail.
-- Times are Unix seconds (INTEGER); dates are 'YYYY-MM-DD' text.
CREATE TABLE orgs (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    username       TEXT NOT NULL,
    display_name   TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('admin','supervisor','peer','clinician','case_manager','facilitator','auditor')),
    pw_hash        TEXT NOT NULL,
    totp_secret    TEXT,
    disabled       INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    pw_changed_at  INTEGER NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    UNIQUE (org_id, username)
);
CREATE INDEX users_by_org ON users(org_id, display_name);
CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    csrf        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    last_seen   INTEGER NOT NULL,
    client      TEXT
);
CREATE INDEX sessions_by_user ON sessions(user_id);
CREATE TABLE api_tokens (
    id          INTEGER PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    name        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);
CREATE TABLE login_failures (
    id        INTEGER PRIMARY KEY,
    org_id    INTEGER NOT NULL REFERENCES orgs(id),
    username  TEXT NOT NULL,
    at        INTEGER NOT NULL
);
CREATE INDEX login_failures_by_user ON login_failures(org_id, username, at);
CREATE TABLE policies (
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    key         TEXT NOT NULL,
    value       INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    updated_by  INTEGER REFERENCES users(id),
    PRIMARY KEY (org_id, key)
);
CREATE TABLE audit_head (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    seq   INTEGER NOT NULL,
    hash  TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
CREATE TABLE audit (
    seq          INTEGER PRIMARY KEY,
    at           INTEGER NOT NULL,
    org_id       INTEGER,
    user_id      INTEGER,
    username     TEXT,
    action       TEXT NOT NULL,
    record_type  TEXT,
    record_id    TEXT,
    reason       TEXT,
    client       TEXT,
    outcome      TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE INDEX audit_by_org ON audit(org_id, seq);
