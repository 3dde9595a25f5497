-- The seed's "Slow queries" (database.md, Monitoring), as written there but for PostgreSQL 13's
-- renaming of pg_stat_statements' mean_time and total_time to mean_exec_time and total_exec_time
-- (milliseconds). Statistics cover the whole server since their last reset; run it in a database
-- that has the extension (every Travya database has: infra/postgres/bootstrap.sql).
--   ./travya psql -f infra/postgres/monitoring/slow-queries.sql
SELECT query, mean_exec_time, calls, total_exec_time
FROM pg_stat_statements
ORDER BY mean_exec_time DESC
LIMIT 10;
