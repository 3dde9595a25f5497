-- The schemas Travya needs in the current database, and who may connect to it. Idempotent; needs
-- the roles of roles.sql, and runs as a superuser or as travya_admin in a database it owns (./travya,
-- the docker-compose init script and the integration tests all run this file).
--
-- Only the roles granted CONNECT below reach this database (PUBLIC's CONNECT is revoked): the
-- three roles of each service and the administrative login.
DO $bootstrap$
DECLARE
    s text;
BEGIN
    FOREACH s IN ARRAY ARRAY['trips', 'bookings', 'conversations'] LOOP
        EXECUTE format('GRANT CONNECT, CREATE ON DATABASE %I TO %I', current_database(), s || '_owner');
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I, %I', current_database(), s || '_app', s || '_relay');
        EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', s, s || '_owner');
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I, %I', s, s || '_app', s || '_relay');
        EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I '
                       'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', s || '_owner', s, s || '_app');
        EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I '
                       'GRANT USAGE, SELECT ON SEQUENCES TO %I', s || '_owner', s, s || '_app');
    END LOOP;
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO travya_admin', current_database());
END
$bootstrap$;

-- Nobody creates objects in public; the trigram operator classes live there for everyone to use.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

-- The seed's audit logging and query statistics (infra/postgres/travya.conf preloads both libraries):
-- pgaudit's extension adds the object names to the audit lines of DDL, and pg_stat_statements' view
-- is reachable only from a database that has its extension. Created only where the server preloads
-- them (./travya, docker-compose and the Testcontainers image do), because CREATE EXTENSION pgaudit
-- fails on a server that does not; DatabaseMonitoringTest fails when a test server lacks them. Neither
-- is a trusted extension: ./travya creates both in template1 as the superuser, so a database that a
-- non-superuser (the tests' travya_admin) creates and bootstraps already has them (IF NOT EXISTS).
DO $extensions$
DECLARE
    preloaded text[];
BEGIN
    -- only the superuser may create them (and read shared_preload_libraries); everyone else finds
    -- them already there, copied from template1
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        RETURN;
    END IF;
    preloaded := string_to_array(replace(current_setting('shared_preload_libraries'), ' ', ''), ',');
    IF 'pgaudit' = ANY (preloaded) THEN
        CREATE EXTENSION IF NOT EXISTS pgaudit WITH SCHEMA public;
    END IF;
    IF 'pg_stat_statements' = ANY (preloaded) THEN
        CREATE EXTENSION IF NOT EXISTS pg_stat_statements WITH SCHEMA public;
    END IF;
END
$extensions$;
