# shellcheck shell=bash
# ----------------------------------------------------------------------------------------------
# The gateway (gateway/, Spring Cloud Gateway): routes every API path to the instances of its
# service, with rate limits in Redis (as its own Redis user), request ids, CORS and a body cap.
# ----------------------------------------------------------------------------------------------
# Extra arguments for the gateway's command line (e.g. its instance lists: the simple discovery
# properties spring.cloud.discovery.client.simple.instances.<service>[i].*).
GATEWAY_ARGS=()

gateway_pid() { service_pid gateway; }
gateway_url() { printf 'http://127.0.0.1:%s' "$GATEWAY_PORT"; }
# UP when the gateway is ready; "unreachable" when its management port does not answer
gateway_health() {
  local body
  body=$(curl -sS -m 3 "http://127.0.0.1:$GATEWAY_MANAGEMENT_PORT/actuator/health/readiness" 2>/dev/null) || {
    printf 'unreachable'
    return
  }
  grep -o '"status":"[A-Z_]*"' <<<"$body" | tail -n1 | sed 's/.*:"\(.*\)"/\1/' | grep . || printf 'unknown'
}
gateway_healthy() { [[ $(gateway_health) == UP ]]; }

# Spawns the gateway unless it runs, without waiting for it (gateway_await does). It needs no service
# to start: it routes to their instances once they answer, so `up` starts it beside them. It starts
# from its AOT cache, as they do.
gateway_spawn() {
  local java pid
  java=$(service_java) || exit 1
  # a Redis started before the gateway existed has no user for it: load the users file again (only
  # then: ACL LOAD drops users made at run time)
  if [[ -z $(redis_admin_cli ACL GETUSER gateway 2>/dev/null) ]]; then
    redis_write_users
    redis_admin_cli ACL LOAD >/dev/null || die "Redis did not load its users again (the gateway's is missing)"
  fi
  # its instance lists: every instance `up` runs (a gateway started for another number restarts)
  mapfile -t GATEWAY_ARGS < <(gateway_instance_args)
  if pid=$(gateway_pid) && [[ $(cat "$RUN_DIR/gateway.instances" 2>/dev/null) != "$INSTANCES" ]]; then
    terminate gateway "$pid"
    say "$(printf '%-23s stopped    (was pid %s; its instance lists change)' gateway "$pid")"
  fi
  if ! gateway_pid >/dev/null; then
    printf '%s\n' "$INSTANCES" >"$RUN_DIR/gateway.instances"
    require_ports_free gateway "$GATEWAY_PORT" "$GATEWAY_MANAGEMENT_PORT"
    now_ms >"$RUN_DIR/gateway.started"
    # shellcheck disable=SC2086  # the options are words
    (
      service_env
      export GATEWAY_PORT GATEWAY_MANAGEMENT_PORT TRAVYA_REDIS_USERNAME=gateway TRAVYA_REDIS_KEY_PREFIX=$REDIS_KEY_PREFIX
      TRAVYA_REDIS_PASSWORD=$(secret redis-gateway)
      export TRAVYA_REDIS_PASSWORD
      # Redis over TLS, trusting the local CA (the gateway does not use platform's TlsDefaults)
      export SPRING_DATA_REDIS_SSL_ENABLED=true SPRING_DATA_REDIS_SSL_BUNDLE=travya \
        SPRING_SSL_BUNDLE_PEM_TRAVYA_TRUSTSTORE_CERTIFICATE="file:$TLS_DIR/ca.crt"
      # one JSON object a line (Elastic Common Schema), as the services
      export LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs
      export MALLOC_ARENA_MAX=2
      local -a command=()
      mapfile -t command < <(aot_start_command "$java" gateway "${GATEWAY_ARGS[@]}")
      spawn_detached "$RUN_DIR/gateway.pid" "$(service_log gateway)" "${command[@]}"
    ) || exit 1
  else
    rm -f "$RUN_DIR/gateway.started"
  fi
}

# Waits until the gateway is ready; prints its time to ready if this `up` spawned it.
gateway_await() {
  local started=""
  [[ ! -s $RUN_DIR/gateway.started ]] || started=$(<"$RUN_DIR/gateway.started")
  local deadline=$((SECONDS + SERVICE_START_TIMEOUT)) health
  until gateway_healthy; do
    if ! gateway_pid >/dev/null; then
      show_log_tail "$(service_log gateway)" 60
      die "the gateway exited during start-up; see $(pretty_path "$(service_log gateway)")"
    fi
    if ((SECONDS >= deadline)); then
      show_log_tail "$(service_log gateway)" 60
      die "the gateway is $(gateway_health) after ${SERVICE_START_TIMEOUT} s; see $(pretty_path "$(service_log gateway)")"
    fi
    sleep 0.5
  done
  printf '%-20s %-8s %-22s pid %-8s log %s%s\n' gateway "$([[ -n ${started:-} ]] && echo started || echo running)" \
    "$(gateway_url)" "$(gateway_pid)" "$(pretty_path "$(service_log gateway)")" \
    "${started:+  (healthy in $(elapsed "$started"))}"
}

gateway_stop() {
  local pid
  if pid=$(gateway_pid); then
    terminate gateway "$pid"
    say "$(printf '%-20s stopped    (was pid %s)' gateway "$pid")"
  else
    say "$(printf '%-20s not running' gateway)"
  fi
  rm -f "$RUN_DIR/gateway.pid"
}

# One line in the services' table (services_status prints the heading); exit status 3 when not UP.
gateway_status() {
  local pid health rss=- rc=0
  if pid=$(gateway_pid); then
    health=$(gateway_health)
    rss="$(($(ps -o rss= -p "$pid" 2>/dev/null || echo 0) / 1024))M"
    [[ $health == UP ]] || rc=3
  else
    pid=- health=stopped rc=3
  fi
  printf '%-23s %-6s %-6s %-8s %-14s %-9s %-7s %s\n' gateway "$GATEWAY_PORT" "$GATEWAY_MANAGEMENT_PORT" "$pid" "$health" \
    - "$rss" "$(pretty_path "$(service_log gateway)")"
  return "$rc"
}
