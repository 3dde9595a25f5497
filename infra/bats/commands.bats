#!/usr/bin/env bats
# ./travya's commands as a user meets them, without any server: usage, refusals, error messages, env.

bats_require_minimum_version 1.5.0
load travya

setup() {
  isolate_travya "$BATS_TEST_TMPDIR/home"
}

@test "help prints the usage and exits 0, and so does no command at all" {
  run "$TRAVYA" help
  expect_status 0
  expect_output "Usage: ./travya <command> [args]"
  local help=$output

  run "$TRAVYA"
  expect_status 0
  [[ $output == "$help" ]] || fail "no command should print the same text as help"
}

@test "an unknown command fails with the usage and names the command" {
  run --separate-stderr "$TRAVYA" frobnicate
  expect_status 1
  [[ $stderr == *"Usage: ./travya <command> [args]"* ]] || fail "expected the usage on stderr"
  [[ ${stderr_lines[-1]} == "travya: error: unknown command: frobnicate" ]] || fail "expected the error as the last line"
  [[ -z $output ]] || fail "expected nothing on stdout"
}

@test "bench --help prints the bench's flags at once, without starting a server or building" {
  run "$TRAVYA" bench --help
  expect_status 0
  expect_output "usage: ./travya bench [--duration=SECONDS]"
  [[ ! -e $TRAVYA_HOME/logs/build.log && ! -e $TRAVYA_HOME/run ]] || fail "bench --help should neither build nor start anything"
}

@test "logs without a name fails and lists the services and the servers" {
  run "$TRAVYA" logs
  expect_status 1
  expect_output "usage: ./travya logs <name>"
  local name
  for name in "${SERVICES[@]}" "${SERVERS[@]}"; do expect_output "$name"; done
}

@test "logs with an unknown name fails and lists every valid name, other logs that exist included" {
  mkdir -p "$TRAVYA_HOME/logs"
  : >"$TRAVYA_HOME/logs/maven-dist.log"

  run "$TRAVYA" logs kafak
  expect_status 1
  expect_output "no log named 'kafak'; names: trip-service, booking-service, conversation-service, postgres, kafka, redis, registry, prometheus, maven-dist"
}

@test "logs of a server that has not run here says so" {
  run "$TRAVYA" logs kafka
  expect_status 1
  expect_output "kafka has no log yet ($TRAVYA_HOME/logs/kafka.log)"
}

@test "logs of a server prints the end of its log and follows it" {
  mkdir -p "$TRAVYA_HOME/logs"
  printf 'first line\nsecond line\n' >"$TRAVYA_HOME/logs/redis.log"

  : >"$BATS_TEST_TMPDIR/followed" # before the follower starts, which opens it in the background
  "$TRAVYA" logs redis >>"$BATS_TEST_TMPDIR/followed" 2>&1 3>&- &
  local follower=$!
  eventually_contains "$BATS_TEST_TMPDIR/followed" $'first line\nsecond line' || { kill "$follower"; return 1; }
  printf 'appended line\n' >>"$TRAVYA_HOME/logs/redis.log"
  eventually_contains "$BATS_TEST_TMPDIR/followed" 'appended line' || { kill "$follower"; return 1; }
  kill "$follower"
}

@test "env prints shell exports that a clean shell can source" {
  run --separate-stderr "$TRAVYA" env
  expect_status 0
  printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/env.sh"

  run env -i bash -euc 'source "$1"; printf "%s|%s|%s|%s|%s\n" "$TRAVYA_HOME" "$TRAVYA_PG_PORT" "$TRAVYA_KAFKA_BOOTSTRAP" "$TRAVYA_KAFKA_CLUSTER_BOOTSTRAP" "$TRAVYA_REDIS_ADMIN_PASSWORD"' \
    _ "$BATS_TEST_TMPDIR/env.sh"
  expect_status 0
  [[ $output == "$TRAVYA_HOME|47432|127.0.0.1:47092|127.0.0.1:47192,127.0.0.1:47292,127.0.0.1:47392|$(<"$TRAVYA_HOME/secrets/redis-admin")" ]] ||
    fail "expected the settings of this TRAVYA_HOME and its generated password"
}

