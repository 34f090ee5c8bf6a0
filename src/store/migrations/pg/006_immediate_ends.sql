-- 006 immediate ends (PostgreSQL): ending a caseload assignment or a supervision takes effect at
-- once (ended_at, Unix seconds), not at the end of the day; end_date stays for the reports.
-- Signed consent copies are replaced only by a correction with its reason (RC-3).
ALTER TABLE caseload ADD COLUMN ended_at BIGINT;
ALTER TABLE supervisor_assignments ADD COLUMN ended_at BIGINT;
-- Ends already recorded for today or earlier take effect now, not at midnight.
UPDATE caseload SET ended_at = CAST(EXTRACT(EPOCH FROM now()) AS BIGINT)
    WHERE end_date IS NOT NULL AND end_date <= to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD');
UPDATE supervisor_assignments SET ended_at = CAST(EXTRACT(EPOCH FROM now()) AS BIGINT)
    WHERE end_date IS NOT NULL AND end_date <= to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD');
-- Why a copy replaced the one before it (NULL: the first copy); every copy is kept.
ALTER TABLE consent_files ADD COLUMN correction_reason TEXT;
