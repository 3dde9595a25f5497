-- The roles Travya needs in a PostgreSQL cluster. Idempotent; run as a superuser (./travya up over
-- the Unix socket, docker-compose's init script, the tests' Testcontainers path). No password is set
-- here: each role gets a generated one from whoever runs this file (./travya keeps them in
-- $TRAVYA_HOME/secrets/), and a role without one cannot log in.
--
-- Each service gets three roles, so that each one can do only its own job:
--   <schema>_owner  owns the schema; Liquibase migrates with it (and creates the outbox publication,
--                   which needs CREATE on the database)
--   <schema>_app    what the running service uses: DML on its own schema, nothing else
--   <schema>_relay  the Debezium relay: REPLICATION, SELECT on the outbox, DML on its offset table
-- travya_admin is the administrative login the tests and the operator's tools use over TCP, and it
-- is not a superuser: it creates, bootstraps and drops databases (CREATEDB; member of the owner
-- roles, so it can create their schemas and read every schema), drops the replication slots of the
-- databases it drops (REPLICATION) and ends their sessions (pg_signal_backend).
-- registry is the schema registry's own login, owner of database registry and of nothing else.
DO $roles$
DECLARE
    s text;
BEGIN
    FOREACH s IN ARRAY ARRAY['trips', 'bookings', 'conversations'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = s || '_owner') THEN
            EXECUTE format('CREATE ROLE %I LOGIN', s || '_owner');
        END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = s || '_app') THEN
            EXECUTE format('CREATE ROLE %I LOGIN', s || '_app');
        END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = s || '_relay') THEN
            EXECUTE format('CREATE ROLE %I LOGIN REPLICATION', s || '_relay');
        END IF;
    END LOOP;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'travya_admin') THEN
        CREATE ROLE travya_admin LOGIN;
    END IF;
    ALTER ROLE travya_admin NOSUPERUSER NOCREATEROLE CREATEDB REPLICATION;
    FOREACH s IN ARRAY ARRAY['trips', 'bookings', 'conversations'] LOOP
        EXECUTE format('GRANT %I TO travya_admin', s || '_owner');
    END LOOP;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'registry') THEN
        CREATE ROLE registry LOGIN;
    END IF;
END
$roles$;
GRANT pg_signal_backend TO travya_admin;
-- every connection's details (client address, TLS, query) in pg_stat_activity and pg_stat_ssl, for
-- the seed's connection queries and the tests that show the services' connections are encrypted
GRANT pg_read_all_stats TO travya_admin;

-- Nobody but the administrative login connects to the maintenance databases; each role connects
-- only to the databases that grant it CONNECT (bootstrap.sql for Travya's, registry for its own).
REVOKE CONNECT ON DATABASE postgres FROM PUBLIC;
REVOKE CONNECT ON DATABASE template1 FROM PUBLIC;
GRANT CONNECT ON DATABASE postgres TO travya_admin;
