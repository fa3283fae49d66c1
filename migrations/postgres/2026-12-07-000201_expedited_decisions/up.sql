-- A reviewer's decision whether a case goes to FDA as a 15-day expedited
-- report or not (E2B C.1.7 and FDA.C.1.7.1). No row: nobody has decided,
-- and the E2B pre-check refuses the case. A new decision replaces the row;
-- the audit trail keeps every one with its reason.
CREATE TABLE expedited_decisions (
    report_id TEXT PRIMARY KEY NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    report_type TEXT NOT NULL,
    reason TEXT,
    decided_by TEXT NOT NULL,
    decided_at TIMESTAMP NOT NULL
);
