-- The schema registry's own database (docker-compose runs this once, at the first start of its
-- PostgreSQL; ./travya creates the same idempotently).
CREATE ROLE registry LOGIN PASSWORD 'registry';
CREATE DATABASE registry OWNER registry;
