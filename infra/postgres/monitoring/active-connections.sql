-- The seed's "Active connections" (database.md, Monitoring), unchanged: the whole server.
--   ./travya psql -f infra/postgres/monitoring/active-connections.sql
SELECT count(*) as active_connections
FROM pg_stat_activity
WHERE state = 'active';
