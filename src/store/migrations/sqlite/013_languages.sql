-- 013 languages (SQLite): the language each person reads peerdesk in, and the organization's
-- default (a message catalog code, msg.h). users.language NULL follows the browser's
-- Accept-Language; orgs.default_language NULL is English. SPEC "Time, language and people".
ALTER TABLE users ADD COLUMN language TEXT;
ALTER TABLE orgs ADD COLUMN default_language TEXT;
