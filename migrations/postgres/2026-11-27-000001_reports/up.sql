-- Reports from the public form. Ids are generated in Rust; timestamps are UTC
-- with microsecond precision; event dates are month precision ('YYYY-MM').
-- Closed lists are stored as their codes (see src/report/options.rs);
-- multi-select lists as comma-separated codes.
CREATE TABLE server_secrets (
    name TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

CREATE TABLE case_counters (
    year INTEGER PRIMARY KEY NOT NULL,
    last_value INTEGER NOT NULL
);

CREATE TABLE reports (
    id TEXT PRIMARY KEY NOT NULL,
    case_number TEXT NOT NULL UNIQUE,
    idempotency_hash TEXT NOT NULL UNIQUE,
    followup_code_hash TEXT NOT NULL,
    followup_failures INTEGER NOT NULL DEFAULT 0,
    followup_locked_until TIMESTAMP,
    received_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    status TEXT NOT NULL,
    seriousness_rank INTEGER NOT NULL,
    emergency BOOLEAN NOT NULL,
    synthetic BOOLEAN NOT NULL DEFAULT FALSE,
    report_kind TEXT NOT NULL,
    reporter_role TEXT NOT NULL,
    age_years INTEGER,
    age_group TEXT,
    sex TEXT NOT NULL,
    weight_value DOUBLE PRECISION,
    weight_unit TEXT,
    pregnancy TEXT NOT NULL,
    country TEXT NOT NULL,
    region TEXT,
    zip3 TEXT,
    health_conditions TEXT,
    medicines TEXT,
    rx_stopped TEXT NOT NULL,
    rx_stopped_which TEXT,
    rx_stopped_month TEXT,
    co_used_other TEXT,
    symptoms_other TEXT,
    last_dose_value INTEGER,
    last_dose_unit TEXT,
    onset_month TEXT,
    onset_after_value INTEGER,
    onset_after_unit TEXT,
    lasted_value INTEGER,
    lasted_unit TEXT,
    dechallenge TEXT NOT NULL,
    rechallenge TEXT NOT NULL,
    out_death BOOLEAN NOT NULL,
    out_life_threatening BOOLEAN NOT NULL,
    out_hospitalised BOOLEAN NOT NULL,
    out_disability BOOLEAN NOT NULL,
    out_birth_defect BOOLEAN NOT NULL,
    out_intervention BOOLEAN NOT NULL,
    out_other_serious BOOLEAN NOT NULL,
    care TEXT NOT NULL,
    naloxone TEXT NOT NULL,
    naloxone_helped TEXT NOT NULL,
    other_treatment TEXT,
    current_state TEXT NOT NULL,
    narrative TEXT NOT NULL,
    scrubbed_kinds TEXT NOT NULL
);
CREATE INDEX reports_queue ON reports (seriousness_rank, received_at);
CREATE INDEX reports_received ON reports (received_at);

CREATE TABLE report_products (
    id TEXT PRIMARY KEY NOT NULL,
    report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    role TEXT NOT NULL,
    substance TEXT NOT NULL,
    substance_other TEXT,
    brand TEXT,
    form TEXT NOT NULL,
    strength_mg DOUBLE PRECISION,
    strength_of TEXT,
    amount DOUBLE PRECISION,
    amount_unit TEXT,
    doses_per_day INTEGER,
    route TEXT NOT NULL,
    used_for_value INTEGER,
    used_for_unit TEXT,
    last_use_month TEXT,
    where_bought TEXT NOT NULL,
    lot TEXT,
    reasons TEXT NOT NULL,
    reason_other TEXT,
    UNIQUE (report_id, position)
);

CREATE TABLE report_co_used (
    id TEXT PRIMARY KEY NOT NULL,
    report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    substance TEXT NOT NULL,
    UNIQUE (report_id, substance)
);

CREATE TABLE report_reactions (
    id TEXT PRIMARY KEY NOT NULL,
    report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    withdrawal BOOLEAN NOT NULL,
    severity TEXT,
    UNIQUE (report_id, code, withdrawal)
);
CREATE INDEX report_reactions_code ON report_reactions (code);

CREATE TABLE followups (
    id TEXT PRIMARY KEY NOT NULL,
    report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    idempotency_hash TEXT NOT NULL UNIQUE,
    received_at TIMESTAMP NOT NULL,
    current_state TEXT,
    narrative TEXT NOT NULL,
    scrubbed_kinds TEXT NOT NULL
);
CREATE INDEX followups_report ON followups (report_id, received_at);
