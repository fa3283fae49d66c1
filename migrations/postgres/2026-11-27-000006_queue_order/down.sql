DROP INDEX reports_status;
DROP INDEX reports_queue;
CREATE INDEX reports_queue ON reports (queue_rank, received_at);
CREATE INDEX reports_status ON reports (status, queue_rank, received_at);
