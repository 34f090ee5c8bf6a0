-- 010 organization state version (PostgreSQL): every server caches an organization's policy
-- values in memory and re-reads them when this number, read with the session on every request,
-- differs from the cached one, so several servers on one database stay correct. Whatever
-- changes cached state adds one to it in the same transaction.
ALTER TABLE orgs ADD COLUMN state_version BIGINT NOT NULL DEFAULT 1;
