-- 003 recoverees (SQLite): intake (RC-1), caseloads and relationships (SV-3, SV-4), break-glass,
-- 42 CFR Part 2 consents (RC-3) and disclosures (RC-4), recovery plans (RC-5), BARC-10 (RC-6).
CREATE TABLE recoverees (
    id                  INTEGER PRIMARY KEY,
    org_id              INTEGER NOT NULL REFERENCES orgs(id),
    first_name          TEXT NOT NULL,
    last_name           TEXT NOT NULL,
    preferred_name      TEXT,
    dob                 TEXT,
    phone               TEXT,
    email               TEXT,
    contact_pref        TEXT NOT NULL DEFAULT 'phone' CHECK (contact_pref IN ('phone','text','email','mail','in_person')),
    ok_to_leave_message INTEGER NOT NULL DEFAULT 0,
    language            TEXT,
    cultural_factors    TEXT,
    lived_experience    TEXT,
    pathways            TEXT,
    preferred_peer      TEXT,
    status              TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','discharged','closed')),
    intake_date         TEXT NOT NULL,
    status_date         TEXT NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1,
    created_by          INTEGER NOT NULL REFERENCES users(id),
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);
CREATE INDEX recoverees_by_org ON recoverees(org_id, last_name, first_name);
CREATE TABLE relationships (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    recoveree_id  INTEGER NOT NULL REFERENCES recoverees(id),
    staff_id      INTEGER NOT NULL REFERENCES users(id),
    kind          TEXT NOT NULL CHECK (kind IN ('clinical','probation','monitoring_case_manager','employer','other_authority')),
    note          TEXT,
    recorded_by   INTEGER NOT NULL REFERENCES users(id),
    recorded_at   INTEGER NOT NULL
);
CREATE INDEX relationships_by_recoveree ON relationships(org_id, recoveree_id, staff_id);
CREATE TABLE caseload (
    id               INTEGER PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES orgs(id),
    recoveree_id     INTEGER NOT NULL REFERENCES recoverees(id),
    peer_id          INTEGER NOT NULL REFERENCES users(id),
    start_date       TEXT NOT NULL,
    end_date         TEXT,
    override_rules   TEXT,
    override_reason  TEXT,
    override_by      INTEGER REFERENCES users(id),
    recorded_by      INTEGER NOT NULL REFERENCES users(id),
    recorded_at      INTEGER NOT NULL
);
CREATE INDEX caseload_by_peer ON caseload(org_id, peer_id, end_date);
CREATE INDEX caseload_by_recoveree ON caseload(org_id, recoveree_id);
CREATE TABLE break_glass (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    user_id       INTEGER NOT NULL REFERENCES users(id),
    recoveree_id  INTEGER NOT NULL REFERENCES recoverees(id),
    reason        TEXT NOT NULL,
    at            INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    reviewed_by   INTEGER REFERENCES users(id),
    reviewed_at   INTEGER,
    review_note   TEXT
);
CREATE INDEX break_glass_by_user ON break_glass(org_id, user_id, recoveree_id, expires_at);
CREATE TABLE consents (
    id                         INTEGER PRIMARY KEY,
    org_id                     INTEGER NOT NULL REFERENCES orgs(id),
    recoveree_id               INTEGER NOT NULL REFERENCES recoverees(id),
    kind                       TEXT NOT NULL,
    combined_with              INTEGER NOT NULL DEFAULT 0,
    patient_name               TEXT,
    disclosers                 TEXT,
    information                TEXT,
    recipients                 TEXT,
    intermediary               INTEGER NOT NULL DEFAULT 0,
    intermediary_participants  TEXT,
    covered_entity_recipient   INTEGER NOT NULL DEFAULT 0,
    hipaa_redisclosure_stmt    INTEGER NOT NULL DEFAULT 0,
    purposes                   TEXT,
    fundraising                INTEGER NOT NULL DEFAULT 0,
    fundraising_optout_stmt    INTEGER NOT NULL DEFAULT 0,
    revocation_stmt            INTEGER NOT NULL DEFAULT 0,
    revocation_how             TEXT,
    expires_on                 TEXT,
    expiry_event               TEXT,
    signature                  TEXT,
    needs_authorized_signer    INTEGER NOT NULL DEFAULT 0,
    authorized_signer          TEXT,
    signed_on                  TEXT,
    signature_method           TEXT CHECK (signature_method IN ('typed','paper')),
    signed_at                  INTEGER,
    signed_from                TEXT,
    tpo_redisclosure_stmt      INTEGER NOT NULL DEFAULT 0,
    tpo_refusal_stmt           INTEGER NOT NULL DEFAULT 0,
    revocable_after            TEXT,
    revocable_after_event      TEXT,
    revoked_at                 INTEGER,
    revocation_method          TEXT,
    revocation_document        TEXT,
    created_by                 INTEGER NOT NULL REFERENCES users(id),
    created_at                 INTEGER NOT NULL
);
CREATE INDEX consents_by_recoveree ON consents(org_id, recoveree_id);
CREATE TABLE disclosures (
    id                  INTEGER PRIMARY KEY,
    org_id              INTEGER NOT NULL REFERENCES orgs(id),
    recoveree_id        INTEGER NOT NULL REFERENCES recoverees(id),
    consent_id          INTEGER NOT NULL REFERENCES consents(id),
    disclosed_on        TEXT NOT NULL,
    recipient           TEXT NOT NULL,
    recipient_category  TEXT,
    recipient_address   TEXT,
    purpose             TEXT NOT NULL,
    what                TEXT NOT NULL,
    notice_statement    INTEGER NOT NULL CHECK (notice_statement IN (1, 2)),
    scope               TEXT NOT NULL,
    made_by             INTEGER NOT NULL REFERENCES users(id),
    made_at             INTEGER NOT NULL
);
CREATE INDEX disclosures_by_recoveree ON disclosures(org_id, recoveree_id, disclosed_on);
CREATE TABLE plans (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    recoveree_id  INTEGER NOT NULL UNIQUE REFERENCES recoverees(id),
    strengths     TEXT,
    barriers      TEXT,
    review_date   TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    updated_by    INTEGER NOT NULL REFERENCES users(id),
    updated_at    INTEGER NOT NULL
);
CREATE INDEX plans_by_review ON plans(org_id, review_date);
CREATE TABLE plan_goals (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    plan_id       INTEGER NOT NULL REFERENCES plans(id),
    domain        TEXT NOT NULL,
    goal          TEXT NOT NULL,
    action_steps  TEXT,
    status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','met','paused','dropped')),
    target_date   TEXT,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX plan_goals_by_plan ON plan_goals(org_id, plan_id);
CREATE TABLE plan_history (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    recoveree_id  INTEGER NOT NULL REFERENCES recoverees(id),
    at            INTEGER NOT NULL,
    user_id       INTEGER NOT NULL REFERENCES users(id),
    what          TEXT NOT NULL,
    before        TEXT,
    after         TEXT
);
CREATE INDEX plan_history_by_recoveree ON plan_history(org_id, recoveree_id, at);
CREATE TABLE barc10 (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    recoveree_id  INTEGER NOT NULL REFERENCES recoverees(id),
    taken_on      TEXT NOT NULL,
    answers       TEXT NOT NULL,
    total         INTEGER NOT NULL CHECK (total BETWEEN 10 AND 60),
    recorded_by   INTEGER NOT NULL REFERENCES users(id),
    recorded_at   INTEGER NOT NULL
);
CREATE INDEX barc10_by_recoveree ON barc10(org_id, recoveree_id, taken_on);
