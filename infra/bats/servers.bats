#!/usr/bin/env bats
# infra-up and infra-down against real servers: one stack for the whole file, on ports of its own
# (47xxx) with its own TRAVYA_HOME, reusing the downloaded Kafka and Apicurio; always stopped at the end.

bats_require_minimum_version 1.5.0
load travya

setup_file() {
  # short: PostgreSQL's socket path must stay under 100 characters
  BATS_STACK_HOME=$(mktemp -d /tmp/travya-bats.XXXXXX)
  export BATS_STACK_HOME
  isolate_travya "$BATS_STACK_HOME"
  link_downloads "$TRAVYA_HOME"
  "$TRAVYA" infra-up >"$TRAVYA_HOME/first-infra-up.out" 2>&1 ||
    { cat "$TRAVYA_HOME/first-infra-up.out" >&3; return 1; }
}

teardown_file() {
  isolate_travya "$BATS_STACK_HOME"
  "$TRAVYA" infra-down >/dev/null 2>&1 || "$TRAVYA" infra-down >&3 2>&1
  rm -rf "$BATS_STACK_HOME"
}

setup() {
  isolate_travya "$BATS_STACK_HOME"
}

# "postgres=123 kafka=456 ...": the pid of each server, from the table of infra-status
server_pids() {
  "$TRAVYA" infra-status | awk 'NR > 1 { printf "%s=%s ", $1, $3 }'
}

@test "the first infra-up starts every server" {
  output=$(<"$TRAVYA_HOME/first-infra-up.out") status=0
  local server
  for server in "${SERVERS[@]}"; do
    grep -qE "^$server +started " <<<"$output" || fail "expected $server to be started"
  done
}

@test "a second infra-up reuses every running server, says so and exits 0" {
  local before
  before=$(server_pids)

  run "$TRAVYA" infra-up
  expect_status 0
  local server
  for server in "${SERVERS[@]}"; do
    grep -qE "^$server +running +127\.0\.0\.1:" <<<"$output" || fail "expected $server to be reported as running"
  done
  expect_no_output started
  [[ $(server_pids) == "$before" ]] || fail "the servers changed: $before -> $(server_pids)"
}

@test "infra-status shows every server healthy and exits 0" {
  run "$TRAVYA" infra-status
  expect_status 0
  local server
  for server in "${SERVERS[@]}"; do
    grep -qE "^$server +[0-9,]+ +[0-9]+ +healthy " <<<"$output" || fail "expected $server to be healthy"
  done
}

@test "infra-up --cluster starts Kafka's three nodes and Redis Cluster's six beside the servers, infra-up starts a lost node again, infra-down kafka_cluster stops them" {
  run "$TRAVYA" infra-up --cluster
  expect_status 0
  grep -qE "^kafka_cluster +started +127\.0\.0\.1:47192,47193,47292,47293,47392,47393 " <<<"$output" ||
    fail "expected the cluster to be started on its ports"
  grep -qE "^redis_cluster +started +127\.0\.0\.1:47001,47002,47003,47004,47005,47006 " <<<"$output" ||
    fail "expected the Redis Cluster to be started on its ports"
  local server
  for server in "${SERVERS[@]}"; do
    grep -qE "^$server +running " <<<"$output" || fail "expected $server to be reported as running"
  done
  expect_output "kafka_cluster users booking-service conversation-service trip-service and their ACLs"
  run "$TRAVYA" infra-status
  expect_status 0
  grep -qE "^kafka_cluster +[0-9,]+ +[0-9]+,[0-9]+,[0-9]+ +healthy " <<<"$output" || fail "expected three healthy nodes"

  # a node lost: the cluster is unhealthy until the next infra-up, without --cluster, starts it again
  local lost
  lost=$(<"$TRAVYA_HOME/run/kafka-cluster-2.pid")
  kill -KILL "$lost"
  while kill -0 "$lost" 2>/dev/null; do sleep 0.1; done
  run "$TRAVYA" infra-status
  expect_status 3
  grep -qE "^kafka_cluster +[0-9,]+ +[0-9]+,[0-9]+ +unhealthy " <<<"$output" || fail "expected the cluster unhealthy"
  run "$TRAVYA" infra-up
  expect_status 0
  grep -qE "^kafka_cluster +started " <<<"$output" || fail "expected the lost node to be started again"
  [[ $(<"$TRAVYA_HOME/run/kafka-cluster-2.pid") != "$lost" ]] || fail "node 2 was not started again"

  run "$TRAVYA" infra-down kafka_cluster
  expect_status 0
  grep -qE "^kafka_cluster +stopped " <<<"$output" || fail "expected the cluster to be stopped"
  run "$TRAVYA" infra-status
  expect_status 0
  expect_no_output kafka_cluster
}

