DROP TABLE followups;
DROP TABLE report_reactions;
DROP TABLE report_co_used;
DROP TABLE report_products;
DROP TABLE reports;
DROP TABLE case_counters;
DROP TABLE server_secrets;