@test "env names every variable the README documents for it" {
  local readme=$REPO_ROOT/README.md var
  local -a documented=(TRAVYA_HOME TRAVYA_PG_HOST TRAVYA_PG_PORT TRAVYA_PG_LOG TRAVYA_KAFKA_BOOTSTRAP
    TRAVYA_KAFKA_SECURITY_PROTOCOL TRAVYA_REGISTRY_URL TRAVYA_REDIS_HOST TRAVYA_REDIS_PORT TRAVYA_TLS_CA
    TRAVYA_TLS_TRUSTSTORE TRAVYA_TLS_TRUSTSTORE_PASSWORD)
  local schema role
  for schema in trips bookings conversations; do # TRAVYA_PG_PASSWORD_<ROLE>: each service's three roles
    for role in OWNER APP RELAY; do documented+=("TRAVYA_PG_PASSWORD_${schema^^}_$role"); done
  done
  # the paragraph that lists what `./travya env` prints ("`TRAVYA_X_USER`/`_PASSWORD`" names two),
  # and the commands of the TLS section that use its exports
  while read -r var; do
    if [[ $var == */* ]]; then
      documented+=("${var%%/*}" "${var%%/*}")
      documented[-1]=${documented[-1]%_*}${var#*/}
    else
      documented+=("$var")
    fi
  done < <(awk '/`\.\/travya env` prints it/,/^$/' "$readme" | tr -d '`' | sed -E 's/TRAVYA_[A-Z_]+<[A-Z]+>//g' | grep -oE 'TRAVYA_[A-Z_]*[A-Z](/_[A-Z]+)?')
  while read -r var; do documented+=("$var"); done < <(
    awk '/To connect by hand after/,/^curl /' "$readme" | grep -oE '\$TRAVYA_[A-Z_]+' | tr -d '$')
  ((${#documented[@]} >= 30)) || fail "found only ${documented[*]} in README.md: has the paragraph moved?"

  run --separate-stderr "$TRAVYA" env
  expect_status 0
  for var in "${documented[@]}"; do
    grep -qE "^export $var=.+" <<<"$output" || fail "env does not export $var"
  done
}

@test "commands that take no options refuse an unknown one before doing anything" {
  local command
  for command in down status infra-status env demo; do
    run "$TRAVYA" "$command" --quick
    expect_status 1
    expect_output "travya: error: $command: unknown option '--quick' ($command takes none; see ./travya help)"
  done
  run "$TRAVYA" up --quick
  expect_status 1
  expect_output "travya: error: up: unknown option '--quick' (up takes only --instances N and --cluster; see ./travya help)"
  run "$TRAVYA" infra-up --quick
  expect_status 1
  expect_output "travya: error: infra-up: unknown option '--quick' (infra-up takes only --cluster and server names; see ./travya help)"
  [[ ! -e $TRAVYA_HOME ]] || fail "a refused command must leave TRAVYA_HOME alone, but made $(ls -A "$TRAVYA_HOME")"
}

@test "reset without --yes refuses and removes nothing" {
  mkdir -p "$TRAVYA_HOME/postgres/data" "$TRAVYA_HOME/redis"
  : >"$TRAVYA_HOME/redis/appendonly.aof"

  run "$TRAVYA" reset </dev/null
  expect_status 1
  expect_output "run ./travya reset --yes to confirm"

  run "$TRAVYA" reset --force </dev/null
  expect_status 1
  expect_output "reset: unknown option '--force' (reset takes only --yes"

  [[ -d $TRAVYA_HOME/postgres/data && -f $TRAVYA_HOME/redis/appendonly.aof ]] || fail "reset removed data"
}

@test "status of a stack that is not running says what is stopped and exits 3" {
  run --separate-stderr "$TRAVYA" status
  expect_status 3
  local name
  for name in "${SERVERS[@]}" "${SERVICES[@]}"; do
    grep -qE "^$name +[0-9, ]+- +stopped " <<<"$output" || fail "expected $name to be listed as stopped"
  done
  expect_output "Not everything is running and healthy (exit status 3): ./travya up starts what is stopped"
  [[ -z $stderr ]] || fail "expected no error"
}

@test "infra-down and infra-up of an unknown server refuse and name the servers" {
  local command
  for command in infra-down infra-up; do
    run "$TRAVYA" "$command" postgresql
    expect_status 1
    expect_output "unknown server: postgresql (servers: postgres kafka redis registry prometheus kafka_cluster redis_cluster)"
  done
  [[ ! -e $TRAVYA_HOME ]] || fail "a refused command must leave TRAVYA_HOME alone, but made $(ls -A "$TRAVYA_HOME")"
}

@test "a port setting that is not a port is refused, naming the variable" {
  TRAVYA_REDIS_PORT=6379x run "$TRAVYA" status
  expect_status 1
  expect_output "TRAVYA_REDIS_PORT must be a positive number, not '6379x'"

  TRAVYA_KAFKA_PORT=47432 run "$TRAVYA" status
  expect_status 1
  expect_output "TRAVYA_KAFKA_PORT=47432: that port is already given to another server"
}