@test "a PostgreSQL row and a Redis key survive infra-down and infra-up" {
  run "$TRAVYA" psql -v ON_ERROR_STOP=1 -c "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('written before infra-down')"
  expect_status 0
  run "$TRAVYA" redis-cli SET travya:bats:kept 'written before infra-down'
  expect_status 0
  expect_output OK

  run "$TRAVYA" infra-down
  expect_status 0
  local server
  for server in "${SERVERS[@]}"; do
    grep -qE "^$server +stopped " <<<"$output" || fail "expected $server to be stopped"
  done
  run "$TRAVYA" infra-status
  expect_status 3

  run "$TRAVYA" infra-up
  expect_status 0
  run "$TRAVYA" psql -At -c "SELECT note FROM kept"
  expect_status 0
  [[ $output == 'written before infra-down' ]] || fail "the row is gone"
  run "$TRAVYA" redis-cli GET travya:bats:kept
  expect_status 0
  [[ $output == 'written before infra-down' ]] || fail "the key is gone"
}

@test "infra-up has a Redis it finds running read its users file again" {
  run "$TRAVYA" redis-cli ACL SETUSER trip-service -fcall
  expect_status 0
  expect_output OK
  run "$TRAVYA" redis-cli ACL GETUSER trip-service
  [[ $output != *+fcall* ]] || fail "expected the rule to be taken away: $output"

  run "$TRAVYA" infra-up
  expect_status 0
  grep -qE "^redis +running " <<<"$output" || fail "expected Redis to be found running: $output"
  run "$TRAVYA" redis-cli ACL GETUSER trip-service
  expect_status 0
  [[ $output == *+fcall* ]] || fail "expected trip-service's rules from infra/redis/users.acl again: $output"
}

@test "bench refuses, before it builds or writes anything, while a stopped relay's slot could not take its WAL" {
  run "$TRAVYA" psql -At -c "SELECT pg_create_logical_replication_slot('bats_stopped_relay', 'pgoutput')"
  expect_status 0
  # a fresh slot can take max_slot_wal_keep_size (4 GB) more: a bench said to write 5 GB could lose it
  run --separate-stderr env TRAVYA_BENCH_WAL_BYTES=$((5 * 1024 * 1024 * 1024)) "$TRAVYA" bench --scenarios=idle
  local status_seen=$status
  "$TRAVYA" psql -At -c "SELECT pg_drop_replication_slot('bats_stopped_relay')" >/dev/null
  ((status_seen == 1)) || fail "expected bench to refuse (status 1), got $status_seen: $stderr"
  [[ $stderr == *"slot bats_stopped_relay"*"holds"* ]] || fail "expected the slot named: $stderr"
  [[ ${stderr_lines[-1]} == *"./travya up"* ]] || fail "expected what to do: ${stderr_lines[-1]}"
  [[ ! -e $TRAVYA_HOME/bench && ! -e $TRAVYA_HOME/logs/build.log ]] || fail "bench should have neither built nor measured"
}

@test "down stops the services and every server, and infra-down afterwards finds none running and exits 0" {
  run "$TRAVYA" down
  expect_status 0
  local name
  for name in "${SERVICES[@]}"; do
    grep -qE "^$name +not running" <<<"$output" || fail "expected $name to be reported as not running"
  done
  for name in "${SERVERS[@]}"; do
    grep -qE "^$name +stopped " <<<"$output" || fail "expected $name to be stopped"
  done

  run "$TRAVYA" infra-down
  expect_status 0
  local server
  for server in "${SERVERS[@]}"; do
    grep -qE "^$server +not running" <<<"$output" || fail "expected $server to be reported as not running"
  done
}
