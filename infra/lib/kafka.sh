# shellcheck shell=bash
# ----------------------------------------------------------------------------------------------
# Kafka (version: infra/settings.env), single KRaft node (broker + controller), from the jars in
# $KAFKA_LIBS, on Java 17+; its settings: infra/kafka/server.properties, plus the listeners and
# secrets written here
# ----------------------------------------------------------------------------------------------
KAFKA_LIBS=$DIST_DIR/kafka/libs
KAFKA_DIR=$TRAVYA_HOME/kafka
KAFKA_DATA=$KAFKA_DIR/data
KAFKA_SETTINGS=$REPO_ROOT/infra/kafka/server.properties   # shared with docker-compose (infra/compose/kafka.sh)
KAFKA_LOG4J2=$REPO_ROOT/infra/kafka/log4j2.xml
KAFKA_ACCESS_CONF=$REPO_ROOT/infra/kafka/access.conf
KAFKA_ACCESS_JAVA=$REPO_ROOT/infra/kafka/KafkaAccess.java
KAFKA_TOPIC_PREFIX=travya

kafka_java() { find_java 17 lowest; }
kafka_pid() { pid_from_file "$RUN_DIR/kafka.pid" "$KAFKA_DIR/server.properties"; }
kafka_ports() { printf '%s,%s' "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; }
kafka_log() { printf '%s' "$LOG_DIR/kafka.log"; }

# An ApiVersions request (v0), which a SASL listener answers before authentication: healthy when
# the broker answers it without error (it opens its listener once it has caught up with the
# metadata log), over TLS with the broker's certificate checked against our CA. openssl, so it costs
# milliseconds, not a JVM (s_client ends at the end of its input: the request, then half a second).
kafka_healthy() { kafka_answers "$KAFKA_PORT"; }
kafka_answers() { # port
  local reply
  # request: size 16 | api_key 18 | version 0 | correlation 7 | client_id "travya"
  # shellcheck disable=SC2016
  reply=$(timeout 5 bash -c '
      { printf "\000\000\000\020\000\022\000\000\000\000\000\007\000\006travya"; sleep 0.5; } |
        openssl s_client -quiet -no_ign_eof -verify_return_error -verify_ip 127.0.0.1 -CAfile "$1" \
          -connect "127.0.0.1:$0" 2>/dev/null | head -c 10 | od -An -tx1 -v' "$1" "$TLS_DIR/ca.crt" 2>/dev/null) ||
    return 1
  reply=$(tr -s ' \n' ' ' <<<"$reply")
  # response: size | correlation 7 | error_code 0
  [[ $reply =~ ^\ ?([0-9a-f]{2}\ ){4}00\ 00\ 00\ 07\ 00\ 00 ]]
}

# The client listener (CLIENT, SASL_SSL: TLS with the certificate of $TLS_DIR/kafka.p12) takes every client: the
# services as SCRAM-SHA-512 users (kept in the metadata log, made by kafka_apply_access), the super
# user admin (./travya's tools, the tests' set-up, the broker itself) with PLAIN against this file,
# so that it exists before any metadata does. The controller listener (CONTROLLER, SASL_PLAINTEXT with
# PLAIN) takes only the node itself, as user controller, on the loopback interface: it stays without
# TLS because nothing but this one process ever connects to it (the cluster mode's nodes, which do
# connect to each other's, take SASL_SSL there: kafka-cluster.sh). The StandardAuthorizer denies
# whatever no ACL allows. The services' users and ACLs come from infra/kafka/access.conf.
kafka_configure() {
  {
    cat <<EOF
# Written by ./travya at every start: edit infra/lib/kafka.sh or $(pretty_path "$KAFKA_SETTINGS"), not this file.
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=CLIENT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=CLIENT://127.0.0.1:$KAFKA_PORT
listener.security.protocol.map=CLIENT:SASL_SSL,CONTROLLER:SASL_PLAINTEXT
log.dirs=$KAFKA_DATA
EOF
    kafka_security_properties
    printf '\n# --- %s ---\n' "$(pretty_path "$KAFKA_SETTINGS")"
    cat "$KAFKA_SETTINGS"
  } | (umask 077 && cat >"$KAFKA_DIR/server.properties")
  kafka_admin_properties "$KAFKA_DIR/admin.properties" "127.0.0.1:$KAFKA_PORT"
}

# What every node's server.properties says of TLS and SASL (the listeners named CLIENT and CONTROLLER).
kafka_security_properties() {
  local admin controller
  admin=$(secret kafka-admin)
  controller=$(secret kafka-controller)
  cat <<EOF
inter.broker.listener.name=CLIENT
ssl.keystore.type=PKCS12
ssl.keystore.location=$TLS_DIR/kafka.p12
ssl.keystore.password=$(secret tls-keystore)
ssl.truststore.type=PEM
ssl.truststore.location=$TLS_DIR/ca.crt
ssl.client.auth=none
listener.name.client.sasl.enabled.mechanisms=SCRAM-SHA-512,PLAIN
listener.name.client.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.client.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$admin" user_admin="$admin";
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="controller" password="$controller" user_controller="$controller";
EOF
}

# The client settings of the super user, for ./travya's own Kafka tools: file, bootstrap servers.
kafka_admin_properties() {
  (umask 077 && cat >"$1") <<EOF
# Written by ./travya at every start: the super user admin, e.g.
# ./travya kafka org.apache.kafka.tools.TopicCommand --bootstrap-server $2 --command-config $(pretty_path "$1") --list
security.protocol=SASL_SSL
ssl.truststore.type=PEM
ssl.truststore.location=$TLS_DIR/ca.crt
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$(secret kafka-admin)";
EOF
}

# Format the log directory once, with a cluster id generated once and kept in the state folder. A log
# directory formatted before Kafka required SASL has no users and lets anyone in: it cannot be
# upgraded in place, so refuse it and say what to do.
kafka_format() {
  if [[ -f $KAFKA_DATA/meta.properties ]]; then
    [[ -f $KAFKA_DIR/formatted-with-scram ]] && return 0
    die "Kafka's data in $(pretty_path "$KAFKA_DATA") was made before Kafka required SASL/SCRAM users and ACLs, and cannot be upgraded in place: run ./travya reset (it stops the servers and removes their data under $(pretty_path "$TRAVYA_HOME"), keeping the downloads), then ./travya up"
  fi
  local id
  id=$(kafka_id_in "$KAFKA_DIR/cluster-id")
  "$(kafka_java)" -cp "$KAFKA_LIBS/*" -Dlog4j2.configurationFile="$KAFKA_LOG4J2" \
    kafka.tools.StorageTool format -t "$id" -c "$KAFKA_DIR/server.properties" \
    </dev/null >>"$LOG_DIR/kafka.log" 2>&1 9>&- ||
    { show_log_tail "$LOG_DIR/kafka.log"; die "formatting Kafka's log directory failed"; }
  touch "$KAFKA_DIR/formatted-with-scram"
}

# The id of a Kafka cluster, generated once into the file given and read from it ever after: a Kafka
# Uuid, 16 random bytes, base64url without padding, not starting with '-'.
kafka_id_in() {
  local id
  if [[ ! -s $1 ]]; then
    id=-
    while [[ $id == -* ]]; do id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '='); done
    printf '%s\n' "$id" >"$1"
  fi
  read -r id <"$1"
  printf '%s' "$id"
}

# The services' SCRAM users and their ACLs (infra/kafka/access.conf) for the prefix travya, as the
# super user. It takes a JVM, so it runs only when something it depends on changed: the rules, the
# program, the passwords, the cluster, or a broker process: Kafka 4.1 in combined mode does not
# authenticate SCRAM users it loads from a metadata snapshot at start until they are written again.
kafka_setup() { kafka_apply_access kafka "$KAFKA_DIR" "127.0.0.1:$KAFKA_PORT" "$(kafka_pid)"; }
# name (for the log and the message), state folder (cluster-id, admin.properties), bootstrap servers,
# the pids of the broker processes
kafka_apply_access() {
  local name=$1 dir=$2 bootstrap=$3 pids=$4 service digest
  local -a services
  read -ra services <<<"$(sed -e 's/#.*//' "$KAFKA_ACCESS_CONF" | awk 'NF {print $1}' | sort -u | paste -sd' ')"
  for service in "${services[@]}"; do secret "kafka-$service" >/dev/null; done
  digest=$({
    cat "$KAFKA_ACCESS_CONF" "$KAFKA_ACCESS_JAVA" "$dir/cluster-id"
    printf '%s %s\n' "$bootstrap" "$pids"
    for service in "${services[@]}"; do printf '%s %s\n' "$service" "$(secret "kafka-$service")"; done
    printf '%s\n' "$KAFKA_TOPIC_PREFIX"
  } | sha256sum)
  [[ -f $dir/access-applied && $(<"$dir/access-applied") == "$digest" ]] && return 0
  kafka_access_run --bootstrap-server "$bootstrap" --command-config "$dir/admin.properties" \
    --access "$KAFKA_ACCESS_CONF" --prefix "$KAFKA_TOPIC_PREFIX" --passwords "$SECRETS_DIR" \
    </dev/null >>"$LOG_DIR/$name-access.log" 2>&1 9>&- ||
    { show_log_tail "$LOG_DIR/$name-access.log"; die "applying $(pretty_path "$KAFKA_ACCESS_CONF") to $name failed"; }
  printf '%s\n' "$digest" >"$dir/access-applied"
  say "$(printf '%-9s' "$name") users ${services[*]} and their ACLs ($(pretty_path "$KAFKA_ACCESS_CONF")) applied for prefix $KAFKA_TOPIC_PREFIX"
}

# Runs KafkaAccess with the arguments given: compiled once per source, Kafka version and
# JDK into a jar, and started from an AOT cache that its first run writes (java_with_aot_cache). Run
# as a source file it took 3.4 s and 4.9 s of CPU at every infra-up (javac in the JVM, then Kafka's
# admin client from cold); so, 1.2 s and 1.8 s.
kafka_access_run() {
  local java tools dir jar classpath
  java=$(service_java) || return 1
  tools=$(dirname "$(readlink -f "$java")")
  dir=$DIST_DIR/kafka-access/$({ cat "$KAFKA_ACCESS_JAVA"; printf '%s\n' "$KAFKA_VERSION" "$tools"; } | sha256sum | cut -c1-16)
  jar=$dir/kafka-access.jar
  if [[ ! -f $jar ]]; then
    rm -rf "$DIST_DIR/kafka-access" && mkdir -p "$dir/classes"
    "$tools/javac" -nowarn -cp "$KAFKA_LIBS/*" -d "$dir/classes" "$KAFKA_ACCESS_JAVA" &&
      "$tools/jar" cf "$jar.tmp" -C "$dir/classes" . && mv "$jar.tmp" "$jar" || return 1
  fi
  # every jar named: the cache records the class path (a wildcard's order is the directory's)
  classpath=$jar$(printf ':%s' "$KAFKA_LIBS"/*.jar)
  java_with_aot_cache "$dir/kafka-access.aot" "$java" -cp "$classpath" -Dlog4j2.configurationFile="$KAFKA_LOG4J2" \
    io.travya.infra.KafkaAccess "$@"
}

kafka_start() {
  kafka_configure
  kafka_format
  spawn_detached "$RUN_DIR/kafka.pid" "$LOG_DIR/kafka.log" \
    "$(kafka_java)" -Xmx512m -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$KAFKA_LOG4J2" -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_DIR/server.properties"
}

kafka_stop() { terminate kafka "$1"; } # SIGTERM = controlled shutdown

# Kafka's jars, from Maven Central (infra/servers-pom.xml), once per version.
kafka_install() {
  mkdir -p "$DIST_DIR"
  if ! dist_complete "$KAFKA_LIBS"; then
    local started tmp=$DIST_DIR/kafka/libs.tmp
    started=$(now_ms)
    rm -rf "$tmp"
    servers_maven dependency:copy-dependencies@kafka -Dtravya.kafka.libs="$tmp"
    dist_fingerprint >"$tmp/.travya-dist"
    rm -rf "$KAFKA_LIBS" && mv "$tmp" "$KAFKA_LIBS"
    say "kafka     downloaded Kafka $KAFKA_VERSION jars into $(pretty_path "$KAFKA_LIBS") in $(elapsed "$started")"
  fi
}
