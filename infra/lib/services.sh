# shellcheck shell=bash
# ----------------------------------------------------------------------------------------------
# The three services (built from this checkout, run as plain JVMs next to the servers): as a server's
# file, services_install (the build, the gateway's and the tools' jars included), services_spawn and services_await,
# service_healthy, services_stop
# ----------------------------------------------------------------------------------------------
service_jar() { printf '%s' "$REPO_ROOT/$1/target/$1.jar"; }
# An instance of a service: "$service" alone is instance 0; `service_pid trip-service 1` is instance 1.
instance_name() { if ((${2:-0} == 0)); then printf '%s' "$1"; else printf '%s-%s' "$1" "$2"; fi; }
instance_port() { printf '%s' $((SERVICE_PORT[$1] + INSTANCE_PORT_STEP * ${2:-0})); }
instance_management_port() { printf '%s' $((SERVICE_MANAGEMENT_PORT[$1] + INSTANCE_PORT_STEP * ${2:-0})); }
# the jar, or its copy extracted for the AOT cache (target/aot/<key>/app/<service>.jar)
service_pid() { pid_from_file "$RUN_DIR/$(instance_name "$1" "${2:-0}").pid" "$REPO_ROOT/$1/target/"; }
service_log() { printf '%s' "$LOG_DIR/$(instance_name "$1" "${2:-0}").log"; }
service_url() { printf 'http://127.0.0.1:%s' "$(instance_port "$1" "${2:-0}")"; }
# The gateway's instance lists, one argument a line: every instance 0..N-1 of every service, its API
# address and its management port (where the gateway checks readiness). They replace the
# single-instance lists of gateway/src/main/resources/application.yml; ServiceStack.fleet gives the
# tests' gateway the same.
gateway_instance_args() {
  local service i property=--spring.cloud.discovery.client.simple.instances
  for service in "${SERVICES[@]}"; do
    for ((i = 0; i < INSTANCES; i++)); do
      printf '%s.%s[%d].uri=%s\n' "$property" "$service" "$i" "$(service_url "$service" "$i")"
      printf '%s.%s[%d].metadata.management-port=%s\n' "$property" "$service" "$i" "$(instance_management_port "$service" "$i")"
    done
  done
}
# The instances of a service that have a pid file (running or not), e.g. "0 1".
service_instances_known() {
  local file name i found=()
  for file in "$RUN_DIR/$1.pid" "$RUN_DIR/$1"-[0-9]*.pid; do
    [[ -e $file ]] || continue
    name=${file##*/} name=${name%.pid} i=${name#"$1"} i=${i#-}
    found+=("${i:-0}")
  done
  printf '%s\n' "${found[@]}" | sort -n | paste -sd' ' -
}
# actuator (health, metrics) answers on the management port only, never on the API port
service_management_url() { printf 'http://127.0.0.1:%s' "$(instance_management_port "$1" "${2:-0}")"; }
service_health_document() { curl -sS -m 3 "$(service_management_url "$1" "${2:-0}")/actuator/health" 2>/dev/null; }
# UP, DOWN, OUT_OF_SERVICE... as /actuator/health says; "unreachable" when it does not answer.
# The overall status is the last "status" of the document (Jackson writes keys in order, and
# "components" < "groups" < "status").
service_health() {
  local body
  body=$(service_health_document "$1" "${2:-0}") || {
    printf 'unreachable'
    return
  }
  grep -o '"status":"[A-Z_]*"' <<<"$body" | tail -n1 | sed 's/.*:"\(.*\)"/\1/' | grep . || printf 'unknown'
}
service_healthy() { [[ $(service_health "$1" "${2:-0}") == UP ]]; }
# The instance's part in its service's outbox relay: its gauge travya_relay_leader (1 leads, 0 stands
# by) on the management port, which anyone on the machine may read (health details are for
# administrators only), or "-" when it does not answer.
relay_role() {
  local value
  value=$(curl -s -m 5 "http://127.0.0.1:$(instance_management_port "$1" "${2:-0}")/actuator/prometheus" 2>/dev/null |
    grep -m1 '^travya_relay_leader' | awk '{print $NF}') || true
  case $value in
    1 | 1.0) printf 'leader' ;;
    0 | 0.0) printf 'standby' ;;
    *) printf '-' ;;
  esac
}

