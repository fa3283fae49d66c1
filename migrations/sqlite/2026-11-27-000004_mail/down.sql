DROP INDEX password_resets_user;
DROP TABLE password_resets;
DROP TABLE mail_digests;
DROP INDEX mail_outbox_due;
DROP TABLE mail_outbox;
ALTER TABLE users DROP COLUMN daily_digest;
ALTER TABLE users DROP COLUMN notify_serious;
