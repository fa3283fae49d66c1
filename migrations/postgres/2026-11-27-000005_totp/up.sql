-- Staff second factor (TOTP, RFC 6238) and per-role sign-in policy.
-- secret_sealed: the 20-byte secret encrypted (ChaCha20-Poly1305) under a key
-- derived from the server secret, as hex of nonce ‖ ciphertext; never plain.
-- enabled is false while the person is still setting it up (no code typed yet).
-- last_used_step: the 30-second step of the last code accepted, so a code
-- cannot be used twice.
CREATE TABLE user_totp (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    secret_sealed TEXT NOT NULL,
    enabled BOOLEAN NOT NULL DEFAULT FALSE,
    last_used_step BIGINT,
    created_at TIMESTAMP NOT NULL,
    enabled_at TIMESTAMP
);

-- One row per role, created here so that changes are plain UPDATEs (no
-- per-backend upsert).
CREATE TABLE role_policies (
    role TEXT PRIMARY KEY NOT NULL CHECK (role IN ('reviewer', 'analyst', 'admin')),
    totp_required BOOLEAN NOT NULL DEFAULT FALSE
);
INSERT INTO role_policies (role, totp_required) VALUES
    ('reviewer', FALSE), ('analyst', FALSE), ('admin', FALSE);
