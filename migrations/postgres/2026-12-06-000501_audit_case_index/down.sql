DROP INDEX audit_events_entity;