# Build the service jars (and the tools) when any source is newer than them (or they are missing).
services_install() {
  local module stale=0 jar
  for module in "${SERVICES[@]}" gateway tools; do
    jar=$(service_jar "$module")
    if [[ ! -f $jar ]] || [[ -n $(find "$REPO_ROOT/pom.xml" "$REPO_ROOT/schemas" "$REPO_ROOT/platform" \
      "$REPO_ROOT/trip-access" "$REPO_ROOT/$module" \( -path '*/target' -prune \) -o -type f -newer "$jar" -print -quit) ]]; then
      stale=1
    fi
  done
  ((stale)) || return 0
  say "building the services (log: $(pretty_path "$LOG_DIR/build.log"))"
  local started
  started=$(now_ms)
  # clean: an incremental package keeps a stale copy of platform inside a service jar
  (cd "$REPO_ROOT" && mvnw -B -q clean package -DskipTests -Dspotless.check.skip=true) >"$LOG_DIR/build.log" 2>&1 || {
    show_log_tail "$LOG_DIR/build.log" 40
    die "the build failed; see $(pretty_path "$LOG_DIR/build.log")"
  }
  say "built in $(elapsed "$started")"
}

# The schemas of every topic, registered as the registry's administrator: the services only read the
# registry. Idempotent. From the tools' jar extracted once per build of it (an AOT cache takes its
# classes from jars on the class path, not nested ones) and an AOT cache (java_with_aot_cache): at
# every up it took 3.3 s and 4.3 s of CPU from the packaged jar, and takes 1.2 s and 1.2 s so. Not
# through the tools' aot-command, as the services are: its own JVM, hashing the 167 MB jar for its
# key, would cost about 0.7 s of the 2 s saved; the jar's size and time are key enough here.
register_schemas() {
  local java jar dir
  java=$(service_java) || exit 1
  jar=$(service_jar tools)
  dir=$REPO_ROOT/tools/target/register-schemas/$(stat -c '%s-%Y' "$jar")-$(readlink -f "$java" | sha256sum | cut -c1-8)
  if [[ ! -f $dir/app/tools.jar ]]; then
    rm -rf "$REPO_ROOT/tools/target/register-schemas" && mkdir -p "$dir"
    "$java" -Djarmode=tools -jar "$jar" extract --destination "$dir/app.tmp" </dev/null >>"$LOG_DIR/register-schemas.log" 2>&1 &&
      mv "$dir/app.tmp" "$dir/app" ||
      { show_log_tail "$LOG_DIR/register-schemas.log"; die "extracting $(pretty_path "$jar") failed"; }
  fi
  (
    infra_addresses
    export TRAVYA_REGISTRY_ADMIN_USER=admin TRAVYA_TOPIC_PREFIX=$KAFKA_TOPIC_PREFIX
    TRAVYA_REGISTRY_ADMIN_PASSWORD=$(secret registry-admin)
    export TRAVYA_REGISTRY_ADMIN_PASSWORD
    java_with_aot_cache "$dir/register-schemas.aot" "$java" -jar "$dir/app/tools.jar" register-schemas
  ) </dev/null >>"$LOG_DIR/register-schemas.log" 2>&1 ||
    { show_log_tail "$LOG_DIR/register-schemas.log"; die "registering the schemas failed"; }
}

