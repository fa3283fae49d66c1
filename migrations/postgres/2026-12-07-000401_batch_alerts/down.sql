DROP TABLE batch_alert_cases;
DROP TABLE batch_alerts;
ALTER TABLE report_products DROP COLUMN seller;
