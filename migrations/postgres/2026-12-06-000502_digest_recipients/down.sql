DROP TABLE mail_digest_recipients;
