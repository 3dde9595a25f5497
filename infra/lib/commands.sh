# shellcheck shell=bash
# ----------------------------------------------------------------------------------------------
# Commands: cmd_<command>, which ./travya's main dispatches to
# ----------------------------------------------------------------------------------------------
cmd_help() {
  cat <<EOF
Usage: ./travya <command> [args]

The stack (state, logs and pid files in \$TRAVYA_HOME = $(pretty_path "$TRAVYA_HOME")):
  up [--instances N] [--cluster]
                  install what is missing, start the servers, build and start the three services
                  (N instances of each, default TRAVYA_INSTANCES or 1; instance i on the ports + 100*i;
                  side by side, from the JDK's AOT cache, made by a training run after each build)
                  and the gateway in front of them, wait until every health check is UP, print each
                  one's time to ready and where everything is (safe to repeat); with --cluster,
                  Kafka's three-node cluster too, and the services use it (replication factor 3)
  down            stop the gateway, the services, then the servers; every byte of data stays
  status          what runs, where, healthy or not, and which instance leads each service's outbox
                  relay (exit status 3 when something is not)
  logs <name>     follow a log: gateway, trip-service, trip-service-1, booking-service, postgres, kafka, ...
  demo            register, log in, create a trip and read the statistics, with curl
  bench [--duration=S] [--trips=N] [--scenarios=limits,relay,api,reads,projections,search]
                  measure the pipeline against the machine's own limits, in one run; prints a table
                  and writes .travya/bench/report.{md,json} (about 8 minutes with the defaults)
  verify-read-models
                  compare every read model in Redis with the same figures aggregated from the
                  services' databases; exit status 1 on any difference
  rebuild-read-models
                  rebuild every read model from the topics into a fresh key space and switch to it
                  atomically (reads keep being served meanwhile)

Infrastructure only:
  infra-up [--cluster] [server...]
                  install what is missing, start the servers (default: all; the cluster's with
                  --cluster or when they run) that are not running, wait until ready
  infra-down [server...]
                  stop the servers (default: all) gracefully; their data stays
  infra-status    table of the servers (exit status 3 when one is not running and healthy)
  reset [--yes]   stop everything and remove the servers' data under \$TRAVYA_HOME (databases, topics,
                  Redis, registry, logs); keeps the downloads and the generated passwords; asks first
                  unless --yes
  env             print the addresses and the administrative credentials the tests and tools use, as
                  shell exports: eval "\$(./travya env)"
  psql [args]     psql as the superuser, database travya by default (e.g. ./travya psql -d registry)
  kafka <class> [args]
                  run a Kafka tool with the broker's classpath; --command-config $(pretty_path "$KAFKA_DIR")/admin.properties
                  logs in as the super user admin, e.g.
                  ./travya kafka org.apache.kafka.tools.TopicCommand --bootstrap-server 127.0.0.1:$KAFKA_PORT \\
                    --command-config $(pretty_path "$KAFKA_DIR")/admin.properties --list
  redis-cli [args]
                  redis-cli connected to our Redis, as the user admin

Build:
  test [mvn args] infra-up --cluster, then ./mvnw -B verify [mvn args] on JDK 25 with the TRAVYA_* settings
                  exported; stops afterwards only the servers it started; exits with Maven's status

  help            this text

Servers (all on 127.0.0.1):
  postgres   PostgreSQL $PG_VERSION (Debian)     TRAVYA_PG_PORT=$PG_PORT  superuser postgres over the Unix socket only
             (./travya psql); every other role over TCP with its generated password ($(pretty_path "$SECRETS_DIR")/pg-<role>);
             databases: travya (infra/postgres/bootstrap.sql applied), registry (owner registry)
             settings: infra/postgres/travya.conf (pgaudit, pg_stat_statements); audit lines: ./travya logs postgres
  kafka      Kafka $KAFKA_VERSION, KRaft      TRAVYA_KAFKA_PORT=$KAFKA_PORT  TRAVYA_KAFKA_CONTROLLER_PORT=$KAFKA_CONTROLLER_PORT
             SASL: super user admin (PLAIN), one SCRAM-SHA-512 user per service with ACLs (infra/kafka/access.conf)
  registry   Apicurio Registry $APICURIO_VERSION  TRAVYA_REGISTRY_PORT=$REGISTRY_PORT  TRAVYA_REGISTRY_MANAGEMENT_PORT=$REGISTRY_MANAGEMENT_PORT
             Confluent-compatible API at /apis/ccompat/v7; stored in PostgreSQL database registry;
             anyone reads, only the user admin (HTTP basic) registers or changes schemas
  redis      Redis (Debian), AOF on   TRAVYA_REDIS_PORT=$REDIS_PORT
             ACL users (infra/redis/users.acl): admin, operator, trip-service, gateway; anonymous clients can do nothing
  prometheus Prometheus (Debian)      TRAVYA_PROMETHEUS_PORT=$PROMETHEUS_PORT  scrapes the services, the registry and itself;
             alert and recording rules from infra/prometheus; data in $(pretty_path "$PROMETHEUS_DIR")
Cluster mode (up --cluster, infra-up --cluster, test), beside the servers above:
  kafka_cluster  Kafka $KAFKA_VERSION, three KRaft nodes, each broker and controller: $(kafka_cluster_bootstrap)
             (TRAVYA_KAFKA_CLUSTER_<n>_PORT; controllers TRAVYA_KAFKA_CLUSTER_<n>_CONTROLLER_PORT); replication
             factor 3, min.insync.replicas 2 (infra/kafka/cluster.properties); the single broker's users, ACLs, TLS
TLS: every server above takes TLS only (Kafka: SASL_SSL; the registry: https); the certificates and
their local CA are in $(pretty_path "$TLS_DIR") (made on the first infra-up); clients trust ca.crt (TRAVYA_TLS_CA).

Services (on 127.0.0.1; actuator only on the management port):
  trip-service          TRIP_SERVICE_PORT=${SERVICE_PORT[trip-service]}  TRIP_SERVICE_MANAGEMENT_PORT=${SERVICE_MANAGEMENT_PORT[trip-service]}
  booking-service       BOOKING_SERVICE_PORT=${SERVICE_PORT[booking-service]}  BOOKING_SERVICE_MANAGEMENT_PORT=${SERVICE_MANAGEMENT_PORT[booking-service]}
  conversation-service  CONVERSATION_SERVICE_PORT=${SERVICE_PORT[conversation-service]}  CONVERSATION_SERVICE_MANAGEMENT_PORT=${SERVICE_MANAGEMENT_PORT[conversation-service]}
  gateway               GATEWAY_PORT=$GATEWAY_PORT  GATEWAY_MANAGEMENT_PORT=$GATEWAY_MANAGEMENT_PORT  (in front of the three; TRAVYA_GATEWAY_CORS_ORIGINS)

  instances             TRAVYA_INSTANCES=$INSTANCES (1-$MAX_INSTANCES); instance i listens on the ports above + $INSTANCE_PORT_STEP*i
                        (trip-service 8080, 8180...; management 9080, 9180...); with more than one, a
                        stopping instance serves TRAVYA_WEB_SHUTDOWN_DRAIN=$SHUTDOWN_DRAIN after its readiness went down

Other settings: TRAVYA_HOME, TRAVYA_START_TIMEOUT=$START_TIMEOUT (s per server), TRAVYA_STOP_TIMEOUT=$STOP_TIMEOUT (s)
EOF
}

