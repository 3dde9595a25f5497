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
