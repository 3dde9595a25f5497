# shellcheck shell=bash
# ----------------------------------------------------------------------------------------------
# The infrastructure as a whole (functions that `up`, `down`, `status` and `test` call), over the
# servers' files infra/lib/<server>.sh
# ----------------------------------------------------------------------------------------------
# One lock for changes to the stack, so that two invocations do not start the same server twice.
infra_lock() {
  mkdir -p "$TRAVYA_HOME"
  exec 9>"$TRAVYA_HOME/.lock"
  flock -w 600 9 || die "another ./travya is starting or stopping the servers (lock $TRAVYA_HOME/.lock)"
}
infra_unlock() { exec 9>&-; }

server_pid() { "$1_pid"; }
# Every process of the server runs: a cluster's nodes all (<server>_complete), another's one process.
server_complete() {
  if declare -F "$1_complete" >/dev/null; then "$1_complete"; else server_pid "$1" >/dev/null; fi
}

# The servers this invocation deals with, in start order (into the array STACK_SERVERS): every
# single-node server, and each cluster server when --cluster asks for it or when it runs.
stack_servers() {
  local server
  STACK_SERVERS=("${INFRA_SERVERS[@]}")
  for server in "${CLUSTER_SERVERS[@]}"; do
    if ((CLUSTER)) || server_pid "$server" >/dev/null; then STACK_SERVERS+=("$server"); fi
  done
}

# Refuse a name that is no server's.
require_servers() {
  local name
  for name in "$@"; do
    [[ " ${INFRA_SERVERS[*]} ${CLUSTER_SERVERS[*]} " == *" $name "* ]] ||
      die "unknown server: $name (servers: ${INFRA_SERVERS[*]} ${CLUSTER_SERVERS[*]})"
  done
}

