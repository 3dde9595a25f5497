-- The seed's "Table sizes" (database.md, Monitoring), for Travya's schemas: each service owns one
-- (trips, bookings, conversations) and public holds no table.
--   ./travya psql -f infra/postgres/monitoring/table-sizes.sql
SELECT
    schemaname,
    tablename,
    pg_size_pretty(pg_total_relation_size(schemaname||'.'||tablename)) as size
FROM pg_tables
WHERE schemaname IN ('trips', 'bookings', 'conversations')
ORDER BY pg_total_relation_size(schemaname||'.'||tablename) DESC;
