-- migrate: foreign_keys=off
-- 018 monitoring (SQLite, issue 13): monitoring programs for licensed professionals (GR-6..GR-10, GR-7).
--
-- mon_programs       a program: its board, the daily check-in window (minutes after local
--                    midnight), the range of times to test by (draw.h draw_times), its collection
--                    sites (one per line), the days of grace for a report owed, and its fees: the
--                    sliding scale ("max_percent|cents" lines, -1 for the standard tier, fee.h),
--                    the poverty line (base and each further person, cents a year) and the
--                    testing fees ("kind|cents" lines).
-- mon_phases         the program's phases in order, each with its testing model (draw.h) and its
--                    practice restrictions as text.
-- mon_duties         a phase's counted duties: count per period (monitor.h).
-- mon_participants   a licensed professional in the program: the recoveree record, the monitoring
--                    case manager, the licence, colour (colour-group testing), who reports on
--                    them, household and yearly income for the sliding scale.
-- mon_agreements     the agreement, versioned: each row is one version, an amendment adds a row
--                    and keeps the ones before. effective_from is the day the version's phase
--                    applies from, so the versions are the phases over time (monitor.h spans).
-- mon_draws          one program-day's draw: the seed (kept secret until the day is over), its
--                    commitment (SHA-256, shown before the day), the algorithm, the pool snapshot
--                    and the picks (JSON), and when the day was closed.
-- mon_checkins       one participant's check-in on a day, with its confirmation code and answer.
-- mon_unavailability a request not to be tested (travel, illness), approved or declined.
-- mon_tests          a selected test through its lifecycle (GR-9).
-- mon_violations     a missed check-in or test, a positive, a refusal, a dilute or a late report,
--                    open until staff confirm or excuse it with a reason.
-- mon_reports        a report owed by others (GR-10) on its due day, and when it came.
-- mon_meetings       mutual-help meetings the participant reported.
-- mon_invoices       what is owed: a month's fee or a test's fee, in cents.
-- mon_payments       what was paid, in cents.
-- users.role         gains 'participant' (a recoveree's own login, users.recoveree_id) and 'board'
--                    (a licensing board's liaison: compliant or not, per participant and month).
--
-- The users table is rebuilt to widen its role CHECK (SQLite cannot alter one): foreign keys are
-- off for this migration (migrate.c), and the migration checks them all before it
-- ends.
CREATE TABLE users_new (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    username       TEXT NOT NULL,
    display_name   TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('admin','supervisor','peer','clinician','case_manager','facilitator','auditor','participant','board')),
    pw_hash        TEXT NOT NULL,
    totp_secret    TEXT,
    disabled       INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    pw_changed_at  INTEGER NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    language       TEXT,
    email          TEXT,
    recoveree_id   INTEGER REFERENCES recoverees(id),
    UNIQUE (org_id, username)
);
INSERT INTO users_new (id, org_id, username, display_name, role, pw_hash, totp_secret, disabled,
                       created_at, updated_at, pw_changed_at, version, language, email)
    SELECT id, org_id, username, display_name, role, pw_hash, totp_secret, disabled, created_at,
           updated_at, pw_changed_at, version, language, email FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
CREATE INDEX users_by_org ON users(org_id, display_name);
CREATE INDEX users_by_role ON users(org_id, role, disabled);
CREATE INDEX users_by_org_role ON users(org_id, role, display_name);
CREATE TRIGGER users_insert_org_state AFTER INSERT ON users BEGIN
    UPDATE orgs SET state_version = state_version + 1 WHERE id = NEW.org_id;
END;
CREATE TRIGGER users_update_org_state AFTER UPDATE OF role, display_name, disabled ON users
WHEN OLD.role IS NOT NEW.role OR OLD.display_name IS NOT NEW.display_name
  OR OLD.disabled IS NOT NEW.disabled BEGIN
    UPDATE orgs SET state_version = state_version + 1 WHERE id = NEW.org_id;
END;
CREATE TRIGGER users_workforce_status_add AFTER INSERT ON users
BEGIN
    INSERT INTO workforce_status (user_id, org_id) VALUES (NEW.id, NEW.org_id);
END;
CREATE TRIGGER users_workforce_status_stale AFTER UPDATE OF display_name, username, role, disabled ON users
BEGIN
    UPDATE workforce_status SET valid_until = 0 WHERE user_id = NEW.id;
END;
-- Every foreign key still holds, or the migration fails here (a CHECK on a count of none).
CREATE TEMP TABLE fk_broken (n INTEGER CHECK (n = 0));
INSERT INTO fk_broken SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE fk_broken;
CREATE UNIQUE INDEX users_by_recoveree ON users(org_id, recoveree_id) WHERE recoveree_id IS NOT NULL;
CREATE TABLE mon_programs (
    id                INTEGER PRIMARY KEY,
    org_id            INTEGER NOT NULL REFERENCES orgs(id),
    name              TEXT NOT NULL,
    board             TEXT NOT NULL,
    checkin_from      INTEGER NOT NULL CHECK (checkin_from BETWEEN 0 AND 1439),
    checkin_to        INTEGER NOT NULL CHECK (checkin_to BETWEEN 1 AND 1440),
    test_by_earliest  INTEGER NOT NULL CHECK (test_by_earliest BETWEEN 0 AND 1439),
    test_by_latest    INTEGER NOT NULL CHECK (test_by_latest BETWEEN 0 AND 1439),
    test_by_step      INTEGER NOT NULL DEFAULT 30 CHECK (test_by_step BETWEEN 1 AND 720),
    sites             TEXT NOT NULL,
    report_grace_days INTEGER NOT NULL DEFAULT 7 CHECK (report_grace_days BETWEEN 0 AND 60),
    fee_tiers         TEXT NOT NULL,
    poverty_base      BIGINT NOT NULL,
    poverty_per_person BIGINT NOT NULL,
    test_fees         TEXT NOT NULL,
    active            INTEGER NOT NULL DEFAULT 1,
    created_by        INTEGER NOT NULL REFERENCES users(id),
    created_at        BIGINT NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1,
    UNIQUE (org_id, name)
);
CREATE TABLE mon_phases (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    program_id   INTEGER NOT NULL REFERENCES mon_programs(id),
    ordinal      INTEGER NOT NULL,
    name         TEXT NOT NULL,
    draw_model   TEXT NOT NULL CHECK (draw_model IN ('daily','rate_month','window','colour')),
    draw_n       INTEGER NOT NULL,
    draw_d       INTEGER NOT NULL,
    checkin_daily INTEGER NOT NULL DEFAULT 1,
    restrictions TEXT,
    UNIQUE (program_id, ordinal)
);
CREATE TABLE mon_duties (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    phase_id     INTEGER NOT NULL REFERENCES mon_phases(id),
    kind         TEXT NOT NULL CHECK (kind IN ('group','mutual_help','worksite_report','self_report','treatment_report')),
    count        INTEGER NOT NULL CHECK (count BETWEEN 1 AND 999),
    per          TEXT NOT NULL CHECK (per IN ('day','week','month','quarter','year')),
    UNIQUE (phase_id, kind)
);
CREATE TABLE mon_participants (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL REFERENCES orgs(id),
    program_id      INTEGER NOT NULL REFERENCES mon_programs(id),
    recoveree_id    INTEGER NOT NULL REFERENCES recoverees(id),
    case_manager_id INTEGER NOT NULL REFERENCES users(id),
    licence_type    TEXT NOT NULL,
    licence_number  TEXT NOT NULL,
    licence_state   TEXT NOT NULL,
    board           TEXT NOT NULL,
    colour          TEXT,
    worksite_monitor TEXT,
    treatment_provider TEXT,
    household       INTEGER NOT NULL DEFAULT 1 CHECK (household BETWEEN 1 AND 20),
    income_cents    BIGINT,
    status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','completed','discharged')),
    created_at      BIGINT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    UNIQUE (org_id, recoveree_id)
);
CREATE INDEX mon_participants_by_cm ON mon_participants(org_id, case_manager_id, status);
CREATE TABLE mon_agreements (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    participant_id INTEGER NOT NULL REFERENCES mon_participants(id),
    version        INTEGER NOT NULL,
    start_date     TEXT NOT NULL,
    months         INTEGER NOT NULL CHECK (months BETWEEN 1 AND 120),
    phase_id       INTEGER NOT NULL REFERENCES mon_phases(id),
    effective_from TEXT NOT NULL,
    terms          TEXT,
    reason         TEXT,
    document_name  TEXT,
    document_type  TEXT,
    document       BLOB,
    document_sha256 TEXT,
    recorded_by    INTEGER NOT NULL REFERENCES users(id),
    recorded_at    BIGINT NOT NULL,
    UNIQUE (participant_id, version)
);
CREATE TABLE mon_draws (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    program_id   INTEGER NOT NULL REFERENCES mon_programs(id),
    day          TEXT NOT NULL,
    seed         TEXT NOT NULL,
    commitment   TEXT NOT NULL,
    committed_at BIGINT NOT NULL,
    algorithm    TEXT NOT NULL,
    pool         TEXT,
    picks        TEXT,
    drawn_at     BIGINT,
    closed_at    BIGINT,
    UNIQUE (program_id, day)
);
CREATE TABLE mon_checkins (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    participant_id INTEGER NOT NULL REFERENCES mon_participants(id),
    day            TEXT NOT NULL,
    at             BIGINT NOT NULL,
    code           TEXT NOT NULL,
    selected       INTEGER NOT NULL,
    test_by        INTEGER,
    UNIQUE (participant_id, day)
);
CREATE TABLE mon_unavailability (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    participant_id INTEGER NOT NULL REFERENCES mon_participants(id),
    from_day       TEXT NOT NULL,
    to_day         TEXT NOT NULL,
    reason         TEXT NOT NULL,
    state          TEXT NOT NULL DEFAULT 'requested' CHECK (state IN ('requested','approved','declined')),
    requested_at   BIGINT NOT NULL,
    decided_by     INTEGER REFERENCES users(id),
    decided_at     BIGINT,
    decision       TEXT
);
CREATE TABLE mon_tests (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    participant_id INTEGER NOT NULL REFERENCES mon_participants(id),
    draw_id        INTEGER REFERENCES mon_draws(id),
    day            TEXT NOT NULL,
    test_by        INTEGER,
    kind           TEXT NOT NULL DEFAULT 'urine',
    state          TEXT NOT NULL CHECK (state IN ('selected','collected','sent','resulted','verified','missed','excused')),
    site           TEXT,
    collected_at   BIGINT,
    custody_form   TEXT,
    observed       INTEGER,
    sent_at        BIGINT,
    lab            TEXT,
    result         TEXT CHECK (result IN ('negative','positive','dilute','adulterated','invalid','cancelled')),
    resulted_at    BIGINT,
    mro_result     TEXT CHECK (mro_result IN ('negative','positive','dilute','adulterated','invalid','cancelled')),
    verified_at    BIGINT,
    note           TEXT,
    updated_by     INTEGER REFERENCES users(id),
    updated_at     BIGINT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX mon_tests_by_participant ON mon_tests(org_id, participant_id, day);
CREATE UNIQUE INDEX mon_tests_custody ON mon_tests(org_id, custody_form);
CREATE TABLE mon_violations (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    participant_id INTEGER NOT NULL REFERENCES mon_participants(id),
    day            TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('missed_checkin','missed_test','positive','refusal','dilute','late_report')),
    test_id        INTEGER REFERENCES mon_tests(id),
    report_id      INTEGER,
    state          TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open','confirmed','excused')),
    created_at     BIGINT NOT NULL,
    decided_by     INTEGER REFERENCES users(id),
    decided_at     BIGINT,
    reason         TEXT
);
CREATE UNIQUE INDEX mon_violations_once ON mon_violations(participant_id, day, kind, COALESCE(test_id, 0), COALESCE(report_id, 0));
CREATE INDEX mon_violations_open ON mon_violations(org_id, state, participant_id);
CREATE TABLE mon_reports (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    participant_id INTEGER NOT NULL REFERENCES mon_participants(id),
    kind           TEXT NOT NULL CHECK (kind IN ('worksite_report','self_report','treatment_report')),
    due_day        TEXT NOT NULL,
    received_day   TEXT,
    received_by    INTEGER REFERENCES users(id),
    note           TEXT,
    UNIQUE (participant_id, kind, due_day)
);
CREATE INDEX mon_reports_due ON mon_reports(org_id, received_day, due_day);
CREATE TABLE mon_meetings (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    participant_id INTEGER NOT NULL REFERENCES mon_participants(id),
    day            TEXT NOT NULL,
    name           TEXT NOT NULL,
    recorded_by    INTEGER NOT NULL REFERENCES users(id),
    recorded_at    BIGINT NOT NULL
);
CREATE INDEX mon_meetings_by_participant ON mon_meetings(participant_id, day);
CREATE TABLE mon_invoices (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    participant_id INTEGER NOT NULL REFERENCES mon_participants(id),
    month          TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('monthly','test')),
    test_id        INTEGER REFERENCES mon_tests(id),
    amount_cents   BIGINT NOT NULL,
    due_day        TEXT NOT NULL,
    description    TEXT NOT NULL,
    created_at     BIGINT NOT NULL
);
CREATE UNIQUE INDEX mon_invoices_once ON mon_invoices(participant_id, month, kind, COALESCE(test_id, 0));
CREATE TABLE mon_payments (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    participant_id INTEGER NOT NULL REFERENCES mon_participants(id),
    day            TEXT NOT NULL,
    amount_cents   BIGINT NOT NULL CHECK (amount_cents > 0),
    method         TEXT NOT NULL,
    note           TEXT,
    recorded_by    INTEGER NOT NULL REFERENCES users(id),
    recorded_at    BIGINT NOT NULL
);
