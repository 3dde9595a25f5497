-- The seed's "Connection details" (database.md, Monitoring), unchanged: the whole server. Each
-- service names itself in application_name (trip-service, ...); the relays are Debezium's.
--   ./travya psql -f infra/postgres/monitoring/connection-details.sql
SELECT
    pid,
    usename,
    application_name,
    client_addr,
    state,
    query_start,
    query
FROM pg_stat_activity
WHERE state = 'active';
