-- E-mail: staff notification choices, the durable outbox, one row per
-- day's digest, and password-reset tokens (stored only as SHA-256).

ALTER TABLE users ADD COLUMN notify_serious BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN daily_digest BOOLEAN NOT NULL DEFAULT FALSE;

-- Mail is inserted here in the same transaction as what caused it and sent
-- by a background worker. A worker claims a row by setting lease_until with
-- a conditional UPDATE, so two app instances never send the same row.
-- last_error holds a class of failure only (no address, no server text).
CREATE TABLE mail_outbox (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP,
    failed_at TIMESTAMP,
    last_error TEXT,
    lease_until TIMESTAMP
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at)
    WHERE sent_at IS NULL AND failed_at IS NULL;

-- The daily digest for a UTC day (YYYY-MM-DD) was queued: inserted in the
-- same transaction as the digest mail, so only one instance sends it.
CREATE TABLE mail_digests (
    day TEXT PRIMARY KEY NOT NULL,
    queued_at TIMESTAMP NOT NULL
);

-- token_hash: hex SHA-256 of the 32 random bytes in the reset link.
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX password_resets_user ON password_resets (user_id, created_at);
