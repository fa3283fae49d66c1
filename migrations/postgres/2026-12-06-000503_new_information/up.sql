-- Cases with information from a reporter that no reviewer has acted on yet:
-- a follow-up on the case itself or on a duplicate linked to it. The queue
-- and the case page show a "new information" marker; a reviewer's status
-- change removes the row.
CREATE TABLE new_information (
    report_id TEXT PRIMARY KEY NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    since TIMESTAMP NOT NULL,
    from_case TEXT
);
