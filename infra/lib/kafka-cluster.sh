# shellcheck shell=bash
# ----------------------------------------------------------------------------------------------
# The cluster mode's Kafka: three KRaft nodes on 127.0.0.1, each broker and controller (a quorum of
# three), from the single broker's jars and beside it: ports TRAVYA_KAFKA_CLUSTER_<n>_PORT and
# _CONTROLLER_PORT (infra/settings.env), state in $TRAVYA_HOME/kafka-cluster/<n>, logs
# kafka-cluster-<n>.log. Settings: the single broker's infra/kafka/server.properties, then
# infra/kafka/cluster.properties (replication factor 3, min.insync.replicas 2). The same users, ACLs
# and TLS as the single broker; the controller listener takes SASL_SSL here, as the nodes connect to
# each other's. One server of three processes: _pid prints the running nodes' pids, _complete says
# whether all three run, _start starts the missing ones (a node killed is started again by
# ./travya infra-up --cluster, and catches up from the others).
# ----------------------------------------------------------------------------------------------
KAFKA_CLUSTER_DIR=$TRAVYA_HOME/kafka-cluster
KAFKA_CLUSTER_SETTINGS=$REPO_ROOT/infra/kafka/cluster.properties
# each node's heap: three of them run beside everything else while ./travya test runs
KAFKA_CLUSTER_JAVA_OPTS=(-Xms128m -Xmx384m -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true)

kafka_cluster_node_dir() { printf '%s' "$KAFKA_CLUSTER_DIR/$1"; }
kafka_cluster_node_pid() { pid_from_file "$RUN_DIR/kafka-cluster-$1.pid" "$KAFKA_CLUSTER_DIR/$1/server.properties"; }
kafka_cluster_node_log() { printf '%s' "$LOG_DIR/kafka-cluster-$1.log"; }

