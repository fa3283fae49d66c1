-- One public form token makes at most one report: the HMAC of each token
-- that made one, kept until the token would have expired anyway.
CREATE TABLE spent_form_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    spent_at TIMESTAMP NOT NULL
);
CREATE INDEX spent_form_tokens_spent_at ON spent_form_tokens (spent_at);
