-- Export settings an administrator toggles (one row per setting, created
-- here so that changes are plain UPDATEs), and the per-report indexes the
-- streamed analyst export reads its child rows by.
CREATE TABLE export_settings (
    name TEXT PRIMARY KEY NOT NULL,
    enabled BOOLEAN NOT NULL DEFAULT 0
);
INSERT INTO export_settings (name, enabled) VALUES ('case_processing_admin_only', 0);
CREATE INDEX report_reactions_report ON report_reactions (report_id);
CREATE INDEX report_co_used_report ON report_co_used (report_id);
CREATE INDEX coded_reactions_report ON coded_reactions (report_id);
