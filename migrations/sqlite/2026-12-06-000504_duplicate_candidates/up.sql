-- Reports with at least one duplicate candidate nobody has decided about:
-- set when a report arrives (for it and its candidates) and recomputed
-- after each duplicate decision or status change, so the queue can show
-- "possible duplicate" without scoring every listed case.
CREATE TABLE duplicate_candidates (
    report_id TEXT PRIMARY KEY NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    checked_at TIMESTAMP NOT NULL
);
