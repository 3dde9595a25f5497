# Shared by the bats tests of ./travya: each test runs the script as a user would, against its own
# TRAVYA_HOME and its own ports (47xxx), never the default ones (the stack others may be using).

REPO_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd -P)
TRAVYA=$REPO_ROOT/travya

# The downloaded servers (Kafka's jars, Apicurio) to reuse: those of the stack that runs the tests
# (./travya test exports its TRAVYA_HOME), else this checkout's; TRAVYA_BATS_DIST overrides both.
TRAVYA_BATS_DIST=${TRAVYA_BATS_DIST:-${TRAVYA_HOME:-$REPO_ROOT/.travya}/dist}

SERVERS=(postgres kafka redis registry prometheus)
SERVICES=(trip-service booking-service conversation-service)

# Forget whatever TRAVYA_* settings the caller had (./travya test exports the stack's) and aim the
# script at $1 with ports of its own.
isolate_travya() {
  local var
  for var in $(compgen -e); do
    [[ $var == TRAVYA_* && $var != TRAVYA_BATS_* ]] && unset "$var"
  done
  export TRAVYA_HOME=$1
  export TRAVYA_PG_PORT=47432 TRAVYA_KAFKA_PORT=47092 TRAVYA_KAFKA_CONTROLLER_PORT=47093
  export TRAVYA_REGISTRY_PORT=47081 TRAVYA_REGISTRY_MANAGEMENT_PORT=47181 TRAVYA_REDIS_PORT=47379
  export TRAVYA_PROMETHEUS_PORT=47090
  export TRAVYA_KAFKA_CLUSTER_1_PORT=47192 TRAVYA_KAFKA_CLUSTER_1_CONTROLLER_PORT=47193
  export TRAVYA_KAFKA_CLUSTER_2_PORT=47292 TRAVYA_KAFKA_CLUSTER_2_CONTROLLER_PORT=47293
  export TRAVYA_KAFKA_CLUSTER_3_PORT=47392 TRAVYA_KAFKA_CLUSTER_3_CONTROLLER_PORT=47393
  export TRAVYA_REDIS_CLUSTER_PORTS=47001,47002,47003,47004,47005,47006
  export TRAVYA_REDIS_CLUSTER_BUS_PORTS=47011,47012,47013,47014,47015,47016
}

# Reuse the downloads without writing to them: each is linked one level down, so that a download
# the script finds incomplete replaces the link, never the folder it points to.
link_downloads() {
  local home=$1
  mkdir -p "$home/dist/kafka"
  [[ -d $TRAVYA_BATS_DIST/kafka/libs ]] && ln -s "$TRAVYA_BATS_DIST/kafka/libs" "$home/dist/kafka/libs"
  [[ -d $TRAVYA_BATS_DIST/apicurio ]] && ln -s "$TRAVYA_BATS_DIST/apicurio" "$home/dist/apicurio"
  return 0
}

# Fails the test, showing what the last `run` printed.
fail() {
  printf '%s\n' "$*" "--- status $status, output:" "$output" >&2
  [[ -z ${stderr+set} ]] || printf -- '--- stderr:\n%s\n' "$stderr" >&2
  return 1
}

expect_status() { [[ $status -eq $1 ]] || fail "expected exit status $1"; }
expect_output() { [[ $output == *"$1"* ]] || fail "expected the output to contain: $1"; }
expect_no_output() { [[ $output != *"$1"* ]] || fail "expected the output not to contain: $1"; }

# Waits (up to 30 s) until file $1 contains $2; fails showing the file if it does not.
eventually_contains() {
  local file=$1 text=$2 deadline=$((SECONDS + 30))
  until [[ $(<"$file") == *"$text"* ]]; do
    if ((SECONDS >= deadline)); then
      printf 'expected %s to contain: %s\n--- it holds:\n%s\n' "$file" "$text" "$(<"$file")" >&2
      return 1
    fi
    sleep 0.1
  done
}
