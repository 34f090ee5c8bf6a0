-- 005 audit per organization (SQLite): each organization has its own audit chain and sequence,
-- verified on its own, and every record read says its purpose of use (issue 7).
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
ALTER TABLE audit ADD COLUMN chain INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit ADD COLUMN chain_seq INTEGER;
ALTER TABLE audit ADD COLUMN hash_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit ADD COLUMN purpose TEXT
    CHECK (purpose IN ('treatment','payment','operations','emergency','disclosure'));
UPDATE audit SET chain = COALESCE(org_id, 0);
UPDATE audit SET chain_seq = n.rn
    FROM (SELECT seq, ROW_NUMBER() OVER (PARTITION BY chain ORDER BY seq) AS rn FROM audit) AS n
    WHERE audit.seq = n.seq;
CREATE UNIQUE INDEX audit_by_chain ON audit(chain, chain_seq);
-- Each chain's end: its last chain_seq and that row's hash. Appenders lock their chain's row,
-- so organizations no longer wait for each other.
CREATE TABLE audit_chain_head (
    chain  INTEGER PRIMARY KEY,
    seq    INTEGER NOT NULL,
    hash   TEXT NOT NULL
);
INSERT INTO audit_chain_head (chain, seq, hash)
    SELECT a.chain, a.chain_seq, a.hash FROM audit a
    WHERE a.chain_seq = (SELECT MAX(b.chain_seq) FROM audit b WHERE b.chain = a.chain);
CREATE INDEX audit_by_purpose ON audit(org_id, purpose, seq);
