-- 002 workforce (SQLite): staff profiles, training, experience, certifications, continuing
-- education, supervision sessions and supervisor assignments (SPEC WF-1 to WF-5).
-- Hours are kept in whole minutes so sums are exact; dates are 'YYYY-MM-DD'.
CREATE TABLE evidence (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    user_id       INTEGER NOT NULL REFERENCES users(id),
    filename      TEXT NOT NULL,
    content_type  TEXT NOT NULL CHECK (content_type IN ('application/pdf','image/png','image/jpeg')),
    size          INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    data          BLOB NOT NULL,
    uploaded_by   INTEGER NOT NULL REFERENCES users(id),
    uploaded_at   INTEGER NOT NULL
);
CREATE INDEX evidence_by_user ON evidence(org_id, user_id);
CREATE TABLE staff_profiles (
    user_id              INTEGER PRIMARY KEY REFERENCES users(id),
    org_id               INTEGER NOT NULL REFERENCES orgs(id),
    level                INTEGER NOT NULL CHECK (level BETWEEN 0 AND 3),
    hire_date            TEXT,
    education            TEXT NOT NULL DEFAULT 'unknown' CHECK (education IN ('unknown','none','hs','ged','college')),
    education_waiver     INTEGER NOT NULL DEFAULT 0,
    languages            TEXT,
    lived_experience     TEXT,
    cultural_profile     TEXT,
    pathways             TEXT,
    clinical_credential  TEXT,
    caseload_capacity    INTEGER NOT NULL CHECK (caseload_capacity >= 0),
    version              INTEGER NOT NULL DEFAULT 1,
    updated_at           INTEGER NOT NULL,
    updated_by           INTEGER REFERENCES users(id)
);
CREATE INDEX staff_profiles_by_org ON staff_profiles(org_id, level);
CREATE TABLE trainings (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    user_id      INTEGER NOT NULL REFERENCES users(id),
    kind         TEXT NOT NULL CHECK (kind IN ('orientation_ethics','ethics_ccar','other')),
    title        TEXT NOT NULL,
    minutes      INTEGER NOT NULL CHECK (minutes > 0),
    date         TEXT NOT NULL,
    provider     TEXT,
    evidence_id  INTEGER REFERENCES evidence(id),
    recorded_by  INTEGER NOT NULL REFERENCES users(id),
    recorded_at  INTEGER NOT NULL
);
CREATE INDEX trainings_by_user ON trainings(org_id, user_id, date);
CREATE TABLE experience (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    user_id      INTEGER NOT NULL REFERENCES users(id),
    date         TEXT NOT NULL,
    minutes      INTEGER NOT NULL CHECK (minutes > 0),
    description  TEXT NOT NULL,
    recorded_by  INTEGER NOT NULL REFERENCES users(id),
    recorded_at  INTEGER NOT NULL
);
CREATE INDEX experience_by_user ON experience(org_id, user_id, date);
CREATE TABLE certifications (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    user_id      INTEGER NOT NULL REFERENCES users(id),
    body         TEXT NOT NULL CHECK (body IN ('ncprss','cprs','other')),
    number       TEXT NOT NULL,
    issued       TEXT NOT NULL,
    expires      TEXT NOT NULL,
    evidence_id  INTEGER REFERENCES evidence(id),
    recorded_by  INTEGER NOT NULL REFERENCES users(id),
    recorded_at  INTEGER NOT NULL,
    CHECK (expires > issued)
);
CREATE INDEX certifications_by_user ON certifications(org_id, user_id, expires);
CREATE TABLE ce_entries (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    user_id      INTEGER NOT NULL REFERENCES users(id),
    date         TEXT NOT NULL,
    minutes      INTEGER NOT NULL CHECK (minutes > 0),
    category     TEXT NOT NULL CHECK (category IN ('ethics','core')),
    title        TEXT NOT NULL,
    provider     TEXT,
    evidence_id  INTEGER REFERENCES evidence(id),
    recorded_by  INTEGER NOT NULL REFERENCES users(id),
    recorded_at  INTEGER NOT NULL
);
CREATE INDEX ce_by_user ON ce_entries(org_id, user_id, date);
CREATE TABLE supervision_sessions (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    supervisor_id  INTEGER NOT NULL REFERENCES users(id),
    supervisee_id  INTEGER NOT NULL REFERENCES users(id),
    date           TEXT NOT NULL,
    minutes        INTEGER NOT NULL CHECK (minutes > 0),
    kind           TEXT NOT NULL CHECK (kind IN ('administrative','clinical')),
    topics         TEXT NOT NULL,
    recorded_by    INTEGER NOT NULL REFERENCES users(id),
    recorded_at    INTEGER NOT NULL
);
CREATE INDEX supervision_by_supervisee ON supervision_sessions(org_id, supervisee_id, date);
CREATE TABLE supervisor_assignments (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    supervisor_id  INTEGER NOT NULL REFERENCES users(id),
    supervisee_id  INTEGER NOT NULL REFERENCES users(id),
    start_date     TEXT NOT NULL,
    end_date       TEXT,
    recorded_by    INTEGER NOT NULL REFERENCES users(id),
    recorded_at    INTEGER NOT NULL,
    CHECK (end_date IS NULL OR end_date >= start_date),
    CHECK (supervisor_id <> supervisee_id)
);
CREATE INDEX assignments_by_supervisee ON supervisor_assignments(org_id, supervisee_id);
CREATE INDEX assignments_by_supervisor ON supervisor_assignments(org_id, supervisor_id);
