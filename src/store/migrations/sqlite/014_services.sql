-- 014 services (SQLite, issue 11): the service log (SV-1..SV-5), recovery check-ups and their
-- tasks (SV-6), the resource directory and referrals (SV-7), payers, billing codes and claims
-- (SV-8), and an organization's own boundary-check rules (SV-5).
--
-- services        one contact a peer logged. Never deleted: status 'void' with a reason, and
--                 every change a row in service_history. started_at is the UTC instant,
--                 service_date the organization's civil day it fell on (YYYY-MM-DD: daily caps,
--                 reports). boundary_* is a note kept despite a boundary warning (SV-5),
--                 override_* a rule a supervisor overrode (SV-3, SV-4); either puts the service
--                 on the supervisor's review list until reviewed_at is set. peer_level is the
--                 level whose scope the peer worked in that day (WF-1, WF-4: wf_effective_level)
--                 and peer_credential their current certification body then (billing, SV-8).
CREATE TABLE services (
    id               INTEGER PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES orgs(id),
    peer_id          INTEGER NOT NULL REFERENCES users(id),
    peer_level       INTEGER NOT NULL DEFAULT 0,
    peer_credential  TEXT,
    status           TEXT NOT NULL DEFAULT 'final' CHECK (status IN ('final','void')),
    started_at       INTEGER NOT NULL,
    service_date     TEXT NOT NULL,
    minutes          INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
    modality         TEXT NOT NULL CHECK (modality IN ('individual','group','telephone','video','text')),
    intensity        TEXT NOT NULL CHECK (intensity IN ('low','moderate','high')),
    setting          TEXT NOT NULL,
    activity         TEXT NOT NULL,
    funding_source   TEXT,
    payer_id         INTEGER,
    code_id          INTEGER,
    note             TEXT,
    boundary_lane    TEXT,
    boundary_phrase  TEXT,
    boundary_reason  TEXT,
    override_rules   TEXT,
    override_reason  TEXT,
    override_by      INTEGER REFERENCES users(id),
    reviewed_by      INTEGER REFERENCES users(id),
    reviewed_at      INTEGER,
    review_note      TEXT,
    void_reason      TEXT,
    voided_by        INTEGER REFERENCES users(id),
    voided_at        INTEGER,
    version          INTEGER NOT NULL DEFAULT 1,
    created_by       INTEGER NOT NULL REFERENCES users(id),
    created_at       INTEGER NOT NULL,
    updated_by       INTEGER NOT NULL REFERENCES users(id),
    updated_at       INTEGER NOT NULL
);
CREATE INDEX services_by_peer ON services(org_id, peer_id, service_date);
CREATE INDEX services_by_date ON services(org_id, service_date);
CREATE TABLE service_recoverees (
    service_id    INTEGER NOT NULL REFERENCES services(id),
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    recoveree_id  INTEGER NOT NULL REFERENCES recoverees(id),
    PRIMARY KEY (service_id, recoveree_id)
);
CREATE INDEX service_recoverees_by_recoveree ON service_recoverees(org_id, recoveree_id);
CREATE TABLE service_goals (
    service_id    INTEGER NOT NULL REFERENCES services(id),
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    goal_id       INTEGER NOT NULL REFERENCES plan_goals(id),
    PRIMARY KEY (service_id, goal_id)
);
-- what: created, edited, voided, reviewed; before/after: JSON of the fields that changed
CREATE TABLE service_history (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    service_id    INTEGER NOT NULL REFERENCES services(id),
    version       INTEGER NOT NULL,
    at            INTEGER NOT NULL,
    user_id       INTEGER NOT NULL REFERENCES users(id),
    what          TEXT NOT NULL,
    reason        TEXT,
    before        TEXT,
    after         TEXT
);
CREATE INDEX service_history_by_service ON service_history(org_id, service_id, version);
-- A service not yet sent: the form's fields as typed (JSON), kept on the server so a lost
-- connection or an ended session loses nothing. One per person and recoveree (0: none chosen).
CREATE TABLE service_drafts (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    user_id       INTEGER NOT NULL REFERENCES users(id),
    recoveree_id  INTEGER NOT NULL DEFAULT 0,
    fields        TEXT NOT NULL,
    updated_at    INTEGER NOT NULL,
    UNIQUE (org_id, user_id, recoveree_id)
);
-- SV-6: the check-up cadence of a recoveree. every_days is the interval; telephone 1 puts the
-- recoveree on the telephone-support queue Level 1 volunteers may work; next_due the civil day
-- the next check-up is due (moved by each check-up).
CREATE TABLE checkup_cadence (
    recoveree_id  INTEGER PRIMARY KEY REFERENCES recoverees(id),
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    cadence       TEXT NOT NULL CHECK (cadence IN ('weekly','biweekly','monthly','quarterly','custom')),
    every_days    INTEGER NOT NULL CHECK (every_days BETWEEN 1 AND 366),
    telephone     INTEGER NOT NULL DEFAULT 0,
    next_due      TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    set_by        INTEGER NOT NULL REFERENCES users(id),
    set_at        INTEGER NOT NULL
);
CREATE INDEX checkup_cadence_due ON checkup_cadence(org_id, next_due);
CREATE TABLE checkups (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    recoveree_id  INTEGER NOT NULL REFERENCES recoverees(id),
    done_on       TEXT NOT NULL,
    at            INTEGER NOT NULL,
    by_user       INTEGER NOT NULL REFERENCES users(id),
    modality      TEXT NOT NULL,
    outcome       TEXT NOT NULL CHECK (outcome IN ('stable','at_risk','reintervention','unreachable')),
    note          TEXT,
    service_id    INTEGER REFERENCES services(id),
    task_id       INTEGER
);
CREATE INDEX checkups_by_recoveree ON checkups(org_id, recoveree_id, done_on);
-- Work someone owes: an early re-intervention after a check-up (SV-6), a referral's follow-up
-- (SV-7), or anything else a supervisor assigns.
CREATE TABLE tasks (
    id                INTEGER PRIMARY KEY,
    org_id            INTEGER NOT NULL REFERENCES orgs(id),
    recoveree_id      INTEGER REFERENCES recoverees(id),
    kind              TEXT NOT NULL CHECK (kind IN ('reintervention','referral_followup','other')),
    title             TEXT NOT NULL,
    owner_id          INTEGER NOT NULL REFERENCES users(id),
    due_date          TEXT NOT NULL,
    status            TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','done','cancelled')),
    source_checkup_id INTEGER REFERENCES checkups(id),
    note              TEXT,
    version           INTEGER NOT NULL DEFAULT 1,
    created_by        INTEGER NOT NULL REFERENCES users(id),
    created_at        INTEGER NOT NULL,
    done_by           INTEGER REFERENCES users(id),
    done_at           INTEGER
);
CREATE INDEX tasks_by_owner ON tasks(org_id, owner_id, status, due_date);
-- SV-7: the directory of community resources and the referrals made to them.
CREATE TABLE resources (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    kind          TEXT NOT NULL CHECK (kind IN ('housing','employment','health','social_services','mutual_aid','food','legal','transportation','education','other')),
    name          TEXT NOT NULL,
    address       TEXT,
    zip           TEXT,
    phone         TEXT,
    hours         TEXT,
    languages     TEXT,
    eligibility   TEXT,
    meetings      TEXT,
    website       TEXT,
    note          TEXT,
    active        INTEGER NOT NULL DEFAULT 1,
    version       INTEGER NOT NULL DEFAULT 1,
    updated_by    INTEGER NOT NULL REFERENCES users(id),
    updated_at    INTEGER NOT NULL
);
CREATE INDEX resources_by_kind ON resources(org_id, kind, name);
CREATE INDEX resources_by_zip ON resources(org_id, zip);
CREATE TABLE referrals (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    recoveree_id  INTEGER NOT NULL REFERENCES recoverees(id),
    resource_id   INTEGER NOT NULL REFERENCES resources(id),
    made_by       INTEGER NOT NULL REFERENCES users(id),
    made_on       TEXT NOT NULL,
    state         TEXT NOT NULL DEFAULT 'made' CHECK (state IN ('made','connected','completed','declined')),
    connected_on  TEXT,
    closed_on     TEXT,
    follow_up_on  TEXT,
    note          TEXT,
    version       INTEGER NOT NULL DEFAULT 1,
    updated_by    INTEGER NOT NULL REFERENCES users(id),
    updated_at    INTEGER NOT NULL
);
CREATE INDEX referrals_by_recoveree ON referrals(org_id, recoveree_id, made_on);
CREATE INDEX referrals_follow_up ON referrals(org_id, made_by, state, follow_up_on);
-- SV-8: who pays. rounding: eight_minute (CMS: a unit from 8 minutes on), down, up, nearest.
CREATE TABLE payers (
    id               INTEGER PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES orgs(id),
    name             TEXT NOT NULL,
    funding_source   TEXT NOT NULL,
    payer_ident      TEXT,
    unit_minutes     INTEGER NOT NULL DEFAULT 15 CHECK (unit_minutes BETWEEN 1 AND 240),
    rounding         TEXT NOT NULL DEFAULT 'eight_minute' CHECK (rounding IN ('eight_minute','down','up','nearest')),
    min_minutes      INTEGER NOT NULL DEFAULT 8,
    daily_cap_units  INTEGER NOT NULL DEFAULT 16,
    active           INTEGER NOT NULL DEFAULT 1,
    version          INTEGER NOT NULL DEFAULT 1,
    updated_by       INTEGER NOT NULL REFERENCES users(id),
    updated_at       INTEGER NOT NULL
);
-- A billable code of a payer: procedure code and modifiers (H0038 HQ for a group), the format and
-- intensities it covers, the lowest peer level and the credential it requires, its rate per unit
-- and cap (NULL: the payer's), whether a diagnosis is required.
CREATE TABLE payer_codes (
    id                  INTEGER PRIMARY KEY,
    org_id              INTEGER NOT NULL REFERENCES orgs(id),
    payer_id            INTEGER NOT NULL REFERENCES payers(id),
    code                TEXT NOT NULL,
    modifiers           TEXT,
    description         TEXT,
    modality            TEXT,
    min_level           INTEGER NOT NULL DEFAULT 2 CHECK (min_level BETWEEN 1 AND 3),
    credential          TEXT,
    rate_cents          INTEGER NOT NULL DEFAULT 0,
    daily_cap_units     INTEGER,
    requires_diagnosis  INTEGER NOT NULL DEFAULT 1,
    active              INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX payer_codes_by_payer ON payer_codes(org_id, payer_id);
-- A recoveree's coverage with a payer: member id, diagnosis (ICD-10-CM), subscriber details the
-- 837P asks for.
CREATE TABLE billing_profiles (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL REFERENCES orgs(id),
    recoveree_id    INTEGER NOT NULL REFERENCES recoverees(id),
    payer_id        INTEGER NOT NULL REFERENCES payers(id),
    member_id       TEXT,
    diagnosis_code  TEXT,
    sex             TEXT,
    address         TEXT,
    city            TEXT,
    state           TEXT,
    zip             TEXT,
    valid_from      TEXT,
    valid_to        TEXT,
    updated_by      INTEGER NOT NULL REFERENCES users(id),
    updated_at      INTEGER NOT NULL,
    UNIQUE (org_id, recoveree_id, payer_id)
);
-- The organization as billing provider (837P loop 2010AA) and submitter (1000A).
CREATE TABLE billing_provider (
    org_id          INTEGER PRIMARY KEY REFERENCES orgs(id),
    name            TEXT NOT NULL,
    npi             TEXT,
    tax_id          TEXT,
    address         TEXT,
    city            TEXT,
    state           TEXT,
    zip             TEXT,
    contact_name    TEXT,
    contact_phone   TEXT,
    submitter_id    TEXT,
    updated_by      INTEGER NOT NULL REFERENCES users(id),
    updated_at      INTEGER NOT NULL
);
-- Claims that left: one batch per payer and period (the CSV and the 837P of it), and its lines,
-- so a service is not billed twice and a batch can be reproduced.
CREATE TABLE claim_batches (
    id               INTEGER PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES orgs(id),
    payer_id         INTEGER NOT NULL REFERENCES payers(id),
    period_from      TEXT NOT NULL,
    period_to        TEXT NOT NULL,
    control_number   INTEGER NOT NULL,
    claims           INTEGER NOT NULL,
    total_cents      INTEGER NOT NULL,
    created_by       INTEGER NOT NULL REFERENCES users(id),
    created_at       INTEGER NOT NULL
);
CREATE TABLE claim_lines (
    batch_id      INTEGER NOT NULL REFERENCES claim_batches(id),
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    service_id    INTEGER NOT NULL REFERENCES services(id),
    recoveree_id  INTEGER NOT NULL REFERENCES recoverees(id),
    units         INTEGER NOT NULL,
    charge_cents  INTEGER NOT NULL,
    PRIMARY KEY (batch_id, service_id, recoveree_id)
);
CREATE INDEX claim_lines_by_service ON claim_lines(org_id, service_id);
-- SV-5: an organization's own boundary-check rules, added to the built-in table
-- (rules/boundary.tsv): effect warn or allow, a pattern in the rule language (domain/boundary.h),
-- or disables naming a built-in rule the organization turns off (pattern NULL then).
CREATE TABLE boundary_rules (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    lane          TEXT NOT NULL CHECK (lane IN ('sponsor','therapist','medical','clergy')),
    effect        TEXT NOT NULL CHECK (effect IN ('warn','allow')),
    pattern       TEXT,
    disables      TEXT,
    note          TEXT,
    active        INTEGER NOT NULL DEFAULT 1,
    created_by    INTEGER NOT NULL REFERENCES users(id),
    created_at    INTEGER NOT NULL
);
CREATE INDEX boundary_rules_by_org ON boundary_rules(org_id, active);
-- A supervisor's review of an assignment made with an override (SV-3, SV-4).
ALTER TABLE caseload ADD COLUMN reviewed_by INTEGER REFERENCES users(id);
ALTER TABLE caseload ADD COLUMN reviewed_at INTEGER;
