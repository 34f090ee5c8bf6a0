-- 008 login throttle (PostgreSQL): failed sign-ins are counted per username and client address
-- (the lockout) and per username alone (a slower throttle); old rows are purged by age.
ALTER TABLE login_failures ADD COLUMN client TEXT NOT NULL DEFAULT '';
-- 1 on the attempt that took the throttle's one password check of its interval.
ALTER TABLE login_failures ADD COLUMN checked SMALLINT NOT NULL DEFAULT 0;
CREATE INDEX login_failures_by_client ON login_failures(org_id, username, client, at);
CREATE INDEX login_failures_by_age ON login_failures(at);