# The environment the services run with: the same variables docker-compose.yml sets. Each
# service's credentials are added to its own process only (service_credentials).
service_env() {
  infra_addresses
  # every trip-service instance publishes the same keys: the services try them in turn, so that one
  # stopped instance does not stop the others from verifying tokens
  local i
  TRAVYA_JWKS_URI="$(service_url trip-service)/.well-known/jwks.json"
  for ((i = 1; i < INSTANCES; i++)); do
    TRAVYA_JWKS_URI+=",$(service_url trip-service "$i")/.well-known/jwks.json"
  done
  export TRAVYA_JWKS_URI
  export TRIP_SERVICE_PORT=${SERVICE_PORT[trip-service]}
  export BOOKING_SERVICE_PORT=${SERVICE_PORT[booking-service]}
  export CONVERSATION_SERVICE_PORT=${SERVICE_PORT[conversation-service]}
  export TRIP_SERVICE_MANAGEMENT_PORT=${SERVICE_MANAGEMENT_PORT[trip-service]}
  export BOOKING_SERVICE_MANAGEMENT_PORT=${SERVICE_MANAGEMENT_PORT[booking-service]}
  export CONVERSATION_SERVICE_MANAGEMENT_PORT=${SERVICE_MANAGEMENT_PORT[conversation-service]}
  ((INSTANCES == 1)) || export TRAVYA_WEB_SHUTDOWN_DRAIN=$SHUTDOWN_DRAIN
  # up --cluster: the three-node Kafka, where every topic a service creates gets three replicas
  TRAVYA_KAFKA_BOOTSTRAP=$(services_kafka_bootstrap)
  if ((CLUSTER)); then export TRAVYA_EVENTS_REPLICATIONFACTOR=3; fi
  # and the Redis Cluster's nodes (the read models shard); without --cluster the standalone Redis, even
  # if a cluster runs beside it (./travya test starts one)
  ((CLUSTER)) || TRAVYA_REDIS_CLUSTER_NODES=
  # the gateway, on this machine, passes on each client's address in X-Forwarded-For: trip-service
  # believes it from there (failed-login throttling per client address), from nowhere else
  export TRAVYA_TRUSTED_PROXIES=${TRAVYA_TRUSTED_PROXIES-127.0.0.1/32}
}

# The Kafka the services use: the single broker, or with --cluster the cluster's three nodes.
services_kafka_bootstrap() {
  if ((CLUSTER)); then kafka_cluster_bootstrap; else printf '127.0.0.1:%s' "$KAFKA_PORT"; fi
}

# Exports a service's own credentials (in the subshell that starts it): its database roles, its
# Kafka user, its Redis user (trip-service).
service_credentials() {
  local schema=${SERVICE_SCHEMA[$1]}
  export TRAVYA_DB_USER=${schema}_app TRAVYA_DB_OWNER_USER=${schema}_owner TRAVYA_DB_RELAY_USER=${schema}_relay
  TRAVYA_DB_PASSWORD=$(secret "pg-${schema}_app")
  TRAVYA_DB_OWNER_PASSWORD=$(secret "pg-${schema}_owner")
  TRAVYA_DB_RELAY_PASSWORD=$(secret "pg-${schema}_relay")
  export TRAVYA_DB_PASSWORD TRAVYA_DB_OWNER_PASSWORD TRAVYA_DB_RELAY_PASSWORD
  export TRAVYA_KAFKA_USERNAME=$1
  TRAVYA_KAFKA_PASSWORD=$(secret "kafka-$1")
  export TRAVYA_KAFKA_PASSWORD
  if [[ $1 == trip-service ]]; then
    export TRAVYA_REDIS_USERNAME=$1
    TRAVYA_REDIS_PASSWORD=$(secret "redis-$1")
    export TRAVYA_REDIS_PASSWORD
  fi
}

