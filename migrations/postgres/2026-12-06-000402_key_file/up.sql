-- The server key now lives in a key file (or CANARY_SECRET), never here.
-- This row keeps only what identifies the key: its fingerprint, the first
-- audit event hashed with the keyed rule (older events keep the old
-- unkeyed rule), and a MAC over both so neither can be edited unnoticed.
-- A secret still in server_secrets is moved to the key file and erased
-- there by the application at its next start (SQL cannot write files).
CREATE TABLE server_key (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    fingerprint TEXT NOT NULL,
    audit_keyed_from BIGINT NOT NULL,
    seal TEXT NOT NULL
);
