-- The schema registry's database, owned by its own role (roles.sql creates it), as ./travya and
-- docker-compose's init script create it.
CREATE DATABASE registry OWNER registry;
REVOKE ALL ON DATABASE registry FROM PUBLIC;
