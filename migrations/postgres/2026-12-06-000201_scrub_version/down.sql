ALTER TABLE reports DROP COLUMN narrative_confirmed_at;
ALTER TABLE reports DROP COLUMN narrative_confirmed_by;
ALTER TABLE reports DROP COLUMN scrubber_version;
