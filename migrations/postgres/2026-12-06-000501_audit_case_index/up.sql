-- A case's History and the audit page's case filter read events by entity id.
CREATE INDEX audit_events_entity ON audit_events (entity_id, seq);
