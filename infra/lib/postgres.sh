# shellcheck shell=bash
# ----------------------------------------------------------------------------------------------
# PostgreSQL (Debian's binaries, major version in infra/settings.env; the server runs as the
# `postgres` OS user when we are root, because initdb and postgres refuse to run as root)
# ----------------------------------------------------------------------------------------------
PG_BIN=/usr/lib/postgresql/$PG_VERSION/bin
PG_ROLES_SQL=$REPO_ROOT/infra/postgres/roles.sql
PG_BOOTSTRAP_SQL=$REPO_ROOT/infra/postgres/bootstrap.sql
PG_SETTINGS=$REPO_ROOT/infra/postgres/travya.conf   # shared with docker-compose and the tests
PG_DIR=$TRAVYA_HOME/postgres
PG_DATA=$PG_DIR/data
PG_SOCKET_DIR=$PG_DIR/run
# PostgreSQL's roles (infra/postgres/roles.sql) each get a generated password; a service uses the
# three roles of its schema.
PG_SCHEMAS=(trips bookings conversations)
PG_ADMIN_USER=travya_admin
declare -A SERVICE_SCHEMA=([trip-service]=trips [booking-service]=bookings [conversation-service]=conversations)

ensure_postgres_user() {
  is_root || return 0
  id -u postgres >/dev/null 2>&1 ||
    useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres
}

