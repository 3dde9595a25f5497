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
