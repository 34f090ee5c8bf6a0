-- 016 notify (SQLite, issue 12 item 6, GR-5): the in-app inbox, the e-mail outbox and each
-- person's e-mail address. The incident report (GR-5) reaches the participant's monitoring case
-- manager at once through these; an unacknowledged one escalates to their supervisor.
--
-- users.email     where a person's notices are e-mailed (NULL: the inbox only). account_rules.h
--                 check_email says what is accepted.
-- notifications   one item in one person's inbox (user_id). kind says what it is ('incident',
--                 'escalation', 'test'); record_type and record_id name the record it is about
--                 and link the path in the app that shows it. title and body hold the detail,
--                 which is shown in the app only, never e-mailed. read_at: first opened;
--                 acked_at/acked_by: acknowledged. escalate_at (NULL: never) is when an
--                 unacknowledged item escalates to escalate_to; escalated_at is when it did and
--                 escalated_id the notice that escalation made, whose origin_id points back.
-- mail_outbox     one e-mail to send: a notice that there is something in the inbox, with a
--                 link, and nothing of what it is about (42 CFR Part 2: e-mail is not a safe
--                 channel for recovery information). attempts, next_try_at and last_error are
--                 the mailer's retries (NULL next_try_at with no sent_at: it gave up);
--                 sent_at when the relay took it.
ALTER TABLE users ADD COLUMN email TEXT;
CREATE TABLE notifications (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    user_id       INTEGER NOT NULL REFERENCES users(id),
    kind          TEXT NOT NULL,
    record_type   TEXT,
    record_id     INTEGER,
    title         TEXT NOT NULL,
    body          TEXT,
    link          TEXT,
    origin_id     INTEGER REFERENCES notifications(id),
    created_at    INTEGER NOT NULL,
    read_at       INTEGER,
    acked_at      INTEGER,
    acked_by      INTEGER REFERENCES users(id),
    escalate_at   INTEGER,
    escalate_to   INTEGER REFERENCES users(id),
    escalated_at  INTEGER,
    escalated_id  INTEGER REFERENCES notifications(id)
);
-- A person's inbox and its count of unacknowledged items (read with every signed-in request).
CREATE INDEX notifications_inbox ON notifications(user_id, acked_at);
-- What the mailer's escalation pass looks for.
CREATE INDEX notifications_due ON notifications(escalate_at)
    WHERE acked_at IS NULL AND escalated_at IS NULL AND escalate_at IS NOT NULL;
CREATE TABLE mail_outbox (
    id               INTEGER PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES orgs(id),
    notification_id  INTEGER REFERENCES notifications(id),
    to_addr          TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body             TEXT NOT NULL,
    created_at       INTEGER NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_try_at      INTEGER,
    sent_at          INTEGER,
    last_error       TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox(next_try_at) WHERE sent_at IS NULL;
