-- Which version of the identifier scrubber last cleaned a report's free text
-- (`canary rescrub` raises it), and the reviewer's confirmation that the
-- scrubbed narrative holds nothing identifying: only a confirmed narrative
-- goes into a Safe Harbor file. Rows stored before this migration were
-- cleaned by scrubber version 1.
ALTER TABLE reports ADD COLUMN scrubber_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE reports ADD COLUMN narrative_confirmed_by TEXT;
ALTER TABLE reports ADD COLUMN narrative_confirmed_at TIMESTAMP;
