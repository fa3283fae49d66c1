-- Where "Send to poison center" mails a case summary: one row, created here
-- so that an admin's change is a plain UPDATE (no per-backend upsert).
-- recipient is NULL until an admin sets it; the send is refused until then.
CREATE TABLE poison_center_settings (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    recipient TEXT,
    updated_by TEXT,
    updated_at TIMESTAMP
);
INSERT INTO poison_center_settings (id) VALUES (1);