# Wait until each named server answers its health check (all at once, printing a line per server
# as it becomes ready); fail with the server's log when one dies or is not ready in time.
# Servers named in the associative array `started_at` (name -> start time in ms) are reported as
# started, the others as already running.
wait_ready() {
  local -a pending=("$@") still=()
  local server pid deadline=$((SECONDS + START_TIMEOUT))
  while ((${#pending[@]})); do
    still=()
    for server in "${pending[@]}"; do
      if "${server}_healthy"; then
        if [[ -n ${started_at[$server]:-} ]]; then
          describe "$server" started "ready in $(elapsed "${started_at[$server]}")"
        else
          describe "$server" running
        fi
        continue
      fi
      if ! server_complete "$server"; then
        show_log_tail "$("${server}_log")" 40
        die "$server exited during start-up; see $("${server}_log")"
      fi
      pid=$(server_pid "$server")
      if ((SECONDS >= deadline)); then
        show_log_tail "$("${server}_log")" 40
        die "$server (pid $pid) did not become ready within ${START_TIMEOUT} s; see $("${server}_log")"
      fi
      still+=("$server")
    done
    pending=("${still[@]}")
    ((${#pending[@]} == 0)) || sleep 0.2
  done
}

describe() { # server, what happened, [note]
  local server=$1 pid
  pid=$(server_pid "$server") || pid='?'
  printf '%-13s %-8s 127.0.0.1:%-12s pid %-8s log %s%s\n' "$server" "$2" "$("${server}_ports")" "$pid" \
    "$(pretty_path "$("${server}_log")")" "${3:+  ($3)}"
}

# Install what is missing, start every server that is not already running (or every process of a
# cluster server), wait until all are ready, then run each one's <server>_setup if it has one (Kafka's
# users and ACLs). Only the servers named, when any are. Appends the servers it started to
# INFRA_STARTED, in start order.
infra_up() {
  require_servers "$@"
  infra_lock
  prepare_dirs
  ensure_os_packages
  local server
  local -a servers=()
  if (($#)); then
    for server in "${INFRA_SERVERS[@]}" "${CLUSTER_SERVERS[@]}"; do
      [[ " $* " != *" $server "* ]] || servers+=("$server")
    done
  else
    stack_servers
    servers=("${STACK_SERVERS[@]}")
  fi
  for server in "${servers[@]}"; do "${server}_install"; done
  tls_ensure

  local -a ports ready=()
  local -A started_at=()
  # Refuse before starting anything if a port of a stopped server is taken (a cluster server checks
  # the ports of the nodes it starts itself: those of its running nodes are taken by them).
  for server in "${servers[@]}"; do
    server_pid "$server" >/dev/null && continue
    IFS=, read -ra ports <<<"$("${server}_ports")"
    require_ports_free "$server" "${ports[@]}"
  done

  for server in "${servers[@]}"; do
    if ! server_complete "$server"; then
      started_at[$server]=$(now_ms)
      "${server}_start"
      INFRA_STARTED+=("$server")
    fi
    if [[ $server == postgres ]]; then # the registry needs its database before it starts
      wait_ready postgres
      postgres_bootstrap
    else
      ready+=("$server")
    fi
  done
  ((${#ready[@]} == 0)) || wait_ready "${ready[@]}"
  for server in "${servers[@]}"; do
    if declare -F "${server}_setup" >/dev/null; then "${server}_setup"; fi
  done
  infra_unlock
}

# Stop the named servers (default: all that run, the cluster's included) gracefully, in reverse
# start order; data stays.
infra_down() {
  local -a wanted=("$@")
  require_servers "$@"
  stack_servers
  ((${#wanted[@]})) || wanted=("${STACK_SERVERS[@]}")
  infra_lock
  local i server pid
  local -a order=("${INFRA_SERVERS[@]}" "${CLUSTER_SERVERS[@]}")
  for ((i = ${#order[@]} - 1; i >= 0; i--)); do
    server=${order[i]}
    [[ " ${wanted[*]} " == *" $server "* ]] || continue
    if pid=$(server_pid "$server"); then
      "${server}_stop" "$pid"
      say "$(printf '%-13s stopped    (was pid %s)' "$server" "$pid")"
    else
      say "$(printf '%-13s not running' "$server")"
    fi
    [[ $server == postgres ]] || rm -f "$RUN_DIR/$server.pid"
  done
  infra_unlock
}

# Stop what this invocation's infra_up started (for `test`'s EXIT trap).
infra_down_started() {
  ((${#INFRA_STARTED[@]})) || return 0
  infra_down "${INFRA_STARTED[@]}"
}

# A table of the servers; returns 3 when any is not running and healthy.
infra_status() {
  local server pid state rss note all_ok=0 port
  local -a ports
  printf '%-13s %-12s %-8s %-10s %-7s %s\n' SERVER PORTS PID STATE RSS LOG
  stack_servers
  for server in "${STACK_SERVERS[@]}"; do
    rss=- note=
    if pid=$(server_pid "$server"); then
      if "${server}_healthy"; then state=healthy; else state=unhealthy all_ok=3; fi
      # a cluster's: its nodes' together
      rss="$(($( (ps -o rss= -p "$pid" 2>/dev/null || echo 0) | awk '{ kb += $1 } END { print kb + 0 }') / 1024))M"
    else
      pid=- state=stopped all_ok=3
      IFS=, read -ra ports <<<"$("${server}_ports")"
      for port in "${ports[@]}"; do
        [[ -z $(port_listeners "$port") ]] || note+="  (port $port is in use by $(port_holder "$port"))"
      done
    fi
    printf '%-13s %-12s %-8s %-10s %-7s %s%s\n' "$server" "$("${server}_ports")" "$pid" "$state" "$rss" \
      "$(pretty_path "$("${server}_log")")" "$note"
  done
  return "$all_ok"
}

# Where the servers are: what every client needs, the services included (no secret).
INFRA_ADDRESS_VARS=(TRAVYA_HOME TRAVYA_PG_HOST TRAVYA_PG_PORT TRAVYA_PG_LOG TRAVYA_KAFKA_BOOTSTRAP
  TRAVYA_KAFKA_CLUSTER_BOOTSTRAP TRAVYA_KAFKA_SECURITY_PROTOCOL TRAVYA_REGISTRY_URL TRAVYA_REDIS_HOST TRAVYA_REDIS_PORT TRAVYA_TLS_CA
  TRAVYA_TLS_TRUSTSTORE TRAVYA_TLS_TRUSTSTORE_PASSWORD TRAVYA_REDIS_CLUSTER_NODES)
infra_addresses() {
  export TRAVYA_HOME
  export TRAVYA_PG_HOST=127.0.0.1
  export TRAVYA_PG_PORT=$PG_PORT
  TRAVYA_PG_LOG=$(postgres_log) # the server's log, audit lines included (a test reads it)
  export TRAVYA_PG_LOG
  export TRAVYA_KAFKA_BOOTSTRAP=127.0.0.1:$KAFKA_PORT
  # the cluster mode's three nodes (where they run when they do: up --cluster, test), same users
  TRAVYA_KAFKA_CLUSTER_BOOTSTRAP=$(kafka_cluster_bootstrap)
  export TRAVYA_KAFKA_CLUSTER_BOOTSTRAP
  export TRAVYA_KAFKA_SECURITY_PROTOCOL=SASL_SSL
  export TRAVYA_REGISTRY_URL=https://127.0.0.1:$REGISTRY_PORT
  export TRAVYA_REDIS_HOST=127.0.0.1
  export TRAVYA_REDIS_PORT=$REDIS_PORT
  # the Redis Cluster's nodes while it runs (the services then keep the read models there); empty
  # otherwise (the standalone Redis)
  TRAVYA_REDIS_CLUSTER_NODES=
  if redis_cluster_pid >/dev/null; then TRAVYA_REDIS_CLUSTER_NODES=$(redis_cluster_nodes); fi
  export TRAVYA_REDIS_CLUSTER_NODES
  # every server's certificate is signed by this CA, the one clients trust (PEM; the same in PKCS12,
  # whose password is not a secret: the store holds nothing private)
  export TRAVYA_TLS_CA=$TLS_DIR/ca.crt
  export TRAVYA_TLS_TRUSTSTORE=$TLS_DIR/truststore.p12
  TRAVYA_TLS_TRUSTSTORE_PASSWORD=$(secret tls-truststore)
  export TRAVYA_TLS_TRUSTSTORE_PASSWORD
}

# The addresses and the credentials the tests and the operator's tools use: the administrative
# logins, and the passwords of the services' database roles (a test runs a service against a
# database of its own, with the same roles). Never given to the services.
INFRA_ENV_VARS=()
infra_env() {
  infra_addresses
  INFRA_ENV_VARS=("${INFRA_ADDRESS_VARS[@]}" TRAVYA_PG_ADMIN_USER TRAVYA_PG_ADMIN_PASSWORD
    TRAVYA_KAFKA_ADMIN_USER TRAVYA_KAFKA_ADMIN_PASSWORD TRAVYA_REGISTRY_ADMIN_USER TRAVYA_REGISTRY_ADMIN_PASSWORD
    TRAVYA_REDIS_ADMIN_USER TRAVYA_REDIS_ADMIN_PASSWORD TRAVYA_REDIS_OPERATOR_USER TRAVYA_REDIS_OPERATOR_PASSWORD)
  export TRAVYA_PG_ADMIN_USER=$PG_ADMIN_USER
  TRAVYA_PG_ADMIN_PASSWORD=$(secret "pg-$PG_ADMIN_USER")
  export TRAVYA_PG_ADMIN_PASSWORD
  export TRAVYA_KAFKA_ADMIN_USER=admin
  TRAVYA_KAFKA_ADMIN_PASSWORD=$(secret kafka-admin)
  export TRAVYA_KAFKA_ADMIN_PASSWORD
  export TRAVYA_REGISTRY_ADMIN_USER=admin
  TRAVYA_REGISTRY_ADMIN_PASSWORD=$(secret registry-admin)
  export TRAVYA_REGISTRY_ADMIN_PASSWORD
  export TRAVYA_REDIS_ADMIN_USER=admin TRAVYA_REDIS_OPERATOR_USER=operator
  TRAVYA_REDIS_ADMIN_PASSWORD=$(secret redis-admin)
  TRAVYA_REDIS_OPERATOR_PASSWORD=$(secret redis-operator)
  export TRAVYA_REDIS_ADMIN_PASSWORD TRAVYA_REDIS_OPERATOR_PASSWORD
  local schema role var
  for schema in "${PG_SCHEMAS[@]}"; do
    for role in "${schema}_owner" "${schema}_app" "${schema}_relay"; do
      var=TRAVYA_PG_PASSWORD_${role^^}
      printf -v "$var" '%s' "$(secret "pg-$role")"
      export "${var?}"
      INFRA_ENV_VARS+=("$var")
    done
  done
}

