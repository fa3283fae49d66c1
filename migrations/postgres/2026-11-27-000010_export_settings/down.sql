DROP INDEX coded_reactions_report;
DROP INDEX report_co_used_report;
DROP INDEX report_reactions_report;
DROP TABLE export_settings;
