# shellcheck shell=bash
# ----------------------------------------------------------------------------------------------
# Prometheus (Debian's package), its TSDB under $PROMETHEUS_DIR, its rules from infra/prometheus
# ----------------------------------------------------------------------------------------------
PROMETHEUS_DIR=$TRAVYA_HOME/prometheus
PROMETHEUS_RULES_DIR=$REPO_ROOT/infra/prometheus

prometheus_pid() { pid_from_file "$RUN_DIR/prometheus.pid" "$PROMETHEUS_DIR/prometheus.yml"; }
prometheus_ports() { printf '%s' "$PROMETHEUS_PORT"; }
prometheus_log() { printf '%s' "$LOG_DIR/prometheus.log"; }
prometheus_healthy() {
  [[ $(curl -s -o /dev/null -m 3 -w '%{http_code}' "http://127.0.0.1:$PROMETHEUS_PORT/-/ready") == 200 ]]
}

# What it scrapes: the services' actuator, the registry's Quarkus metrics and itself. PostgreSQL, Kafka
# and Redis have no exporter here (Debian's prometheus-postgres-exporter and -redis-exporter are not
# installed, Kafka has none in Debian): what matters of them reaches Prometheus through the services'
# metrics (slot WAL, consumer lag, connection pools, the Kafka and Redis clients').
prometheus_write_config() {
  local service targets="" i
  # every instance `up` runs (./travya up --instances N), each on its management port
  for service in "${SERVICES[@]}"; do
    for ((i = 0; i < INSTANCES; i++)); do
      targets+="
      - targets: ['127.0.0.1:$(instance_management_port "$service" "$i")']
        labels: {service: $service}"
    done
  done
  cat >"$PROMETHEUS_DIR/prometheus.yml" <<PROMETHEUS
# Written by ./travya at every start: edit infra/lib/prometheus.sh (and infra/prometheus/*.yml), not this file.
global:
  scrape_interval: 15s
  evaluation_interval: 15s
rule_files:
  - $PROMETHEUS_RULES_DIR/recording.yml
  - $PROMETHEUS_RULES_DIR/alerts.yml
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ['127.0.0.1:$PROMETHEUS_PORT']
  - job_name: travya-services
    metrics_path: /actuator/prometheus
    static_configs:$targets
  - job_name: gateway
    metrics_path: /actuator/prometheus
    static_configs:
      - targets: ['127.0.0.1:$GATEWAY_MANAGEMENT_PORT']
        labels: {service: gateway}
  - job_name: registry
    metrics_path: /metrics
    static_configs:
      - targets: ['127.0.0.1:$REGISTRY_MANAGEMENT_PORT']
PROMETHEUS
}

prometheus_start() {
  prometheus_write_config
  promtool check config "$PROMETHEUS_DIR/prometheus.yml" >>"$LOG_DIR/prometheus.log" 2>&1 ||
    { show_log_tail "$LOG_DIR/prometheus.log"; die "the Prometheus configuration is invalid; see $LOG_DIR/prometheus.log"; }
  spawn_detached "$RUN_DIR/prometheus.pid" "$LOG_DIR/prometheus.log" \
    prometheus --config.file="$PROMETHEUS_DIR/prometheus.yml" --storage.tsdb.path="$PROMETHEUS_DIR/data" \
    --storage.tsdb.retention.time=15d --web.listen-address="127.0.0.1:$PROMETHEUS_PORT"
}

prometheus_stop() { terminate prometheus "$1"; }

# Debian's prometheus package runs its own server on :9090 (where there is an init system); ours replaces it.
prometheus_install() {
  is_root || return 0
  [[ -e /etc/init.d/prometheus || -e /lib/systemd/system/prometheus.service ]] || return 0
  if [[ -e /etc/systemd/system/multi-user.target.wants/prometheus.service ]]; then
    systemctl disable prometheus >/dev/null 2>&1 || rm -f /etc/systemd/system/multi-user.target.wants/prometheus.service
  fi
  if compgen -G '/etc/rc[2-5].d/S*prometheus' >/dev/null; then
    update-rc.d prometheus disable >/dev/null 2>&1 || true
  fi
  local pid
  if pid=$(pid_from_file /run/prometheus/prometheus.pid /usr/bin/prometheus); then
    say "stopping Debian's own Prometheus (pid $pid; service disabled)"
    terminate "system prometheus" "$pid"
  fi
}

