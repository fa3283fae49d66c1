-- Who has had the daily digest of a UTC day (YYYY-MM-DD): the digest is
-- made when it is sent to each subscriber, so someone who opts in later
-- that day still gets it, and nobody gets it twice. Inserted in the same
-- transaction as the message, so two instances never both send it.
CREATE TABLE mail_digest_recipients (
    day TEXT NOT NULL,
    email TEXT NOT NULL,
    queued_at TIMESTAMP NOT NULL,
    PRIMARY KEY (day, email)
);
