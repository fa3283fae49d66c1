-- The reviewers' side of a case, kept apart from the reporter's answers.
-- reports gains the triage state the queue filters and sorts on; everything
-- a reviewer adds (notes, coding, causality, duplicate decisions, forwards)
-- has its own table. Every change is also an audit event (audit_events).

-- queue_rank: the reviewer's confirmed ICH seriousness when there is one,
-- else the reporter's (seriousness_rank); 0 = death … 7 = not serious.
ALTER TABLE reports ADD COLUMN queue_rank INTEGER NOT NULL DEFAULT 7;
UPDATE reports SET queue_rank = seriousness_rank;
ALTER TABLE reports ADD COLUMN assigned_to TEXT REFERENCES users (id);
-- Comma-separated ICH E2A criteria codes the reviewer confirmed ('' = not
-- serious); NULL until confirmed.
ALTER TABLE reports ADD COLUMN ich_seriousness TEXT;
ALTER TABLE reports ADD COLUMN ich_confirmed_by TEXT REFERENCES users (id);
ALTER TABLE reports ADD COLUMN ich_confirmed_at TIMESTAMP;
-- The reviewer's question while status = needs_info, shown on the
-- reporter's follow-up page.
ALTER TABLE reports ADD COLUMN info_request TEXT;
ALTER TABLE reports ADD COLUMN info_requested_at TIMESTAMP;
-- Set when status = duplicate: the case this one repeats.
ALTER TABLE reports ADD COLUMN duplicate_of TEXT REFERENCES reports (id);
DROP INDEX reports_queue;
CREATE INDEX reports_queue ON reports (queue_rank, received_at);
CREATE INDEX reports_status ON reports (status, queue_rank, received_at);
CREATE INDEX reports_assigned ON reports (assigned_to);
CREATE INDEX reports_duplicate_of ON reports (duplicate_of);
CREATE INDEX report_products_substance ON report_products (substance, report_id);
CREATE INDEX report_products_report ON report_products (report_id);

CREATE TABLE review_notes (
    id TEXT PRIMARY KEY NOT NULL,
    report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    author_id TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX review_notes_report ON review_notes (report_id, created_at);

-- A reaction as the reviewer coded it: a term from Canary's plain-language
-- list, the reported symptom it came from ('' when read from the narrative)
-- and an optional MedDRA code for operators with their own licence.
CREATE TABLE coded_reactions (
    id TEXT PRIMARY KEY NOT NULL,
    report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    term TEXT NOT NULL,
    source TEXT NOT NULL,
    meddra_code TEXT,
    coded_by TEXT NOT NULL REFERENCES users (id),
    coded_at TIMESTAMP NOT NULL,
    UNIQUE (report_id, term)
);
CREATE INDEX coded_reactions_term ON coded_reactions (term);

-- Causality for one suspect product: WHO-UMC category and the ten Naranjo
-- answers (one letter each: y, n, u), the derived score and band.
CREATE TABLE causality_assessments (
    id TEXT PRIMARY KEY NOT NULL,
    report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    product_id TEXT NOT NULL REFERENCES report_products (id) ON DELETE CASCADE,
    event_assessed TEXT NOT NULL,
    who_umc TEXT NOT NULL,
    naranjo_answers TEXT NOT NULL,
    naranjo_score INTEGER NOT NULL,
    naranjo_band TEXT NOT NULL,
    rationale TEXT NOT NULL,
    assessed_by TEXT NOT NULL REFERENCES users (id),
    assessed_at TIMESTAMP NOT NULL,
    UNIQUE (product_id)
);
CREATE INDEX causality_report ON causality_assessments (report_id);

-- A reviewer's decision that two cases are not duplicates (linked duplicates
-- are reports.duplicate_of). first_id < second_id.
CREATE TABLE not_duplicates (
    first_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    second_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    decided_by TEXT NOT NULL REFERENCES users (id),
    decided_at TIMESTAMP NOT NULL,
    PRIMARY KEY (first_id, second_id)
);

-- Each time a case was sent on: to whom, on which day, their reference.
CREATE TABLE report_forwards (
    id TEXT PRIMARY KEY NOT NULL,
    report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    recipient TEXT NOT NULL,
    sent_on TEXT NOT NULL,
    reference TEXT,
    forwarded_by TEXT NOT NULL REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX report_forwards_report ON report_forwards (report_id);
