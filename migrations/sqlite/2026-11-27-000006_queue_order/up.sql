-- The queue's order (seriousness, age) ends with the id so that every page
-- is a clean walk of one index: no sort step, and ties paged stably.
DROP INDEX reports_queue;
DROP INDEX reports_status;
CREATE INDEX reports_queue ON reports (queue_rank, received_at, id);
CREATE INDEX reports_status ON reports (status, queue_rank, received_at, id);
