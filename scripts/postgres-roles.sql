-- Canary on PostgreSQL with two roles: the OWNER runs the migrations and
-- owns every table; the APP role (what CANARY_DATABASE_URL names) reads and
-- writes the data but may only INSERT and SELECT the audit trail, so the
-- running application cannot rewrite history even through SQL.
--
-- Once, as a superuser: CREATE ROLE canary_owner LOGIN; CREATE ROLE canary_app LOGIN;
--   CREATE SCHEMA canary AUTHORIZATION canary_owner;  (or use the owner's database)
-- Then migrate as the owner (any canary command that opens the database, e.g.
--   CANARY_DATABASE_URL=postgres://canary_owner@host/db canary audit verify),
-- and run this file as the owner after every upgrade:
--   psql -v owner=canary_owner -v app=canary_app -v schema=canary -f scripts/postgres-roles.sql
GRANT USAGE ON SCHEMA :"schema" TO :"app";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA :"schema" TO :"app";
REVOKE UPDATE, DELETE, TRUNCATE ON :"schema".audit_events FROM :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA :"schema"
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
