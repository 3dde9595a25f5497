#!/usr/bin/env bash
# PostgreSQL's first start under docker-compose (docker-entrypoint-initdb.d, as the superuser over
# the socket): Travya's roles with their generated passwords (infra/compose/secrets.sh), the
# databases travya and registry, and pg_hba rules that refuse the superuser over TCP, as ./travya does.
set -euo pipefail
psql=(psql -v ON_ERROR_STOP=1 -X -q --username "$POSTGRES_USER")
"${psql[@]}" --dbname postgres -f /infra/postgres/roles.sql
"${psql[@]}" --dbname postgres </run/travya/postgres/passwords.sql
"${psql[@]}" --dbname postgres <<'SQL'
CREATE DATABASE registry OWNER registry;
REVOKE ALL ON DATABASE registry FROM PUBLIC;
SQL
"${psql[@]}" --dbname travya -f /infra/postgres/bootstrap.sql
# the superuser only over the Unix socket; every other role over TCP with its password
{
  printf 'local all postgres peer\nlocal all all reject\nhost all postgres all reject\n'
  printf 'host all all all scram-sha-256\n'
} >"$PGDATA/pg_hba.conf"
