-- 015 claims (SQLite, issue 11 item 7, SV-8): what a claim batch needs beyond 014.
-- A control number is unique per organization (ISA13/GS06 of the 837P), and a service is
-- billed for a recoveree once (claim_lines_once: the store refuses a second line). A line
-- keeps what was billed as it was then (member id, diagnosis, code, modifiers, rate, the
-- units before the cap and the cap that cut them), so the batch's CSV and 837P come out the
-- same later, whatever changes in the profile or the code. claim_exclusions are the services
-- of the period left out of the batch, each with its reason (billing.h reason code).
-- detail is the reason's sentence as the batch's creator read it (the CSV's last column).
CREATE UNIQUE INDEX claim_batches_control ON claim_batches(org_id, control_number);
CREATE UNIQUE INDEX claim_lines_once ON claim_lines(org_id, service_id, recoveree_id);
ALTER TABLE claim_lines ADD COLUMN member_id TEXT;
ALTER TABLE claim_lines ADD COLUMN diagnosis_code TEXT;
ALTER TABLE claim_lines ADD COLUMN code TEXT;
ALTER TABLE claim_lines ADD COLUMN modifiers TEXT;
ALTER TABLE claim_lines ADD COLUMN rate_cents INTEGER;
ALTER TABLE claim_lines ADD COLUMN rounded_units INTEGER;
ALTER TABLE claim_lines ADD COLUMN cap_units INTEGER;
ALTER TABLE claim_lines ADD COLUMN reason TEXT;
ALTER TABLE claim_lines ADD COLUMN detail TEXT;
CREATE TABLE claim_exclusions (
    id            INTEGER PRIMARY KEY,
    batch_id      INTEGER NOT NULL REFERENCES claim_batches(id),
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    service_id    INTEGER NOT NULL REFERENCES services(id),
    recoveree_id  INTEGER NOT NULL REFERENCES recoverees(id),
    reason        TEXT NOT NULL,
    rounded_units INTEGER NOT NULL DEFAULT 0,
    cap_units     INTEGER NOT NULL DEFAULT 0,
    code          TEXT,
    detail        TEXT
);
CREATE INDEX claim_exclusions_by_batch ON claim_exclusions(org_id, batch_id);
