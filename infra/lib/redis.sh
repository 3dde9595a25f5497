# shellcheck shell=bash
# ----------------------------------------------------------------------------------------------
# Redis (Debian's redis-server), append-only file for durability; its settings:
# infra/redis/redis.conf, included by the redis.conf written here (TLS, paths)
# ----------------------------------------------------------------------------------------------
REDIS_DIR=$TRAVYA_HOME/redis
REDIS_SETTINGS=$REPO_ROOT/infra/redis/redis.conf   # shared with docker-compose
REDIS_USERS_TEMPLATE=$REPO_ROOT/infra/redis/users.acl
REDIS_KEY_PREFIX=travya

redis_pid() {
  local pid
  pid=$(pid_from_file "$RUN_DIR/redis.pid" redis-server) || return 1
  [[ $(readlink "/proc/$pid/cwd" 2>/dev/null) == "$REDIS_DIR" ]] || return 1 # ours works in $REDIS_DIR
  printf '%s' "$pid"
}
redis_ports() { printf '%s' "$REDIS_PORT"; }
redis_log() { printf '%s' "$LOG_DIR/redis.log"; }
redis_healthy() { [[ $(redis_admin_cli ping 2>/dev/null) == PONG ]]; }
# redis-cli as the user admin, for at most 10 s; the password goes through the environment, not the
# command line.
redis_admin_cli() {
  REDISCLI_AUTH=$(secret redis-admin) timeout 10 redis-cli --tls --cacert "$TLS_DIR/ca.crt" -h 127.0.0.1 -p "$REDIS_PORT" --user admin \
    --no-auth-warning "$@"
}