as_postgres() {
  if is_root; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

pg_psql() {
  PGOPTIONS='-c client_min_messages=warning' \
    as_postgres "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres "$@"
}

postgres_pid() { pid_from_file "$PG_DATA/postmaster.pid" "$PG_DATA"; }
postgres_ports() { printf '%s' "$PG_PORT"; }
postgres_log() { printf '%s' "$LOG_DIR/postgres.log"; }
postgres_healthy() { "$PG_BIN/pg_isready" -q -d "host=127.0.0.1 port=$PG_PORT sslmode=verify-full sslrootcert=$TLS_DIR/ca.crt" -t 3 >/dev/null 2>&1; }

# The postgres user must reach $PG_DIR: give o+x to the folders on the way that it cannot enter.
postgres_make_reachable() {
  is_root || return 0
  as_postgres test -x "$PG_DIR" && return 0
  local dir path=""
  local -a parts
  IFS=/ read -ra parts <<<"${PG_DIR#/}"
  for dir in "${parts[@]}"; do # from the root down, so that each check sees its parents fixed
    path+=/$dir
    if ! as_postgres test -x "$path"; then
      chmod o+x "$path"
      say "postgres  made $path traversable (o+x) for the postgres user"
    fi
  done
}

postgres_init() {
  [[ -f $PG_DATA/PG_VERSION ]] && return 0
  local socket_path="$PG_SOCKET_DIR/.s.PGSQL.$PG_PORT"
  ((${#socket_path} < 100)) || die "TRAVYA_HOME is too long a path for PostgreSQL's unix socket ($socket_path); use a shorter one"
  mkdir -p "$PG_DATA"
  rm -rf "${PG_DATA:?}"/* # a half-made cluster from an interrupted initdb
  chmod 700 "$PG_DATA"
  if is_root; then chown postgres: "$PG_DATA"; fi
  # the superuser gets no password: it logs in over the Unix socket only, as the OS user (peer)
  as_postgres "$PG_BIN/initdb" -D "$PG_DATA" --auth-local=peer --auth-host=scram-sha-256 \
    -U postgres -E UTF8 --locale=C.UTF-8 >>"$LOG_DIR/postgres-initdb.log" 2>&1 ||
    { show_log_tail "$LOG_DIR/postgres-initdb.log"; die "initdb failed"; }
  printf "\n# Travya's settings (written by ./travya at every start)\ninclude 'travya.conf'\n" >>"$PG_DATA/postgresql.conf"
}

# Settings and access rules, rewritten at every start (and every infra_up) so that they follow this
# script and infra/postgres/travya.conf.
postgres_configure() {
  {
    cat <<EOF
# Written by ./travya at every start and infra-up: edit infra/lib/postgres.sh or $(pretty_path "$PG_SETTINGS"), not this file.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_SOCKET_DIR'
logging_collector = off          # pg_ctl -l sends the server's stderr, audit lines included, to $LOG_DIR/postgres.log
ssl = on                         # every TCP connection: pg_hba.conf has hostssl lines only
ssl_cert_file = 'server.crt'     # copies of $(pretty_path "$TLS_DIR")/postgres.{crt,key}, owned by the server's user
ssl_key_file = 'server.key'
ssl_ca_file = 'ca.crt'
ssl_min_protocol_version = 'TLSv1.2'

# --- $(pretty_path "$PG_SETTINGS") ---
EOF
    cat "$PG_SETTINGS"
  } >"$PG_DATA/travya.conf"
  # The superuser only over the Unix socket, as the OS user that runs the server (peer); every other
  # role over TCP with its password (SCRAM), into the databases that grant it CONNECT, over TLS only
  # (hostssl: a connection without TLS matches no line and is refused). No physical replication: the
  # relays' logical replication connections are matched by the database lines.
  cat >"$PG_DATA/pg_hba.conf" <<'EOF'
# Written by ./travya at every start: edit infra/lib/postgres.sh, not this file.
# TYPE   DATABASE     USER      ADDRESS        METHOD
local    all          postgres                 peer map=travya
local    all          all                      reject
hostssl  all          postgres  127.0.0.1/32   reject
hostssl  all          all       127.0.0.1/32   scram-sha-256
EOF
  (umask 077 && cp "$TLS_DIR/postgres.crt" "$PG_DATA/server.crt" && cp "$TLS_DIR/postgres.key" "$PG_DATA/server.key" &&
    cp "$TLS_DIR/ca.crt" "$PG_DATA/ca.crt")
  printf '# Written by ./travya at every start.\ntravya  postgres  postgres\ntravya  %s  postgres\n' \
    "$(id -un)" >"$PG_DATA/pg_ident.conf"
  mkdir -p "$PG_SOCKET_DIR"
  touch "$LOG_DIR/postgres.log"
  chmod 640 "$LOG_DIR/postgres.log" # the audit lines name who wrote what
  if is_root; then
    chown postgres: "$PG_DATA/travya.conf" "$PG_DATA/pg_hba.conf" "$PG_DATA/pg_ident.conf" "$PG_SOCKET_DIR" \
      "$PG_DATA/server.crt" "$PG_DATA/server.key" "$PG_DATA/ca.crt" \
      "$LOG_DIR/postgres.log"
  fi
}

# After a crash (kill -9), postmaster.pid may name a dead postmaster that is still a zombie (where
# the init process reaps late); postgres takes that for a live one and refuses to start. Wait for
# the zombie to go; if it stays, set the lock file aside, unless a process still works in the data
# directory (an orphaned backend: then starting would be unsafe).
postgres_clear_stale_lock() {
  local lock=$PG_DATA/postmaster.pid pid deadline=$((SECONDS + 30)) proc
  [[ -f $lock ]] || return 0
  read -r pid <"$lock" || return 0
  [[ $pid =~ ^[0-9]+$ && -e /proc/$pid ]] || return 0 # dead and gone: postgres handles it itself
  pid_alive "$pid" && return 0                          # alive: pg_ctl reports the conflict
  while [[ -e /proc/$pid ]] && ((SECONDS < deadline)); do sleep 0.2; done
  [[ -e /proc/$pid ]] || return 0
  for proc in /proc/[0-9]*; do
    if [[ $(readlink "$proc/cwd" 2>/dev/null) == "$PG_DATA" ]] && pid_alive "${proc#/proc/}"; then
      die "PostgreSQL's previous postmaster (pid $pid) died, but process ${proc#/proc/} still works in $PG_DATA; stop it first"
    fi
  done
  warn "postgres: setting aside the lock file of dead postmaster $pid (a zombie nobody reaps)"
  mv "$lock" "$lock.stale"
}

postgres_start() {
  postgres_make_reachable
  postgres_init
  postgres_configure
  postgres_clear_stale_lock
  # pg_ctl waits (-w) until the server accepts connections; the server gets its own session.
  as_postgres "$PG_BIN/pg_ctl" start -D "$PG_DATA" -l "$LOG_DIR/postgres.log" -w -t "$START_TIMEOUT" \
    </dev/null >>"$LOG_DIR/postgres-ctl.log" 2>&1 9>&- ||
    { show_log_tail "$LOG_DIR/postgres.log"; die "PostgreSQL did not start; see $LOG_DIR/postgres.log"; }
}

# A server that was already running when infra_up came picks up changed settings: a reload for most,
# a restart for those PostgreSQL reads only at start (shared_preload_libraries, wal_level, ...), which
# drops every connection once (the services and the registry reconnect).
postgres_apply_settings() {
  postgres_configure
  pg_psql -d postgres -c 'SELECT pg_reload_conf()' >/dev/null
  local pending
  # pg_file_settings reads the files now; a changed start-only setting "could not be applied"
  pending=$(pg_psql -d postgres -At -c "SELECT string_agg(DISTINCT name, ', ') FROM pg_file_settings
    WHERE error = 'setting could not be applied'")
  [[ -n $pending ]] || return 0
  say "postgres  restarting to apply $pending (connections are dropped once; clients reconnect)"
  as_postgres "$PG_BIN/pg_ctl" restart -D "$PG_DATA" -l "$LOG_DIR/postgres.log" -m fast -w -t "$START_TIMEOUT" \
    </dev/null >>"$LOG_DIR/postgres-ctl.log" 2>&1 9>&- ||
    { show_log_tail "$LOG_DIR/postgres.log"; die "PostgreSQL did not restart; see $LOG_DIR/postgres.log"; }
  describe postgres restarted
}

postgres_stop() {
  as_postgres "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m fast -w -t "$STOP_TIMEOUT" \
    </dev/null >>"$LOG_DIR/postgres-ctl.log" 2>&1 ||
    { show_log_tail "$LOG_DIR/postgres.log"; die "PostgreSQL did not stop; see $LOG_DIR/postgres.log"; }
}

# The roles with their generated passwords (applied at every start, so a lost or replaced secret
# file takes effect), the superuser without one, and the databases travya and registry; idempotent,
# run at every infra_up, after the settings (infra/postgres/travya.conf) are applied. The SQL goes through stdin, so no password shows in a process list.
postgres_bootstrap() {
  local schema role
  postgres_apply_settings
  {
    cat "$PG_ROLES_SQL"
    printf 'ALTER ROLE postgres PASSWORD NULL;\n'
    printf "ALTER ROLE %s PASSWORD '%s';\n" "$PG_ADMIN_USER" "$(secret "pg-$PG_ADMIN_USER")"
    for schema in "${PG_SCHEMAS[@]}"; do
      for role in "${schema}_owner" "${schema}_app" "${schema}_relay"; do
        printf "ALTER ROLE %s PASSWORD '%s';\n" "$role" "$(secret "pg-$role")"
      done
    done
    printf "ALTER ROLE registry PASSWORD '%s';\n" "$(secret pg-registry)"
    cat <<'SQL'
SELECT 'CREATE DATABASE travya' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'travya')
\gexec
SELECT 'CREATE DATABASE registry OWNER registry'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'registry')
\gexec
REVOKE ALL ON DATABASE registry FROM PUBLIC;
SQL
  } | pg_psql -d postgres >>"$LOG_DIR/postgres-bootstrap.log" 2>&1 ||
    { show_log_tail "$LOG_DIR/postgres-bootstrap.log"; die "creating the roles and the databases travya and registry failed"; }
  # pgaudit and pg_stat_statements are not trusted extensions: only the superuser creates them. In
  # template1, so that every database created later (the tests' corners, by travya_admin) has them.
  pg_psql -d template1 >>"$LOG_DIR/postgres-bootstrap.log" 2>&1 <<'SQL' ||
DO $extensions$
DECLARE
    preloaded text[] := string_to_array(replace(current_setting('shared_preload_libraries'), ' ', ''), ',');
BEGIN
    IF 'pgaudit' = ANY (preloaded) THEN
        CREATE EXTENSION IF NOT EXISTS pgaudit WITH SCHEMA public;
    END IF;
    IF 'pg_stat_statements' = ANY (preloaded) THEN
        CREATE EXTENSION IF NOT EXISTS pg_stat_statements WITH SCHEMA public;
    END IF;
END
$extensions$;
SQL
    { show_log_tail "$LOG_DIR/postgres-bootstrap.log"; die "creating the monitoring extensions in template1 failed"; }
  pg_psql -d travya <"$PG_BOOTSTRAP_SQL" >>"$LOG_DIR/postgres-bootstrap.log" 2>&1 ||
    { show_log_tail "$LOG_DIR/postgres-bootstrap.log"; die "$(pretty_path "$PG_BOOTSTRAP_SQL") failed in database travya"; }
}

# The OS user the server runs as (when we are root); Debian's packages (ensure_os_packages) create
# and may start their own PostgreSQL cluster ("<version> main", port 5432): ours replaces it, so stop
# it and keep it from starting again.
postgres_install() {
  ensure_postgres_user
  is_root || return 0
  local start_conf=/etc/postgresql/$PG_VERSION/main/start.conf
  if [[ -f $start_conf ]] && grep -qE '^\s*auto\b' "$start_conf"; then
    sed -i -E 's/^\s*auto\b.*/manual/' "$start_conf"
  fi
  if command -v pg_lsclusters >/dev/null && pg_lsclusters -h "$PG_VERSION" main 2>/dev/null | grep -qw online; then
    say "stopping Debian's own PostgreSQL cluster $PG_VERSION/main (set to manual start)"
    pg_ctlcluster "$PG_VERSION" main stop -m fast >/dev/null 2>&1 9>&- || warn "could not stop cluster $PG_VERSION/main"
  fi
}