cmd_env() {
  infra_env
  local var
  for var in "${INFRA_ENV_VARS[@]}"; do
    printf 'export %s=%q\n' "$var" "${!var}"
  done
}

cmd_psql() {
  postgres_pid >/dev/null || die "PostgreSQL is not running (./travya infra-up)"
  local -a args=("$@")
  [[ " ${args[*]} " == *" -d "* || " ${args[*]} " == *" --dbname"* ]] || args=(-d travya "${args[@]}")
  if is_root; then
    exec runuser -u postgres -- "$PG_BIN/psql" -X -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres "${args[@]}"
  fi
  exec "$PG_BIN/psql" -X -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres "${args[@]}"
}

cmd_kafka() {
  (($#)) || die "usage: ./travya kafka <main class> [args]"
  dist_complete "$KAFKA_LIBS" || die "Kafka is not downloaded yet (./travya infra-up)"
  exec "$(kafka_java)" -cp "$KAFKA_LIBS/*" "$@"
}

cmd_redis_cli() {
  REDISCLI_AUTH=$(secret redis-admin) exec redis-cli --tls --cacert "$TLS_DIR/ca.crt" -h 127.0.0.1 -p "$REDIS_PORT" \
    --user admin --no-auth-warning "$@"
}

cmd_up() {
  local started
  while (($#)); do
    case $1 in
      --instances) (($# >= 2)) || die "usage: ./travya up [--instances N] [--cluster]"; INSTANCES=$2; shift 2 ;;
      --instances=*) INSTANCES=${1#*=}; shift ;;
      --cluster) CLUSTER=1; shift ;;
      *) die "up: unknown option '$1' (up takes only --instances N and --cluster; see ./travya help)" ;;
    esac
  done
  validate_instances "--instances" "$INSTANCES"
  local kafka_dir=$KAFKA_DIR
  if ((CLUSTER)); then kafka_dir=$KAFKA_CLUSTER_DIR; fi
  started=$(now_ms)
  infra_up
  # Prometheus scrapes every instance this up runs: a running one reads its new targets again
  local prometheus
  if prometheus=$(prometheus_pid); then
    prometheus_write_config
    kill -HUP "$prometheus"
  fi
  # the gateway and the services start side by side: the longest start is what `up` waits for
  services_spawn
  gateway_spawn
  services_await
  gateway_await
  cat <<EOF

Travya is up ($(elapsed "$started")). Everything listens on 127.0.0.1:
  gateway               $(gateway_url)      the API of all three services (API=$(gateway_url)), rate-limited;
                        one Swagger UI at $(gateway_url)/swagger-ui.html; management port $GATEWAY_MANAGEMENT_PORT
  trip-service          $(service_url trip-service)      API /api/v1/{auth,users,trips}, JWKS /.well-known/jwks.json
  booking-service       $(service_url booking-service)      API /api/v1/bookings
  conversation-service  $(service_url conversation-service)      API /api/v1/conversations
  instances             $INSTANCES of each service$( ((INSTANCES == 1)) || printf ', instance i on the ports + %s*i (./travya status lists them)' "$INSTANCE_PORT_STEP")
  each service          /v3/api-docs, /swagger-ui.html; on its management port
                        (trip ${SERVICE_MANAGEMENT_PORT[trip-service]}, booking ${SERVICE_MANAGEMENT_PORT[booking-service]}, conversation ${SERVICE_MANAGEMENT_PORT[conversation-service]}) /actuator/health, /actuator/prometheus
  PostgreSQL            127.0.0.1:$PG_PORT     database travya (./travya psql)
  Kafka                 $(services_kafka_bootstrap)     topics travya.users, travya.trips, travya.bookings, travya.conversations
                                          (SASL/SCRAM; $(pretty_path "$kafka_dir")/admin.properties logs in as admin)
  Schema registry       https://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7 (Confluent-compatible)
  Redis                 127.0.0.1:$REDIS_PORT (TLS: ./travya redis-cli)
  Prometheus            http://127.0.0.1:$PROMETHEUS_PORT   alerts /alerts, targets /targets (infra/prometheus;
                                          dashboard for Grafana: infra/grafana/travya.json)
Every connection to a server is TLS; they trust the local CA $(pretty_path "$TLS_DIR/ca.crt") (TRAVYA_TLS_CA).
Every server wants a login; the generated passwords are in $(pretty_path "$SECRETS_DIR") (./travya env prints
the administrative ones). State and logs: $(pretty_path "$TRAVYA_HOME") ; ./travya status ; ./travya down
EOF
}

cmd_down() {
  gateway_stop
  services_stop
  infra_down
}

# Everything the servers keep goes; the downloads (dist/) and the generated passwords (secrets/)
# stay, so the next `up` starts from empty servers without downloading again.
cmd_reset() {
  local answer
  [[ $# -eq 0 || ($# -eq 1 && $1 == --yes) ]] || die "reset: unknown option '$1' (reset takes only --yes; see ./travya help)"
  if [[ ${1:-} != --yes ]]; then
    [[ -t 0 ]] || die "reset removes every database, topic and key under $(pretty_path "$TRAVYA_HOME"); run ./travya reset --yes to confirm"
    read -r -p "Remove every database, topic, Redis key and schema under $(pretty_path "$TRAVYA_HOME")? [y/N] " answer
    [[ $answer == [yY]* ]] || die "nothing removed"
  fi
  gateway_stop
  services_stop
  infra_down
  rm -rf "${PG_DIR:?}" "${KAFKA_DIR:?}" "${KAFKA_CLUSTER_DIR:?}" "${REDIS_DIR:?}" "${REDIS_CLUSTER_DIR:?}" "${REGISTRY_DIR:?}" \
    "${PROMETHEUS_DIR:?}" "${RUN_DIR:?}" "${LOG_DIR:?}" "${TRAVYA_HOME:?}/bench"
  say "removed the servers' data under $(pretty_path "$TRAVYA_HOME"); ./travya up starts from empty servers"
}

cmd_status() {
  local rc=0
  infra_status || rc=$?
  echo
  services_status || rc=$?
  gateway_status || rc=$?
  echo
  relays_status
  if ((rc)); then
    echo
    say "Not everything is running and healthy (exit status $rc): ./travya up starts what is stopped; ./travya logs <name> shows why one is unhealthy."
  fi
  return "$rc"
}

# The services' JSON lines (ECS) as text: time, level, trace id, logger, message, stack trace; a line
# that is not JSON (the JVM's own) passes as it is.
readable_log() {
  jq -R -r --unbuffered '. as $line | (fromjson? // null) as $e
    | if ($e | type) == "object" then
        "\($e["@timestamp"]) \($e["log"]["level"] // $e["log.level"] // "" | .[0:5]) "
        + "[\($e.traceId // $e["trace.id"] // $e["trace"]["id"] // "-")] "
        + "\($e["log"]["logger"] // $e["log.logger"] // "" | split(".") | last): \($e.message // "")"
        + (if ($e.error.stack_trace // $e["error.stack_trace"]) then "\n" + ($e.error.stack_trace // $e["error.stack_trace"]) else "" end)
      else $line end'
}

# The names `logs` takes: the services, the servers, and whatever else has written a log under $LOG_DIR.
log_names() {
  local -a names=("${SERVICES[@]}" "${INFRA_SERVERS[@]}")
  local file name
  for file in "$LOG_DIR"/*.log; do
    [[ -f $file ]] || continue
    name=$(basename "$file" .log)
    [[ " ${names[*]} " == *" $name "* ]] || names+=("$name")
  done
  printf '%s' "${names[*]}"
}

cmd_logs() {
  local name=${1:-} names
  names=$(log_names)
  [[ -n $name ]] || die "usage: ./travya logs <name>; names: ${names// /, }"
  (($# == 1)) || die "usage: ./travya logs <name> (one name, not: $*); names: ${names// /, }"
  if [[ ! -f $LOG_DIR/$name.log ]]; then
    [[ " $names " == *" $name "* ]] || die "no log named '$name'; names: ${names// /, }"
    die "$name has no log yet ($(pretty_path "$LOG_DIR/$name.log")): it has not run with TRAVYA_HOME=$(pretty_path "$TRAVYA_HOME")"
  fi
  if [[ " ${SERVICES[*]} " == *" $name "* ]] && command -v jq >/dev/null; then
    tail -n 200 -F "$LOG_DIR/$name.log" | readable_log
    return
  fi
  exec tail -n 200 -F "$LOG_DIR/$name.log"
}

# The operator's tools (tools/): they read the databases and Redis directly, with the administrative
# logins of infra_env.
run_tool() {
  services_install
  infra_env
  local java
  java=$(service_java) || exit 1
  "$java" -jar "$(service_jar tools)" "$@"
}

cmd_verify_read_models() {
  infra_status >/dev/null || die "the servers are not all running (./travya up)"
  run_tool verify-read-models
}

cmd_rebuild_read_models() {
  service_healthy trip-service || die "trip-service is not up (./travya up): it does the rebuild"
  run_tool rebuild-read-models
}

# The benchmark: the servers of the stack (started if needed), and its own instances of the three
# services in a sandbox (their own database, topics and keys), so that it measures services that
# hold only its data and leaves the stack's data alone. The flags are the bench's own (tools' Bench
# checks them and prints the usage); --help answers at once, before any server or build.
cmd_bench() {
  local arg
  for arg in "$@"; do
    if [[ $arg == --help || $arg == -h ]]; then
      echo "usage: ./travya bench [--duration=SECONDS] [--trips=N] [--out=DIR] [--scenarios=idle,limits,relay,api,reads,projections,search,startup] [--services=trip-service,...]"
      return 0
    fi
  done
  infra_up
  bench_protect_slots
  TRAVYA_REPO=$REPO_ROOT run_tool bench "$@"
}

# A slot whose relay is stopped keeps every byte of WAL the bench writes (one WAL for the whole
# server), and PostgreSQL invalidates it at max_slot_wal_keep_size: its relay could never stream
# again. Refuse a bench that could take a stopped stack's slot there (a full run writes up to about
# 2 GB of WAL) and say what to do.
BENCH_WAL_BYTES=${TRAVYA_BENCH_WAL_BYTES:-$((2 * 1024 * 1024 * 1024))}
bench_protect_slots() {
  local at_risk
  at_risk=$(pg_psql -d postgres -At -F' ' -c "SELECT slot_name, pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)),
      pg_size_pretty(safe_wal_size) FROM pg_replication_slots
      WHERE NOT active AND wal_status <> 'lost' AND safe_wal_size < $BENCH_WAL_BYTES ORDER BY slot_name") ||
    die "could not read PostgreSQL's replication slots"
  [[ -z $at_risk ]] && return 0
  printf '%s\n' "$at_risk" | awk '{printf "  slot %-40s holds %s %s of WAL; PostgreSQL gives it up after %s %s more\n", $1, $2, $3, $4, $5}' >&2
  die "the bench writes up to about $((BENCH_WAL_BYTES >> 20)) MB of WAL, and the stopped relays of these slots would lose them: run ./travya up and let the services run a minute (each relay confirms the WAL up to its next heartbeat), then ./travya down and bench; a slot no service will use again: ./travya psql -c \"SELECT pg_drop_replication_slot('<slot>')\""
}

# The README's walk-through, run for real against the running stack.
cmd_demo() {
  local base user token trip stats i
  base=$(service_url trip-service)
  service_healthy trip-service || die "trip-service is not up (./travya up)"
  user="demo$(date +%s)"
  say "register $user"
  curl -fsS -X POST "$base/api/v1/auth/register" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$user@example.com\",\"username\":\"$user\",\"password\":\"correct horse battery\",\"full_name\":\"Demo User\"}" >/dev/null
  token=$(curl -fsS -X POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$user\",\"password\":\"correct horse battery\"}" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
  [[ -n $token ]] || die "login failed"
  trip=$(curl -fsS -X POST "$base/api/v1/trips" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"title":"Lisbon in spring","destination":"Lisbon, Portugal","start_date":"2027-04-10","end_date":"2027-04-17","budget":1800.00,"trip_type":"leisure"}')
  say "created trip: $trip"
  for i in $(seq 1 20); do
    stats=$(curl -fsS "$base/api/v1/trips/stats" -H "Authorization: Bearer $token")
    [[ $stats == *'"total_trips":1'* ]] && { say "statistics (from Redis): $stats"; return 0; }
    sleep 0.1
  done
  die "the statistics did not count the trip within 2 s: $stats"
}

cmd_infra_up() {
  local -a servers=()
  while (($#)); do
    case $1 in
      --cluster) CLUSTER=1 ;;
      -*) die "infra-up: unknown option '$1' (infra-up takes only --cluster and server names; see ./travya help)" ;;
      *) servers+=("$1") ;;
    esac
    shift
  done
  infra_up "${servers[@]}"
}

cmd_test() {
  trap infra_down_started EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  service_java >/dev/null || exit 1
  # the cluster mode's servers too: the delivery and fault tests run against them as well
  CLUSTER=1
  infra_up
  command -v bats >/dev/null || apt_install bats # the tests of this script (infra/bats, run by TravyaCommandLineTest)
  infra_env
  local rc=0
  (cd "$REPO_ROOT" && mvnw -B verify "$@") || rc=$?
  exit "$rc"
}

# A command that takes no options refuses any, before it does anything: a mistyped or imagined
# option (`./travya up --no-build`) must not pass unnoticed.
no_options() {
  local command=$1
  shift
  (($# == 0)) || die "$command: unknown option '$1' ($command takes none; see ./travya help)"
}
