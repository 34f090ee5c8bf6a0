-- 012 organization time zone (SQLite): the IANA name (tz.h) in which the organization's
-- "today" and every shown time are reckoned; stored instants stay UTC. New Jersey by default,
-- the state whose guidelines the default policy values follow.
ALTER TABLE orgs ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'America/New_York';
