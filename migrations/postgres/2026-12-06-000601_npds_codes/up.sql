-- A reviewer's NPDS coding of a case for the poison-center summary
-- (poison-centers.md §1, §2): reason for exposure, chronicity and medical
-- outcome. A NULL column keeps the default derived from the report.
CREATE TABLE npds_codes (
    report_id TEXT PRIMARY KEY NOT NULL REFERENCES reports (id),
    reason TEXT,
    chronicity TEXT,
    outcome TEXT,
    set_by TEXT NOT NULL,
    set_at TIMESTAMP NOT NULL
);
