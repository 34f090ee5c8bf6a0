-- 017 groups (SQLite, issue 12): recovery support groups (GR-1..GR-5).
--
-- support_groups      a group: its kind, where it meets (a place, a video link or both), its
--                     capacity, the ground rules its members agree to, and its schedule: the first
--                     session's local day and time in the organization's zone, its length and an
--                     RFC 5545 RRULE (recur.h). NULL rrule: sessions are only those added by hand.
-- group_facilitators  who facilitates (staff or contracted), from added_at until removed_at.
-- group_members       who belongs (recoverees), from joined_on until left_on, and the day they
--                     agreed to the ground rules (agreed_on, NULL until they have).
-- group_exceptions    one occurrence of the schedule cancelled or moved (to new_date/new_time).
-- agenda_templates    an organization's own session plans; the built-in default (group.h) is
--                     used when it has none. Segments are "label|minutes" lines.
-- group_sessions      one occurrence once it is opened, planned or documented: its own plan
--                     (segments, topic, handouts), its note, and whether it was documented.
-- session_attendance  each member (recoveree_id) or guest (guest_name) at a session: status,
--                     whether they shared, a participation note, and the group service (SV-1)
--                     documenting created for an attending member.
-- incidents           GR-5: a relapse disclosure or concern of harm reported at a session, whom
--                     it reached (notified_user, notification_id) and whether the details could
--                     be shared (shared: a consent allowed it, RC-3).
CREATE TABLE support_groups (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    name           TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('recovery_support','family','professional')),
    place          TEXT,
    video_link     TEXT,
    capacity       INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 200),
    ground_rules   TEXT NOT NULL,
    setting        TEXT NOT NULL DEFAULT 'recovery_center',
    activity       TEXT NOT NULL DEFAULT 'educator',
    funding_source TEXT,
    start_date     TEXT NOT NULL,
    start_time     TEXT NOT NULL,
    minutes        INTEGER NOT NULL CHECK (minutes BETWEEN 15 AND 480),
    rrule          TEXT,
    template_id    INTEGER,
    active         INTEGER NOT NULL DEFAULT 1,
    created_by     INTEGER NOT NULL REFERENCES users(id),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX groups_by_org ON support_groups(org_id, active, name);
CREATE TABLE group_facilitators (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    group_id    INTEGER NOT NULL REFERENCES support_groups(id),
    user_id     INTEGER NOT NULL REFERENCES users(id),
    contracted  INTEGER NOT NULL DEFAULT 0,
    added_by    INTEGER NOT NULL REFERENCES users(id),
    added_at    INTEGER NOT NULL,
    removed_at  INTEGER
);
CREATE INDEX group_facilitators_by_group ON group_facilitators(org_id, group_id);
CREATE INDEX group_facilitators_by_user ON group_facilitators(org_id, user_id);
CREATE TABLE group_members (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    group_id      INTEGER NOT NULL REFERENCES support_groups(id),
    recoveree_id  INTEGER NOT NULL REFERENCES recoverees(id),
    joined_on     TEXT NOT NULL,
    left_on       TEXT,
    agreed_on     TEXT,
    agreed_by     INTEGER REFERENCES users(id),
    added_by      INTEGER NOT NULL REFERENCES users(id),
    added_at      INTEGER NOT NULL
);
CREATE INDEX group_members_by_group ON group_members(org_id, group_id, left_on);
CREATE INDEX group_members_by_recoveree ON group_members(org_id, recoveree_id);
CREATE TABLE group_exceptions (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    group_id     INTEGER NOT NULL REFERENCES support_groups(id),
    orig_date    TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('cancelled','moved')),
    new_date     TEXT,
    new_time     TEXT,
    reason       TEXT NOT NULL,
    recorded_by  INTEGER NOT NULL REFERENCES users(id),
    recorded_at  INTEGER NOT NULL,
    UNIQUE (org_id, group_id, orig_date)
);
CREATE TABLE agenda_templates (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    name        TEXT NOT NULL,
    segments    TEXT NOT NULL,
    updated_by  INTEGER NOT NULL REFERENCES users(id),
    updated_at  INTEGER NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE group_sessions (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    group_id       INTEGER NOT NULL REFERENCES support_groups(id),
    session_date   TEXT NOT NULL,
    starts_at      INTEGER NOT NULL,
    minutes        INTEGER NOT NULL,
    segments       TEXT NOT NULL,
    topic          TEXT,
    handouts       TEXT,
    note           TEXT,
    boundary_reason TEXT,
    documented_at  INTEGER,
    documented_by  INTEGER REFERENCES users(id),
    created_at     INTEGER NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    UNIQUE (org_id, group_id, session_date)
);
CREATE TABLE session_attendance (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    session_id    INTEGER NOT NULL REFERENCES group_sessions(id),
    recoveree_id  INTEGER REFERENCES recoverees(id),
    guest_name    TEXT,
    guest_role    TEXT,
    status        TEXT NOT NULL CHECK (status IN ('present','late','excused','absent')),
    shared        INTEGER NOT NULL DEFAULT 0,
    note          TEXT,
    service_id    INTEGER REFERENCES services(id),
    CHECK ((recoveree_id IS NULL) <> (guest_name IS NULL))
);
CREATE INDEX session_attendance_by_session ON session_attendance(org_id, session_id);
CREATE INDEX session_attendance_by_recoveree ON session_attendance(org_id, recoveree_id);
CREATE TABLE incidents (
    id               INTEGER PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES orgs(id),
    group_id         INTEGER NOT NULL REFERENCES support_groups(id),
    session_id       INTEGER REFERENCES group_sessions(id),
    recoveree_id     INTEGER NOT NULL REFERENCES recoverees(id),
    kind             TEXT NOT NULL CHECK (kind IN ('relapse','harm_self','harm_others')),
    details          TEXT NOT NULL,
    reported_by      INTEGER NOT NULL REFERENCES users(id),
    reported_at      INTEGER NOT NULL,
    notified_user    INTEGER REFERENCES users(id),
    notification_id  INTEGER,
    shared           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX incidents_by_recoveree ON incidents(org_id, recoveree_id, reported_at);
