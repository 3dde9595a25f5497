# shellcheck shell=bash
# What every part of ./travya shares: the settings, logging, processes and ports, waiting, the JDKs,
# and the installation steps common to the servers. Sourced by ./travya (which sets REPO_ROOT).

# ----------------------------------------------------------------------------------------------
# Configuration: the defaults live in infra/settings.env (docker-compose.yml, the Kubernetes dev
# overlay and the tests read the same file); the environment overrides the ports and timeouts
# ----------------------------------------------------------------------------------------------
SETTINGS_FILE=$REPO_ROOT/infra/settings.env
declare -A SETTING=()
while IFS= read -r line; do
  if [[ $line =~ ^([A-Z][A-Z0-9_]*)=(.*)$ ]]; then SETTING[${BASH_REMATCH[1]}]=${BASH_REMATCH[2]}; fi
done <"$SETTINGS_FILE"
unset line
# a setting's default from infra/settings.env; a name missing there is a mistake in ./travya
setting() {
  [[ -n ${SETTING[$1]+set} ]] || { printf 'travya: error: %s is missing from %s\n' "$1" "$SETTINGS_FILE" >&2; exit 1; }
  printf '%s' "${SETTING[$1]}"
}

TRAVYA_HOME=$(realpath -m "${TRAVYA_HOME:-$REPO_ROOT/.travya}")
PG_PORT=${TRAVYA_PG_PORT:-$(setting TRAVYA_PG_PORT)}
KAFKA_PORT=${TRAVYA_KAFKA_PORT:-$(setting TRAVYA_KAFKA_PORT)}
KAFKA_CONTROLLER_PORT=${TRAVYA_KAFKA_CONTROLLER_PORT:-$(setting TRAVYA_KAFKA_CONTROLLER_PORT)}
# the cluster mode's Kafka nodes 1..3 (index 0 unused): client and controller port of each
KAFKA_CLUSTER_NODES=(1 2 3)
KAFKA_CLUSTER_PORT=() KAFKA_CLUSTER_CONTROLLER_PORT=()
for node in "${KAFKA_CLUSTER_NODES[@]}"; do
  port_var=TRAVYA_KAFKA_CLUSTER_${node}_PORT controller_var=TRAVYA_KAFKA_CLUSTER_${node}_CONTROLLER_PORT
  KAFKA_CLUSTER_PORT[node]=${!port_var:-$(setting "$port_var")}
  KAFKA_CLUSTER_CONTROLLER_PORT[node]=${!controller_var:-$(setting "$controller_var")}
done
unset node port_var controller_var
REGISTRY_PORT=${TRAVYA_REGISTRY_PORT:-$(setting TRAVYA_REGISTRY_PORT)}
REGISTRY_MANAGEMENT_PORT=${TRAVYA_REGISTRY_MANAGEMENT_PORT:-$(setting TRAVYA_REGISTRY_MANAGEMENT_PORT)}
REDIS_PORT=${TRAVYA_REDIS_PORT:-$(setting TRAVYA_REDIS_PORT)}
PROMETHEUS_PORT=${TRAVYA_PROMETHEUS_PORT:-$(setting TRAVYA_PROMETHEUS_PORT)}
START_TIMEOUT=${TRAVYA_START_TIMEOUT:-180}   # seconds each server may take to become ready
STOP_TIMEOUT=${TRAVYA_STOP_TIMEOUT:-60}      # seconds each server may take to stop before SIGKILL

# the versions (Debian's PostgreSQL major; Kafka's jars and Apicurio's distribution from Maven Central)
PG_VERSION=$(setting POSTGRES_VERSION)
KAFKA_VERSION=$(setting KAFKA_VERSION)
APICURIO_VERSION=$(setting APICURIO_VERSION)
SERVERS_POM=$REPO_ROOT/infra/servers-pom.xml

LOG_DIR=$TRAVYA_HOME/logs
RUN_DIR=$TRAVYA_HOME/run                     # pid files (PostgreSQL keeps its own in $PG_DATA)
DIST_DIR=$TRAVYA_HOME/dist                   # downloaded servers
SECRETS_DIR=$TRAVYA_HOME/secrets             # generated passwords, one file each, mode 600
TLS_DIR=$TRAVYA_HOME/tls                     # the local certificate authority and the servers' certificates