# trip-service's key-encryption key for its private signing keys (README.md, "Signing keys at rest"):
# generated once and kept outside the database, in $TRAVYA_HOME/secrets (mode 600);
# TRAVYA_SIGNING_KEY_ENCRYPTION_KEY in the environment takes precedence. Prints the key.
signing_key_encryption_key() {
  if [[ -n ${TRAVYA_SIGNING_KEY_ENCRYPTION_KEY:-} ]]; then printf '%s' "$TRAVYA_SIGNING_KEY_ENCRYPTION_KEY"; return; fi
  local dir=$TRAVYA_HOME/secrets file=$TRAVYA_HOME/secrets/signing-key-encryption-key
  if [[ ! -s $file ]]; then
    (umask 077 && mkdir -p "$dir" && head -c 32 /dev/urandom | base64 >"$file.tmp" && mv "$file.tmp" "$file")
    say "generated trip-service's signing-key encryption key in $(pretty_path "$file") (without it the stored signing keys cannot be read)" >&2
  fi
  chmod 700 "$dir" && chmod 600 "$file"
  cat "$file"
}

# Builds what changed, registers the schemas and spawns every missing instance, without waiting for
# them (services_await does): `up` starts the gateway meanwhile.
services_spawn() {
  services_install
  register_schemas
  service_env
  local service java kek i name
  kek=$(signing_key_encryption_key)
  java=$(service_java) || exit 1
  services_scale_down
  # a running service keeps the Kafka it started with (noted in services-kafka): say so when up asks
  # for the other one
  local running_on="" running_before=0
  if service_pid trip-service >/dev/null; then running_before=1; fi
  [[ ! -s $RUN_DIR/services-kafka ]] || read -r running_on <"$RUN_DIR/services-kafka"
  if ((running_before)) && [[ -n $running_on && $running_on != "$TRAVYA_KAFKA_BOOTSTRAP" ]]; then
    warn "the running services use Kafka at $running_on, not $TRAVYA_KAFKA_BOOTSTRAP: ./travya down first to switch them"
  fi
  # The services start side by side: none needs another to start (booking- and conversation-service
  # fetch trip-service's keys when the first token arrives). Each starts from its AOT cache, made by
  # a training run when the jar, the JDK or the options changed (tools' AotCache): each service's
  # command is prepared in parallel, then its missing instances are spawned with it, each on its ports.
  local -a preparing=()
  for service in "${SERVICES[@]}"; do
    # only trip-service gets the key, through its environment (not its command line, which ps shows)
    # shellcheck disable=SC2086  # the options are words
    (
      local -a missing=() command=()
      for ((i = 0; i < INSTANCES; i++)); do
        service_pid "$service" "$i" >/dev/null && continue
        name=$(instance_name "$service" "$i")
        require_ports_free "$name" "$(instance_port "$service" "$i")" "$(instance_management_port "$service" "$i")"
        rm -f "$RUN_DIR/$name.started"
        missing+=("$i")
      done
      ((${#missing[@]})) || exit 0
      service_credentials "$service"
      export TRAVYA_SIGNING_KEY_ENCRYPTION_KEY=$([[ $service == trip-service ]] && printf '%s' "$kek")
      export MALLOC_ARENA_MAX=2
      # one JSON object a line (Elastic Common Schema, with trace and span ids): ./travya logs reads them
      export LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs
      mapfile -t command < <(aot_start_command "$java" "$service")
      for i in "${missing[@]}"; do
        name=$(instance_name "$service" "$i")
        now_ms >"$RUN_DIR/$name.started"
        (
          export "$(port_variable "$service")=$(instance_port "$service" "$i")"
          export "$(port_variable "$service" MANAGEMENT_)=$(instance_management_port "$service" "$i")"
          spawn_detached "$RUN_DIR/$name.pid" "$(service_log "$service" "$i")" "${command[@]}"
        ) || exit 1
      done
    ) &
    preparing+=($!)
  done
  local pid
  for pid in "${preparing[@]}"; do wait "$pid" || exit 1; done
  printf '%s\n' "$INSTANCES" >"$RUN_DIR/instances"
  ((running_before)) || printf '%s\n' "$TRAVYA_KAFKA_BOOTSTRAP" >"$RUN_DIR/services-kafka"
}

# The command that starts a service or the gateway (its name, then its arguments) from its AOT
# cache, one word a line (tools' aot-command makes the cache if the jar, the JDK or the options
# changed); the plain command, with a warning, when there can be none. Run in the environment the
# service gets: the training run starts it as it will start.
aot_start_command() {
  local java=$1 module=$2; shift 2
  local -a command=() options=("@$REPO_ROOT/infra/service.jvm")
  # a module's own options (its heap) after the shared ones: the last -Xmx wins
  [[ -f $REPO_ROOT/infra/jvm/$module.jvm ]] && options+=("@$REPO_ROOT/infra/jvm/$module.jvm")
  # the services' jars carry the bean definitions Spring AOT generated at build time (process-aot); the
  # gateway's do not: Spring Cloud LoadBalancer builds a context per route at run time
  [[ $module == gateway ]] || options+=("$SPRING_AOT")
  # shellcheck disable=SC2086  # the options are words
  mapfile -t command < <("$java" -jar "$(service_jar tools)" aot-command "$(service_jar "$module")" \
    "${options[@]}" $SERVICE_JAVA_OPTS -- "$@" 2>>"$(service_log "$module")")
  # shellcheck disable=SC2086
  ((${#command[@]})) || command=("$java" "${options[@]}" $SERVICE_JAVA_OPTS -jar "$(service_jar "$module")" "$@")
  [[ " ${command[*]} " == *" -XX:AOTCache="* ]] || warn "$module starts without an AOT cache (see $(pretty_path "$(service_log "$module")"))"
  printf '%s\n' "${command[@]}"
}

# Waits until every instance is ready and prints each one's time to ready (from its spawn, for those
# this `up` spawned).
services_await() {
  local service i name
  local -A started_at=()
  for service in "${SERVICES[@]}"; do
    for ((i = 0; i < INSTANCES; i++)); do
      name=$(instance_name "$service" "$i")
      [[ -s $RUN_DIR/$name.started ]] && started_at[$name]=$(<"$RUN_DIR/$name.started")
    done
  done
  local -a pending=() still=()
  for service in "${SERVICES[@]}"; do
    for ((i = 0; i < INSTANCES; i++)); do pending+=("$service:$i"); done
  done
  local deadline=$((SECONDS + SERVICE_START_TIMEOUT)) health entry
  while ((${#pending[@]})); do
    still=()
    for entry in "${pending[@]}"; do
      service=${entry%:*} i=${entry##*:} name=$(instance_name "$service" "$i")
      health=$(service_health "$service" "$i")
      if [[ $health == UP ]]; then
        printf '%-23s %-8s %-22s pid %-8s log %s%s\n' "$name" \
          "$([[ -n ${started_at[$name]:-} ]] && echo started || echo running)" "$(service_url "$service" "$i")" \
          "$(service_pid "$service" "$i")" "$(pretty_path "$(service_log "$service" "$i")")" \
          "${started_at[$name]:+  (healthy in $(elapsed "${started_at[$name]}"))}"
        continue
      fi
      if ! service_pid "$service" "$i" >/dev/null; then
        show_log_tail "$(service_log "$service" "$i")" 60
        die "$name exited during start-up; see $(pretty_path "$(service_log "$service" "$i")")"
      fi
      if ((SECONDS >= deadline)); then
        show_log_tail "$(service_log "$service" "$i")" 60
        die "$name is $health after ${SERVICE_START_TIMEOUT} s; see $(pretty_path "$(service_log "$service" "$i")")"
      fi
      still+=("$entry")
    done
    pending=("${still[@]}")
    ((${#pending[@]} == 0)) || sleep 0.5
  done
}

# TRIP_SERVICE_PORT, TRIP_SERVICE_MANAGEMENT_PORT (with MANAGEMENT_ as $2): what the service reads.
port_variable() { local v=${1^^}; printf '%s_%sPORT' "${v//-/_}" "${2:-}"; }

# `up` with fewer instances than run: the extra ones stop (the highest first).
services_scale_down() {
  local service i pid
  for service in "${SERVICES[@]}"; do
    for i in $(service_instances_known "$service" | tr ' ' '\n' | sort -rn); do
      ((i >= INSTANCES)) || continue
      if pid=$(service_pid "$service" "$i"); then
        terminate "$(instance_name "$service" "$i")" "$pid"
        say "$(printf '%-23s stopped    (was pid %s; --instances %s)' "$(instance_name "$service" "$i")" "$pid" "$INSTANCES")"
      fi
      rm -f "$RUN_DIR/$(instance_name "$service" "$i").pid"
    done
  done
}

services_stop() {
  local s service pid i
  for ((s = ${#SERVICES[@]} - 1; s >= 0; s--)); do
    service=${SERVICES[s]}
    if [[ -z $(service_instances_known "$service") ]]; then
      say "$(printf '%-23s not running' "$service")"
      continue
    fi
    for i in $(service_instances_known "$service") ; do
      if pid=$(service_pid "$service" "$i"); then
        terminate "$(instance_name "$service" "$i")" "$pid"
        say "$(printf '%-23s stopped    (was pid %s)' "$(instance_name "$service" "$i")" "$pid")"
      else
        say "$(printf '%-23s not running' "$(instance_name "$service" "$i")")"
      fi
      rm -f "$RUN_DIR/$(instance_name "$service" "$i").pid"
    done
  done
  rm -f "$RUN_DIR/instances"
}

# The instances `up` started last (or TRAVYA_INSTANCES), and any other that still has a pid file.
status_instances() {
  local n=$INSTANCES
  [[ -n ${TRAVYA_INSTANCES:-} || ! -s $RUN_DIR/instances ]] || read -r n <"$RUN_DIR/instances"
  { seq 0 $((n - 1)); service_instances_known "$1" | tr ' ' '\n'; } | grep . | sort -nu | paste -sd' ' -
}

services_status() {
  local service pid health rss relay i all_ok=0
  printf '%-23s %-6s %-6s %-8s %-14s %-9s %-7s %s\n' INSTANCE PORT MGMT PID HEALTH RELAY RSS LOG
  for service in "${SERVICES[@]}"; do
    for i in $(status_instances "$service"); do
      rss=- relay=-
      if pid=$(service_pid "$service" "$i"); then
        health=$(service_health "$service" "$i")
        relay=$(relay_role "$service" "$i")
        rss="$(($(ps -o rss= -p "$pid" 2>/dev/null || echo 0) / 1024))M"
        [[ $health == UP ]] || all_ok=3
      else
        pid=- health=stopped all_ok=3
      fi
      printf '%-23s %-6s %-6s %-8s %-14s %-9s %-7s %s\n' "$(instance_name "$service" "$i")" "$(instance_port "$service" "$i")" \
        "$(instance_management_port "$service" "$i")" "$pid" "$health" "$relay" "$rss" \
        "$(pretty_path "$(service_log "$service" "$i")")"
    done
  done
  return "$all_ok"
}

# Which instance leads each service's outbox relay (two would be a bug: the advisory lock elects one).
relays_status() {
  local service i leaders
  for service in "${SERVICES[@]}"; do
    leaders=
    for i in $(status_instances "$service"); do
      service_pid "$service" "$i" >/dev/null && [[ $(relay_role "$service" "$i") == leader ]] &&
        leaders+="$(instance_name "$service" "$i") "
    done
    printf '%-27s %s\n' "$service relay" "led by ${leaders:-no instance (none running, or a takeover under way)}"
  done
}