# The users of infra/redis/users.acl for the key prefix travya, each with its generated password
# (as a SHA-256 hash: the file never holds one in clear). Written at every start (Redis's ACL files
# take no comments: infra/redis/users.acl is the one to edit).
redis_write_users() {
  local line name hash
  {
    while IFS= read -r line; do
      [[ $line =~ ^user\ ([^ ]+) ]] || continue
      name=${BASH_REMATCH[1]}
      if [[ $line == *'{password}'* ]]; then
        hash=$(printf '%s' "$(secret "redis-$name")" | sha256sum | cut -d' ' -f1)
        line=${line//\{password\}/#$hash}
      fi
      printf '%s\n' "${line//\{prefix\}/$REDIS_KEY_PREFIX}"
    done <"$REDIS_USERS_TEMPLATE"
  } | (umask 077 && cat >"$REDIS_DIR/users.acl")
}

redis_start() {
  redis_write_users
  cat >"$REDIS_DIR/redis.conf" <<EOF
# Written by ./travya at every start: edit infra/lib/redis.sh or $(pretty_path "$REDIS_SETTINGS"), not this file.
bind 127.0.0.1
# TLS only: no plaintext port; clients check the server against the CA, Redis asks them for no certificate
port 0
tls-port $REDIS_PORT
tls-cert-file $TLS_DIR/redis.crt
tls-key-file $TLS_DIR/redis.key
tls-ca-cert-file $TLS_DIR/ca.crt
tls-auth-clients no
protected-mode yes
daemonize yes
pidfile $RUN_DIR/redis.pid
logfile $LOG_DIR/redis.log
dir $REDIS_DIR
aclfile $REDIS_DIR/users.acl
include $REDIS_SETTINGS
EOF
  rm -f "$RUN_DIR/redis.pid"
  setsid redis-server "$REDIS_DIR/redis.conf" </dev/null >>"$LOG_DIR/redis.log" 2>&1 9>&- ||
    { show_log_tail "$LOG_DIR/redis.log"; die "redis-server did not start; see $LOG_DIR/redis.log"; }
  local deadline=$((SECONDS + 10))
  until [[ -s $RUN_DIR/redis.pid ]]; do
    ((SECONDS < deadline)) || { show_log_tail "$LOG_DIR/redis.log"; die "redis-server did not start; see $LOG_DIR/redis.log"; }
    sleep 0.05
  done
}

# Every infra_up, whether it started Redis or found it running, has it read its users again (ACL
# LOAD): a Redis left running across an update would refuse a service the commands it was given
# since (trip-service's FCALL, for one), and that service's events would end in dead-letter topics.
redis_setup() {
  redis_write_users
  redis_acl_load "$LOG_DIR/redis.log" redis_admin_cli
}

redis_acl_load() { # log, redis-cli function and its arguments...
  local log=$1 answer
  shift
  answer=$("$@" acl load 2>&1 | tr -d '\r')
  [[ $answer == OK ]] || die "Redis refused its users file $(pretty_path "$REDIS_DIR/users.acl"): ${answer:-no answer} (see $(pretty_path "$log"))"
}

redis_stop() {
  local pid=$1
  # SHUTDOWN flushes the append-only file; fall back to SIGTERM (which does the same).
  redis_admin_cli shutdown >/dev/null 2>&1 || true
  terminate redis "$pid"
}

# Debian's redis-server package runs its own Redis (port 6379): ours replaces it, so stop it and
# keep it from starting again.
redis_install() {
  is_root || return 0
  if [[ -e /etc/init.d/redis-server || -e /lib/systemd/system/redis-server.service ]]; then
    if [[ -e /etc/systemd/system/multi-user.target.wants/redis-server.service ]]; then
      systemctl disable redis-server >/dev/null 2>&1 ||
        rm -f /etc/systemd/system/multi-user.target.wants/redis-server.service
    fi
    if compgen -G '/etc/rc[2-5].d/S*redis-server' >/dev/null; then
      update-rc.d redis-server disable >/dev/null 2>&1 || true
    fi
    local pid
    if pid=$(pid_from_file /run/redis/redis-server.pid redis-server); then
      say "stopping Debian's own Redis (pid $pid; service disabled)"
      terminate "system redis" "$pid"
    fi
  fi
}

# ----------------------------------------------------------------------------------------------
# Redis Cluster (the same Debian redis-server in cluster mode), beside the standalone Redis: three
# masters with one replica each on the loopback ports TRAVYA_REDIS_CLUSTER_PORTS (their cluster bus
# on TRAVYA_REDIS_CLUSTER_BUS_PORTS), with the standalone's users, passwords, certificate authority and
# settings (infra/redis/redis.conf); a certificate of its own (server and client: the nodes connect
# to each other). Each node works in $TRAVYA_HOME/redis-cluster/<port>, where its
# nodes.conf remembers the cluster: created once with `redis-cli --cluster create`, it forms again
# by itself at every later start. The server name in CLUSTER_SERVERS (common.sh) is redis_cluster.
# ----------------------------------------------------------------------------------------------
REDIS_CLUSTER_DIR=$TRAVYA_HOME/redis-cluster
IFS=, read -ra REDIS_CLUSTER_PORTS <<<"${TRAVYA_REDIS_CLUSTER_PORTS:-$(setting TRAVYA_REDIS_CLUSTER_PORTS)}"
IFS=, read -ra REDIS_CLUSTER_BUS_PORTS <<<"${TRAVYA_REDIS_CLUSTER_BUS_PORTS:-$(setting TRAVYA_REDIS_CLUSTER_BUS_PORTS)}"
# How long a master may be unreachable before its replica takes over (ms): short, as on one machine
# a node that does not answer for that long has died, not a network
REDIS_CLUSTER_NODE_TIMEOUT=${TRAVYA_REDIS_CLUSTER_NODE_TIMEOUT:-$(setting TRAVYA_REDIS_CLUSTER_NODE_TIMEOUT)}

redis_cluster_validate() {
  ((${#REDIS_CLUSTER_PORTS[@]} == 6 && ${#REDIS_CLUSTER_BUS_PORTS[@]} == 6)) ||
    die "TRAVYA_REDIS_CLUSTER_PORTS and TRAVYA_REDIS_CLUSTER_BUS_PORTS must each list six ports (three masters, three replicas)"
  local port
  for port in "${REDIS_CLUSTER_PORTS[@]}" "${REDIS_CLUSTER_BUS_PORTS[@]}"; do
    [[ $port =~ ^[1-9][0-9]*$ ]] && ((port <= 65535)) || die "Redis Cluster port '$port' is not a TCP port"
  done
}

redis_cluster_node_pid() { # port
  local pid
  pid=$(pid_from_file "$RUN_DIR/redis-cluster-$1.pid" redis-server) || return 1
  [[ $(readlink "/proc/$pid/cwd" 2>/dev/null) == "$REDIS_CLUSTER_DIR/$1" ]] || return 1
  printf '%s' "$pid"
}
# The running nodes' pids, comma-separated, while any node runs (a cluster server's, as common.sh's
# CLUSTER_SERVERS has them: `down` stops them all)
redis_cluster_pid() {
  local port pid
  local -a pids=()
  for port in "${REDIS_CLUSTER_PORTS[@]}"; do
    pid=$(redis_cluster_node_pid "$port") && pids+=("$pid")
  done
  ((${#pids[@]})) || return 1
  local IFS=,; printf '%s' "${pids[*]}"
}
# Every node runs (else `infra-up` starts the missing ones: a killed node rejoins, as a replica)
redis_cluster_complete() {
  local port
  for port in "${REDIS_CLUSTER_PORTS[@]}"; do
    redis_cluster_node_pid "$port" >/dev/null || return 1
  done
}
redis_cluster_ports() { local IFS=,; printf '%s' "${REDIS_CLUSTER_PORTS[*]}"; }
redis_cluster_log() { printf '%s' "$LOG_DIR/redis-cluster-${REDIS_CLUSTER_PORTS[0]}.log"; }
# host:port of every node, as the clients take them (TRAVYA_REDIS_CLUSTER_NODES)
redis_cluster_nodes() {
  local port nodes=()
  for port in "${REDIS_CLUSTER_PORTS[@]}"; do nodes+=("127.0.0.1:$port"); done
  local IFS=,; printf '%s' "${nodes[*]}"
}
redis_cluster_cli() { # port, redis-cli arguments...
  local port=$1; shift
  REDISCLI_AUTH=$(secret redis-admin) timeout 10 redis-cli --tls --cacert "$TLS_DIR/ca.crt" -h 127.0.0.1 -p "$port" \
    --user admin --no-auth-warning "$@"
}
# Every node answers, and the cluster serves every slot
redis_cluster_healthy() {
  local port
  for port in "${REDIS_CLUSTER_PORTS[@]}"; do
    [[ $(redis_cluster_cli "$port" ping 2>/dev/null) == PONG ]] || return 1
  done
  redis_cluster_cli "${REDIS_CLUSTER_PORTS[0]}" cluster info 2>/dev/null | tr -d '\r' | grep -qx 'cluster_state:ok'
}

redis_cluster_install() {
  redis_cluster_validate
  redis_install # Debian's own Redis must not hold a port either
}

# The nodes' certificate: the standalone's is for servers only, and on the cluster bus each node is also
# the client of the others, which Redis always asks for a certificate (tls-auth-clients concerns the
# clients only). Signed by the local CA (tls.sh), for 127.0.0.1 and localhost, made once.
redis_cluster_certificate() {
  local log=$LOG_DIR/tls.log cert=$TLS_DIR/redis-cluster.crt key=$TLS_DIR/redis-cluster.key
  [[ -s $cert && -s $key ]] && openssl verify -CAfile "$TLS_DIR/ca.crt" "$cert" >/dev/null 2>&1 && return 0
  (umask 077 && openssl req -newkey rsa:2048 -nodes -subj "/CN=redis-cluster" -keyout "$key" -out "$TLS_DIR/redis-cluster.csr" &&
    openssl x509 -req -sha256 -days 825 -in "$TLS_DIR/redis-cluster.csr" -CA "$TLS_DIR/ca.crt" -CAkey "$TLS_DIR/ca.key" \
      -CAcreateserial -out "$cert" \
      -extfile <(printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\nbasicConstraints=CA:FALSE\n')) \
    >>"$log" 2>&1 || { show_log_tail "$log"; die "creating the certificate of the Redis Cluster failed"; }
  chmod 644 "$cert"
  rm -f "$TLS_DIR/redis-cluster.csr"
}

redis_cluster_start() {
  redis_cluster_validate
  redis_cluster_certificate
  mkdir -p "$REDIS_DIR"
  redis_write_users # the standalone's users file: both read it
  local i port dir
  for i in "${!REDIS_CLUSTER_PORTS[@]}"; do
    port=${REDIS_CLUSTER_PORTS[i]} dir=$REDIS_CLUSTER_DIR/${REDIS_CLUSTER_PORTS[i]}
    redis_cluster_node_pid "$port" >/dev/null && continue
    mkdir -p "$dir"
    redis_cluster_write_config "$port" "${REDIS_CLUSTER_BUS_PORTS[i]}" "$dir"
    rm -f "$RUN_DIR/redis-cluster-$port.pid"
    setsid redis-server "$dir/redis.conf" </dev/null >>"$LOG_DIR/redis-cluster-$port.log" 2>&1 9>&- ||
      { show_log_tail "$LOG_DIR/redis-cluster-$port.log"; die "redis-server (cluster node $port) did not start"; }
  done
  local deadline=$((SECONDS + 15))
  for port in "${REDIS_CLUSTER_PORTS[@]}"; do
    until [[ $(redis_cluster_cli "$port" ping 2>/dev/null) == PONG ]]; do
      ((SECONDS < deadline)) || { show_log_tail "$LOG_DIR/redis-cluster-$port.log"; die "Redis Cluster node $port does not answer; see $LOG_DIR/redis-cluster-$port.log"; }
      sleep 0.1
    done
  done
  redis_cluster_create
}

# The node's redis.conf: the standalone's, in cluster mode, replicating and gossiping over TLS too. A
# replica logs in to its master as admin (the password is in this file, mode 600, as in the secrets).
redis_cluster_write_config() { # port, bus port, dir
  (umask 077 && cat >"$3/redis.conf") <<EOC
# Written by ./travya at every start: edit infra/lib/redis.sh or $(pretty_path "$REDIS_SETTINGS"), not this file.
bind 127.0.0.1
port 0
tls-port $1
tls-cert-file $TLS_DIR/redis-cluster.crt
tls-key-file $TLS_DIR/redis-cluster.key
tls-ca-cert-file $TLS_DIR/ca.crt
tls-auth-clients no
tls-replication yes
tls-cluster yes
protected-mode yes
cluster-enabled yes
cluster-config-file $3/nodes.conf
cluster-port $2
cluster-node-timeout $REDIS_CLUSTER_NODE_TIMEOUT
masteruser admin
masterauth $(secret redis-admin)
daemonize yes
pidfile $RUN_DIR/redis-cluster-$1.pid
logfile $LOG_DIR/redis-cluster-$1.log
dir $3
aclfile $REDIS_DIR/users.acl
include $REDIS_SETTINGS
EOC
}

# Creates the cluster once: when no node knows another yet (a create cut short leaves nodes that
# serve slots alone: they are reset first). A cluster created before forms again from the nodes'
# nodes.conf, and is left alone.
redis_cluster_create() {
  local port info
  local -a alone=()
  for port in "${REDIS_CLUSTER_PORTS[@]}"; do
    info=$(redis_cluster_cli "$port" cluster info | tr -d '\r') || die "Redis Cluster node $port does not answer CLUSTER INFO"
    grep -qx 'cluster_known_nodes:1' <<<"$info" || return 0
    grep -qx 'cluster_slots_assigned:0' <<<"$info" || alone+=("$port")
  done
  for port in "${alone[@]}"; do
    redis_cluster_cli "$port" cluster reset hard >/dev/null || die "could not reset Redis Cluster node $port, which serves slots alone"
  done
  say "redis_cluster creating the cluster: 3 masters, 1 replica each (log: $(pretty_path "$LOG_DIR/redis-cluster-create.log"))"
  local -a nodes=()
  for port in "${REDIS_CLUSTER_PORTS[@]}"; do nodes+=("127.0.0.1:$port"); done
  REDISCLI_AUTH=$(secret redis-admin) timeout 120 redis-cli --tls --cacert "$TLS_DIR/ca.crt" -h 127.0.0.1 -p "${REDIS_CLUSTER_PORTS[0]}" --user admin --no-auth-warning --cluster create "${nodes[@]}" --cluster-replicas 1 --cluster-yes \
    >>"$LOG_DIR/redis-cluster-create.log" 2>&1 ||
    { show_log_tail "$LOG_DIR/redis-cluster-create.log"; die "redis-cli --cluster create failed"; }
}

# Like redis_setup, on every node (they share the standalone's users file).
redis_cluster_setup() {
  redis_write_users
  local port
  for port in "${REDIS_CLUSTER_PORTS[@]}"; do
    redis_acl_load "$LOG_DIR/redis-cluster-$port.log" redis_cluster_cli "$port"
  done
}

redis_cluster_stop() {
  local port pid
  for port in "${REDIS_CLUSTER_PORTS[@]}"; do
    pid=$(redis_cluster_node_pid "$port") || continue
    redis_cluster_cli "$port" shutdown >/dev/null 2>&1 || true
    terminate "redis cluster node $port" "$pid"
    rm -f "$RUN_DIR/redis-cluster-$port.pid"
  done
}