# The services, their ports (overridable like the servers') and the JVM options they run with.
# Each has an API port and a management port (actuator: health, metrics), both on 127.0.0.1.
SERVICES=(trip-service booking-service conversation-service)
declare -A SERVICE_PORT=(
  [trip-service]=${TRIP_SERVICE_PORT:-$(setting TRIP_SERVICE_PORT)}
  [booking-service]=${BOOKING_SERVICE_PORT:-$(setting BOOKING_SERVICE_PORT)}
  [conversation-service]=${CONVERSATION_SERVICE_PORT:-$(setting CONVERSATION_SERVICE_PORT)}
)
declare -A SERVICE_MANAGEMENT_PORT=(
  [trip-service]=${TRIP_SERVICE_MANAGEMENT_PORT:-$(setting TRIP_SERVICE_MANAGEMENT_PORT)}
  [booking-service]=${BOOKING_SERVICE_MANAGEMENT_PORT:-$(setting BOOKING_SERVICE_MANAGEMENT_PORT)}
  [conversation-service]=${CONVERSATION_SERVICE_MANAGEMENT_PORT:-$(setting CONVERSATION_SERVICE_MANAGEMENT_PORT)}
)
# A service aims at 512 MB resident or less (trip-service peaks slightly above under the bench;
# ARCHITECTURE.md has the figures): infra/service.jvm (shared with the Dockerfiles and the
# system tests; infra/jvm/<module>.jvm, where there is one, follows it: booking- and conversation-service
# cap their heap lower) bounds the heap and returns what it does not need, bounds metaspace and code cache,
# keeps thread stacks small, uses the serial collector (2 cores) and trims glibc's heap every 5 s;
# MALLOC_ARENA_MAX=2 keeps glibc from giving each thread its own arena. TRAVYA_SERVICE_JAVA_OPTS
# adds options after the file's (the last one wins). The services (not the gateway) start from the bean
# definitions Spring AOT generated when their jar was built (ARCHITECTURE.md, "Start-up").
SERVICE_JAVA_OPTS=${TRAVYA_SERVICE_JAVA_OPTS:-}
SPRING_AOT=-Dspring.aot.enabled=true
# How many instances of each service `up` runs (`up --instances N` overrides; `status` and `down`
# find the ones running from their pid files). Instance i of a service listens on its ports + 100*i:
# trip-service 8080, 8180, 8280...; management 9080, 9180... Instance 0 keeps the plain names
# (trip-service.pid, trip-service.log); instance i is trip-service-i.
INSTANCES=${TRAVYA_INSTANCES:-1}
INSTANCE_PORT_STEP=100
MAX_INSTANCES=9
# With several instances a stopping one keeps serving this long after its readiness went down, so
# that the gateway, which polls readiness, stops sending to it before its port closes.
SHUTDOWN_DRAIN=${TRAVYA_WEB_SHUTDOWN_DRAIN:-5s}
# The gateway (gateway/): the one entry point in front of the services, started after them.
GATEWAY_PORT=${GATEWAY_PORT:-$(setting GATEWAY_PORT)}
GATEWAY_MANAGEMENT_PORT=${GATEWAY_MANAGEMENT_PORT:-$(setting GATEWAY_MANAGEMENT_PORT)}
SERVICE_START_TIMEOUT=${TRAVYA_SERVICE_START_TIMEOUT:-240}

# The servers in start order, each with its file infra/lib/<server>.sh and the same functions:
# <server>_install, _start, _healthy, _stop (and _pid, _ports, _log). They are stopped in reverse
# order (the registry needs PostgreSQL). Prometheus comes last: it only watches the others (and the services).
INFRA_SERVERS=(postgres kafka redis registry prometheus)
# The cluster mode's servers, each with the same functions in its file infra/lib/<server>.sh, and
# made of several processes (nodes): their _pid prints the running nodes' pids (comma-separated),
# _complete succeeds when every node runs, _start starts the missing ones. They run beside the
# servers above, on ports and in folders of their own: `up --cluster` and `infra-up --cluster` start
# them (after the others; `test` always does), and every command that stops or lists the servers
# includes those that run.
CLUSTER_SERVERS=(kafka_cluster redis_cluster)
CLUSTER=0 # 1: this invocation starts the cluster servers too (--cluster)
# The servers that this invocation's infra_up started (so that `test` stops only those).
INFRA_STARTED=()

