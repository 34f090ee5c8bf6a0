-- 007 profiles (SQLite): structured matching profiles (RC-1, RC-2). Codes of the
-- controlled lists in src/domain/profile.c, normalized and comma-separated in list order
-- (NULL = none stated); the older free-text columns stay beside them as the free text.
ALTER TABLE recoverees ADD COLUMN language_codes TEXT;
ALTER TABLE recoverees ADD COLUMN gender TEXT;
ALTER TABLE recoverees ADD COLUMN peer_gender TEXT;
ALTER TABLE recoverees ADD COLUMN substance_codes TEXT;
ALTER TABLE recoverees ADD COLUMN pathway_codes TEXT;
ALTER TABLE recoverees ADD COLUMN culture_codes TEXT;
ALTER TABLE staff_profiles ADD COLUMN language_codes TEXT;
ALTER TABLE staff_profiles ADD COLUMN gender TEXT;
ALTER TABLE staff_profiles ADD COLUMN substance_codes TEXT;
ALTER TABLE staff_profiles ADD COLUMN pathway_codes TEXT;
ALTER TABLE staff_profiles ADD COLUMN culture_codes TEXT;
