-- 005 audit per organization (PostgreSQL): each organization has its own audit chain and
-- sequence, verified on its own, and every record read says its purpose of use (issue 7).
--   chain         the organization's id; 0 for events of no organization (a sign-in to an
--                 organization that does not exist)
--   chain_seq     1, 2, 3 ... within the chain: another organization's activity makes no gap
--   hash_version  1: a row written before this migration. Its hash chains every organization's
--                 rows in one sequence (seq, prev_hash = the previous row of any organization);
--                 verify-audit still walks that epoch whole, and audit_head keeps its end.
--                 2: a row chained within its organization (chain_seq, prev_hash = the
--                 organization's previous row; the hash covers purpose too). An organization's
--                 first version-2 row follows its last version-1 row.
--   purpose       why a record was read (HIPAA 164.506, 42 CFR Part 2): treatment, payment,
--                 operations, emergency (a break-glass read) or disclosure; NULL for events
--                 that read no record (sign-ins, changes)
ALTER TABLE audit ADD COLUMN chain BIGINT NOT NULL DEFAULT 0;
ALTER TABLE audit ADD COLUMN chain_seq BIGINT;
ALTER TABLE audit ADD COLUMN hash_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit ADD COLUMN purpose TEXT
    CHECK (purpose IN ('treatment','payment','operations','emergency','disclosure'));
-- Numbering the existing rows is the one change ever made to them (their hashes stay as they
-- were, so verify-audit still checks them); the append-only trigger steps aside for it.
ALTER TABLE audit DISABLE TRIGGER audit_no_change;
UPDATE audit SET chain = COALESCE(org_id, 0);
UPDATE audit SET chain_seq = n.rn
    FROM (SELECT seq, ROW_NUMBER() OVER (PARTITION BY chain ORDER BY seq) AS rn FROM audit) AS n
    WHERE audit.seq = n.seq;
ALTER TABLE audit ENABLE TRIGGER audit_no_change;
CREATE UNIQUE INDEX audit_by_chain ON audit(chain, chain_seq);
-- Each chain's end: its last chain_seq and that row's hash. Appenders lock their chain's row,
-- so organizations no longer wait for each other.
CREATE TABLE audit_chain_head (
    chain  BIGINT PRIMARY KEY,
    seq    BIGINT NOT NULL,
    hash   TEXT NOT NULL
);
INSERT INTO audit_chain_head (chain, seq, hash)
    SELECT a.chain, a.chain_seq, a.hash FROM audit a
    WHERE a.chain_seq = (SELECT MAX(b.chain_seq) FROM audit b WHERE b.chain = a.chain);
-- seq stays the row's key in the order rows were written; it is no longer what is chained.
CREATE SEQUENCE audit_row_seq;
SELECT setval('audit_row_seq', (SELECT COALESCE(MAX(seq), 0) + 1 FROM audit), false);
ALTER TABLE audit ALTER COLUMN seq SET DEFAULT nextval('audit_row_seq');
CREATE INDEX audit_by_purpose ON audit(org_id, purpose, seq);