validate_config() {
  local var value seen=" " node
  local -a cluster_ports=()
  for node in "${KAFKA_CLUSTER_NODES[@]}"; do
    cluster_ports+=("TRAVYA_KAFKA_CLUSTER_${node}_PORT:${KAFKA_CLUSTER_PORT[node]}"
      "TRAVYA_KAFKA_CLUSTER_${node}_CONTROLLER_PORT:${KAFKA_CLUSTER_CONTROLLER_PORT[node]}")
  done
  for var in TRAVYA_PG_PORT:$PG_PORT TRAVYA_KAFKA_PORT:$KAFKA_PORT TRAVYA_KAFKA_CONTROLLER_PORT:$KAFKA_CONTROLLER_PORT \
    TRAVYA_REGISTRY_PORT:$REGISTRY_PORT TRAVYA_REGISTRY_MANAGEMENT_PORT:$REGISTRY_MANAGEMENT_PORT \
    TRAVYA_REDIS_PORT:$REDIS_PORT TRAVYA_PROMETHEUS_PORT:$PROMETHEUS_PORT "${cluster_ports[@]}" \
    TRAVYA_START_TIMEOUT:$START_TIMEOUT TRAVYA_STOP_TIMEOUT:$STOP_TIMEOUT; do
    value=${var#*:} var=${var%%:*}
    [[ $value =~ ^[1-9][0-9]*$ ]] || die "$var must be a positive number, not '$value'"
    [[ $var == *TIMEOUT ]] && continue
    ((value <= 65535)) || die "$var must be a TCP port (1-65535), not $value"
    [[ $seen != *" $value "* ]] || die "$var=$value: that port is already given to another server"
    seen+="$value "
  done
  validate_instances "TRAVYA_INSTANCES" "$INSTANCES"
}

validate_instances() {
  [[ $2 =~ ^[1-9][0-9]*$ ]] && (($2 <= MAX_INSTANCES)) || die "$1 must be a number of instances from 1 to $MAX_INSTANCES, not '$2'"
}

# ----------------------------------------------------------------------------------------------
# Small helpers
# ----------------------------------------------------------------------------------------------
say() { printf '%s\n' "$*"; }
warn() { printf 'travya: %s\n' "$*" >&2; }
die() { printf 'travya: error: %s\n' "$*" >&2; exit 1; }

# A generated secret, by name: 32 random letters and digits, made on first use and kept in
# $SECRETS_DIR/<name> (mode 600), the same ever after. Letters and digits only, so that it stands
# as it is in SQL, JAAS and ACL files.
secret() {
  local file=$SECRETS_DIR/$1 value
  if [[ ! -s $file ]]; then
    mkdir -p "$SECRETS_DIR"
    chmod 700 "$SECRETS_DIR"
    value=$(head -c 96 /dev/urandom | base64 -w0 | tr -dc 'A-Za-z0-9')
    (umask 077 && printf '%s\n' "${value:0:32}" >"$file.tmp" && mv "$file.tmp" "$file")
  fi
  read -r value <"$file"
  printf '%s' "$value"
}

# A path as the user best reads it: relative to the repository when inside it.
pretty_path() { local p=$1; [[ $p == "$REPO_ROOT"/* ]] && p=${p#"$REPO_ROOT"/}; printf '%s' "$p"; }

now_ms() { date +%s%3N; }
elapsed() { local ms=$(($(now_ms) - $1)); printf '%d.%d s' $((ms / 1000)) $((ms % 1000 / 100)); }

# Print the last lines of a log file to stderr, indented, to explain a failure.
show_log_tail() {
  local file=$1 lines=${2:-25}
  [[ -s $file ]] || return 0
  printf -- '--- last %d lines of %s ---\n' "$lines" "$file" >&2
  tail -n "$lines" "$file" | sed 's/^/  /' >&2
  printf -- '---\n' >&2
}

is_root() { [[ $EUID -eq 0 ]]; }

# Alive and not a zombie (a server stopped by the invocation that started it stays a zombie
# child of this shell until the shell exits).
pid_alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat%% *} != Z ]]
}

# Print the pid in $1 (first line) if that process is alive and its command line contains $2.
pid_from_file() {
  local file=$1 expect=$2 pid cmdline
  [[ -r $file ]] || return 1
  read -r pid <"$file" || return 1
  [[ $pid =~ ^[0-9]+$ ]] && pid_alive "$pid" || return 1
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmdline == *"$expect"* ]] || return 1
  printf '%s' "$pid"
}

# The processes listening on a TCP port (any address), as `ss` shows them; empty when free.
port_listeners() { ss -Hltnp "sport = :$1" 2>/dev/null || true; }
# Who listens on a port, e.g. "python3 (pid 8333)"; empty when nobody (or not visible to us).
port_holder() {
  port_listeners "$1" | grep -o '(("[^"]*",pid=[0-9]*' | sed -E 's/\(\("([^"]*)",pid=([0-9]*)/\1 (pid \2)/' |
    sort -u | paste -sd, - | sed 's/,/, /g'
}

# Fail unless every port is free; say who holds a taken one.
require_ports_free() {
  local server=$1 port holder; shift
  for port in "$@"; do
    [[ -z $(port_listeners "$port") ]] && continue
    holder=$(port_holder "$port")
    die "$server cannot start: port $port is already in use by another process: ${holder:-unknown (run as root to see it)}; stop it or choose another port (see ./travya help)"
  done
}

# Start a command in the background, detached from this shell and its terminal (own session, no
# inherited stdin/stdout/stderr, nor the lock), logging to $2. The process writes its own pid
# to $1 just before exec, so the pid file names the server process itself.
spawn_detached() {
  local pidfile=$1 logfile=$2; shift 2
  rm -f "$pidfile"
  # shellcheck disable=SC2016  # $$ and $@ are for the inner shell
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" </dev/null >>"$logfile" 2>&1 9>&- &
  local deadline=$((SECONDS + 10))
  until [[ -s $pidfile ]]; do
    ((SECONDS < deadline)) || die "could not start $1 (no pid file $pidfile)"
    sleep 0.05
  done
}

# Send SIGTERM and wait for the process to go; SIGKILL after $STOP_TIMEOUT seconds.
terminate() {
  local name=$1 pid=$2 deadline=$((SECONDS + STOP_TIMEOUT))
  kill -TERM "$pid" 2>/dev/null || return 0
  while pid_alive "$pid"; do
    if ((SECONDS >= deadline)); then
      warn "$name (pid $pid) did not stop within ${STOP_TIMEOUT} s of SIGTERM; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
      return 0
    fi
    sleep 0.1
  done
}

# The JDK to run a server with: prefer the `java` on PATH, then /usr/lib/jvm; $1 = minimum
# feature version, $2 = "lowest" or "highest" among the JDKs under /usr/lib/jvm.
java_feature_version() {
  local java=$1 home version
  home=$(dirname "$(dirname "$(readlink -f "$java")")")
  if [[ -r $home/release ]]; then
    version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
  else
    version=$("$java" -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p')
  fi
  printf '%s' "${version:-0}"
}
find_java() {
  local min=$1 prefer=$2 java best="" best_version="" version
  if java=$(command -v java 2>/dev/null) && (($(java_feature_version "$java") >= min)); then
    printf '%s' "$java"; return 0
  fi
  for java in /usr/lib/jvm/*/bin/java; do
    [[ -x $java ]] || continue
    version=$(java_feature_version "$java")
    ((version >= min)) || continue
    if [[ -z $best ]] || { [[ $prefer == highest ]] && ((version > best_version)); } ||
      { [[ $prefer == lowest ]] && ((version < best_version)); }; then
      best=$java best_version=$version
    fi
  done
  [[ -n $best ]] && printf '%s' "$best"
}

# The services, their build and the tools run on Java 25 (pom.xml's maven.compiler.release): Maven
# (./mvnw) with JAVA_HOME set to it, the jars with its java. Debian 12 packages no JDK 25: it must be
# installed (e.g. Temurin 25 under /usr/lib/jvm), as the registry's JDK 21+ must.
SERVICE_JAVA_VERSION=25
service_java() {
  local java
  java=$(find_java "$SERVICE_JAVA_VERSION" highest)
  [[ -n $java ]] || die "the services need a JDK $SERVICE_JAVA_VERSION or newer: none is on PATH or under /usr/lib/jvm (install e.g. Temurin $SERVICE_JAVA_VERSION)"
  printf '%s' "$java"
}
# Runs a java command (java, then its options and arguments) from the AOT cache at the path given
# (JEP 483/514), for ./travya's own short programs, which start cold at every up: from the cache when
# it exists, else writing it as this run exits, beside and renamed into place once the run succeeded,
# so that no run ever maps half a cache. A cache the JVM refuses (another JDK, class path or options)
# is a warning in the output, and the run goes on without it.
java_with_aot_cache() { # cache java [option and argument]...
  local cache=$1 java=$2 rc=0
  shift 2
  local -a aot=("-XX:AOTCache=$cache")
  [[ -f $cache ]] || aot=("-XX:AOTCacheOutput=$cache.$$")
  "$java" "${aot[@]}" "$@" || rc=$?
  if [[ -f $cache.$$ ]]; then
    if ((rc == 0)); then mv "$cache.$$" "$cache"; else rm -f "$cache.$$"; fi
  fi
  return "$rc"
}

# ./mvnw with the services' JDK
mvnw() {
  local java
  java=$(service_java) || exit 1
  JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$java")")") ./mvnw "$@"
}
# ----------------------------------------------------------------------------------------------
# Installation: Debian packages (only when a binary is missing), then each server's <server>_install
# (its Maven downloads, only when $TRAVYA_HOME/dist lacks them or their versions changed since)
# ----------------------------------------------------------------------------------------------
apt_install() {
  is_root || die "missing Debian packages: $*; install them (sudo apt-get install $*) or run as root"
  say "installing Debian packages: $* (log: $(pretty_path "$LOG_DIR/apt.log"))"
  {
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
  } >>"$LOG_DIR/apt.log" 2>&1 || { show_log_tail "$LOG_DIR/apt.log"; die "apt-get install $* failed"; }
}

# Every server's Debian packages in one apt-get run.
ensure_os_packages() {
  local -a missing=()
  [[ -x $PG_BIN/postgres && -x $PG_BIN/initdb && -x $PG_BIN/pg_ctl ]] || missing+=("postgresql-$PG_VERSION")
  [[ -x $PG_BIN/psql && -x $PG_BIN/pg_isready ]] || missing+=("postgresql-client-$PG_VERSION")
  [[ -f /usr/lib/postgresql/$PG_VERSION/lib/pgaudit.so ]] || missing+=("postgresql-$PG_VERSION-pgaudit")
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v redis-cli >/dev/null || missing+=(redis-tools)
  { command -v prometheus && command -v promtool; } >/dev/null || missing+=(prometheus)
  command -v jq >/dev/null || missing+=(jq)
  command -v curl >/dev/null || missing+=(curl)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v ss >/dev/null || missing+=(iproute2)
  [[ -n $(find_java 17 lowest) ]] || missing+=(openjdk-17-jdk-headless)
  ((${#missing[@]} == 0)) || apt_install "${missing[@]}"
  [[ -n $(find_java 17 lowest) ]] || die "no Java 17+ found (for Kafka and Maven)"
}

# Runs mvnw on infra/servers-pom.xml (never part of the main build), with the versions of infra/settings.env.
servers_maven() {
  (cd "$REPO_ROOT" && ./mvnw -q -B -f "$SERVERS_POM" -Dkafka.version="$KAFKA_VERSION" -Dapicurio.version="$APICURIO_VERSION" "$@") \
    </dev/null >>"$LOG_DIR/maven-dist.log" 2>&1 9>&- ||
    { show_log_tail "$LOG_DIR/maven-dist.log"; die "downloading from Maven Central failed: ./mvnw -f $(pretty_path "$SERVERS_POM") $*"; }
}

# What a download was made from: the POM and the versions it was given.
dist_fingerprint() { { cat "$SERVERS_POM"; printf 'kafka %s apicurio %s\n' "$KAFKA_VERSION" "$APICURIO_VERSION"; } | sha256sum; }
# $1 = target folder; it is complete when its .travya-dist marker names the current POM and versions.
dist_complete() { [[ -f $1/.travya-dist && $(<"$1/.travya-dist") == "$(dist_fingerprint)" ]]; }

prepare_dirs() {
  mkdir -p "$LOG_DIR" "$RUN_DIR" "$PG_DIR" "$KAFKA_DATA" "$REGISTRY_DIR" "$REDIS_DIR" "$PROMETHEUS_DIR"
}