# the running nodes' pids, comma-separated; fails when none runs
kafka_cluster_pid() {
  local node pid
  local -a pids=()
  for node in "${KAFKA_CLUSTER_NODES[@]}"; do
    if pid=$(kafka_cluster_node_pid "$node"); then pids+=("$pid"); fi
  done
  ((${#pids[@]})) || return 1
  (IFS=, && printf '%s' "${pids[*]}")
}
kafka_cluster_complete() {
  local node
  for node in "${KAFKA_CLUSTER_NODES[@]}"; do kafka_cluster_node_pid "$node" >/dev/null || return 1; done
}
kafka_cluster_ports() {
  local node
  local -a ports=()
  for node in "${KAFKA_CLUSTER_NODES[@]}"; do
    ports+=("${KAFKA_CLUSTER_PORT[node]}" "${KAFKA_CLUSTER_CONTROLLER_PORT[node]}")
  done
  (IFS=, && printf '%s' "${ports[*]}")
}
# what clients are given: every node's client listener (TRAVYA_KAFKA_CLUSTER_BOOTSTRAP)
kafka_cluster_bootstrap() {
  local node
  local -a servers=()
  for node in "${KAFKA_CLUSTER_NODES[@]}"; do servers+=("127.0.0.1:${KAFKA_CLUSTER_PORT[node]}"); done
  (IFS=, && printf '%s' "${servers[*]}")
}
# the log of the first node that is down, else the first node's (the others' are beside it)
kafka_cluster_log() {
  local node
  for node in "${KAFKA_CLUSTER_NODES[@]}"; do
    if ! kafka_cluster_node_pid "$node" >/dev/null; then
      kafka_cluster_node_log "$node"
      return
    fi
  done
  kafka_cluster_node_log "${KAFKA_CLUSTER_NODES[0]}"
}
# every node runs and answers on its client listener (which it opens once it has caught up with the
# metadata log: with a quorum, then)
kafka_cluster_healthy() {
  local node
  for node in "${KAFKA_CLUSTER_NODES[@]}"; do
    kafka_cluster_node_pid "$node" >/dev/null && kafka_answers "${KAFKA_CLUSTER_PORT[node]}" || return 1
  done
}

kafka_cluster_install() { kafka_install; } # the single broker's jars

kafka_cluster_configure() { # node
  local node=$1 dir voters="" n
  dir=$(kafka_cluster_node_dir "$node")
  mkdir -p "$dir/data"
  for n in "${KAFKA_CLUSTER_NODES[@]}"; do voters+="${voters:+,}$n@127.0.0.1:${KAFKA_CLUSTER_CONTROLLER_PORT[n]}"; done
  {
    cat <<PROPS
# Written by ./travya at every start: edit infra/lib/kafka-cluster.sh, $(pretty_path "$KAFKA_SETTINGS") or $(pretty_path "$KAFKA_CLUSTER_SETTINGS"), not this file.
controller.quorum.voters=$voters
listeners=CLIENT://127.0.0.1:${KAFKA_CLUSTER_PORT[node]},CONTROLLER://127.0.0.1:${KAFKA_CLUSTER_CONTROLLER_PORT[node]}
advertised.listeners=CLIENT://127.0.0.1:${KAFKA_CLUSTER_PORT[node]}
listener.security.protocol.map=CLIENT:SASL_SSL,CONTROLLER:SASL_SSL
log.dirs=$dir/data
PROPS
    kafka_security_properties
    printf '\n# --- %s ---\n' "$(pretty_path "$KAFKA_SETTINGS")"
    cat "$KAFKA_SETTINGS"
    printf '\n# --- %s ---\n' "$(pretty_path "$KAFKA_CLUSTER_SETTINGS")"
    cat "$KAFKA_CLUSTER_SETTINGS"
    printf '\n# --- this node ---\nnode.id=%s\n' "$node"
  } | (umask 077 && cat >"$dir/server.properties")
}

# Each node's log directory is formatted once, with the cluster's id (generated once).
kafka_cluster_format() { # node
  local node=$1 dir id
  dir=$(kafka_cluster_node_dir "$node")
  [[ -f $dir/data/meta.properties ]] && return 0
  id=$(kafka_id_in "$KAFKA_CLUSTER_DIR/cluster-id")
  "$(kafka_java)" -cp "$KAFKA_LIBS/*" -Dlog4j2.configurationFile="$KAFKA_LOG4J2" \
    kafka.tools.StorageTool format -t "$id" -c "$dir/server.properties" \
    </dev/null >>"$(kafka_cluster_node_log "$node")" 2>&1 9>&- ||
    { show_log_tail "$(kafka_cluster_node_log "$node")"; die "formatting the log directory of Kafka node $node failed"; }
}

# Starts the nodes that do not run (all three at first: none is ready before a quorum is).
kafka_cluster_start() {
  local node
  local -a missing=()
  for node in "${KAFKA_CLUSTER_NODES[@]}"; do
    kafka_cluster_node_pid "$node" >/dev/null || missing+=("$node")
  done
  for node in "${missing[@]}"; do
    require_ports_free "kafka-cluster-$node" "${KAFKA_CLUSTER_PORT[node]}" "${KAFKA_CLUSTER_CONTROLLER_PORT[node]}"
  done
  mkdir -p "$KAFKA_CLUSTER_DIR"
  kafka_admin_properties "$KAFKA_CLUSTER_DIR/admin.properties" "$(kafka_cluster_bootstrap)"
  for node in "${missing[@]}"; do
    kafka_cluster_configure "$node"
    kafka_cluster_format "$node"
  done
  for node in "${missing[@]}"; do
    spawn_detached "$RUN_DIR/kafka-cluster-$node.pid" "$(kafka_cluster_node_log "$node")" \
      "$(kafka_java)" "${KAFKA_CLUSTER_JAVA_OPTS[@]}" -Dlog4j2.configurationFile="$KAFKA_LOG4J2" \
      -cp "$KAFKA_LIBS/*" kafka.Kafka "$(kafka_cluster_node_dir "$node")/server.properties"
  done
}

# The production users and ACLs, as on the single broker; again after a node's restart (see kafka_setup).
kafka_cluster_setup() {
  kafka_apply_access kafka_cluster "$KAFKA_CLUSTER_DIR" "$(kafka_cluster_bootstrap)" "$(kafka_cluster_pid)"
}

# SIGTERM to every running node at once (controlled shutdowns, while the quorum still stands), then
# wait for each; $1: their pids, comma-separated.
kafka_cluster_stop() {
  local pid node
  local -a pids
  IFS=, read -ra pids <<<"$1"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do terminate kafka-cluster "$pid"; done
  for node in "${KAFKA_CLUSTER_NODES[@]}"; do
    kafka_cluster_node_pid "$node" >/dev/null || rm -f "$RUN_DIR/kafka-cluster-$node.pid"
  done
}
