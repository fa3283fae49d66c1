-- Staff accounts, their sessions, login throttling and the audit trail.
-- Ids are generated in Rust as text; timestamps are UTC, microseconds.
CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('reviewer', 'analyst', 'admin')),
    disabled BOOLEAN NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    password_changed_at TIMESTAMP NOT NULL
);

-- id is the SHA-256 of the cookie's random token: a database leak gives no
-- usable cookie.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    csrf_token TEXT NOT NULL
);
CREATE INDEX sessions_user_id ON sessions (user_id);

-- Failed logins per account, keyed by an HMAC of the typed e-mail address so
-- that unknown addresses are throttled exactly like known ones.
CREATE TABLE login_throttle (
    account_key TEXT PRIMARY KEY NOT NULL,
    window_start TIMESTAMP NOT NULL,
    failures INTEGER NOT NULL,
    locked_until TIMESTAMP
);

-- Append-only, hash-chained; seq is assigned in Rust inside the write
-- transaction as last + 1.
CREATE TABLE audit_events (
    seq BIGINT PRIMARY KEY NOT NULL,
    at_utc TIMESTAMP NOT NULL,
    actor_id TEXT,
    actor_role TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT,
    field TEXT,
    old_value TEXT,
    new_value TEXT,
    reason TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;
