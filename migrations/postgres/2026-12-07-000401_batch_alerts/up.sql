-- Early warning of bad batches and sellers. The shop or website a product
-- was bought from, as the reporter typed it (scrubbed, shop names kept).
ALTER TABLE report_products ADD COLUMN seller TEXT;

-- One row per lot or seller key that ever reached the threshold: reopened,
-- never duplicated, when new reports arrive after a dismissal.
CREATE TABLE batch_alerts (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    alert_key TEXT NOT NULL,
    label TEXT NOT NULL,
    status TEXT NOT NULL,
    raised_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    dismissed_at TIMESTAMP,
    dismissed_by TEXT,
    dismiss_reason TEXT,
    UNIQUE (kind, alert_key)
);

-- The cases an alert lists.
CREATE TABLE batch_alert_cases (
    alert_id TEXT NOT NULL REFERENCES batch_alerts (id) ON DELETE CASCADE,
    report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    added_at TIMESTAMP NOT NULL,
    PRIMARY KEY (alert_id, report_id)
);
