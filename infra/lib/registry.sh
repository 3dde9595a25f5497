# shellcheck shell=bash
# ----------------------------------------------------------------------------------------------
# Apicurio Registry (version: infra/settings.env; Quarkus, Java 21+), storage in PostgreSQL
# database `registry`; its settings: infra/registry/registry.env, plus the secrets and TLS written here
# ----------------------------------------------------------------------------------------------
APICURIO_DIR=$DIST_DIR/apicurio
REGISTRY_DIR=$TRAVYA_HOME/registry
REGISTRY_ENV=$REPO_ROOT/infra/registry/registry.env   # shared with docker-compose, Kubernetes and the tests

registry_java() { find_java 21 highest; }
registry_pid() { pid_from_file "$RUN_DIR/registry.pid" "$APICURIO_DIR/quarkus-run.jar"; }
registry_ports() { printf '%s,%s' "$REGISTRY_PORT" "$REGISTRY_MANAGEMENT_PORT"; }
registry_log() { printf '%s' "$LOG_DIR/registry.log"; }
registry_healthy() {
  [[ $(curl -s -o /dev/null -m 5 -w '%{http_code}' --cacert "$TLS_DIR/ca.crt" \
    "https://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7/subjects") == 200 ]]
}

registry_start() {
  local java line
  local -a settings=()
  java=$(registry_java)
  [[ -n $java ]] || die "Apicurio Registry needs a JDK 21 or newer: none is on PATH or under /usr/lib/jvm (Debian 12 has none; install e.g. Temurin 21/25)"
  # the settings docker-compose, Kubernetes and the tests use too (global FULL_TRANSITIVE
  # compatibility; HTTP basic, only the role sr-admin writes, anyone reads)
  while IFS= read -r line; do
    if [[ $line =~ ^[A-Z_]+= ]]; then settings+=("$line"); fi
  done <"$REGISTRY_ENV"
  # the registry's secrets: Quarkus reads config/application.properties in its working directory
  mkdir -p "$REGISTRY_DIR/config"
  (
    umask 077
    printf '# Written by ./travya at every start: edit infra/lib/registry.sh or %s, not this file.\n' "$(pretty_path "$REGISTRY_ENV")"
    printf 'apicurio.datasource.password=%s\n' "$(secret pg-registry)"
    # Without an identity server: HTTP basic (registry.env) against one embedded user, admin (role
    # sr-admin), who alone registers and changes schemas and rules; anyone may read.
    printf 'quarkus.security.users.embedded.plain-text=true\n'
    printf 'quarkus.security.users.embedded.users.admin=%s\n' "$(secret registry-admin)"
    printf 'quarkus.security.users.embedded.roles.admin=sr-admin\n'
    # HTTPS only, with the certificate of $TLS_DIR (the management port stays plain HTTP on loopback)
    printf 'quarkus.http.ssl.certificate.files=%s\n' "$TLS_DIR/registry.crt"
    printf 'quarkus.http.ssl.certificate.key-files=%s\n' "$TLS_DIR/registry.key"
    printf 'quarkus.http.insecure-requests=disabled\n'
  ) >"$REGISTRY_DIR/config/application.properties"
  local here=$PWD
  cd "$REGISTRY_DIR"
  spawn_detached "$RUN_DIR/registry.pid" "$LOG_DIR/registry.log" \
    env "${settings[@]}" "$java" -Xmx384m -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.ssl-port="$REGISTRY_PORT" \
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$REGISTRY_MANAGEMENT_PORT" \
    -Dquarkus.http.access-log.enabled=false \
    '-Dquarkus.log.console.format=%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%c{3.}] (%t) %s%e%n' \
    -Dapicurio.storage.kind=sql -Dapicurio.storage.sql.kind=postgresql \
    -Dapicurio.datasource.url="jdbc:postgresql://127.0.0.1:$PG_PORT/registry?sslmode=verify-full&sslrootcert=$TLS_DIR/ca.crt" \
    -Dapicurio.datasource.username=registry \
    -Dapicurio.datasource.jdbc.initial-size=2 -Dapicurio.datasource.jdbc.min-size=2 \
    -Dapicurio.datasource.jdbc.max-size=20 \
    -Dapicurio.storage.snapshot.location="$REGISTRY_DIR" \
    -jar "$APICURIO_DIR/quarkus-run.jar"
  cd "$here"
}

registry_stop() { terminate registry "$1"; }

# Apicurio Registry's distribution, from Maven Central (infra/servers-pom.xml), once per version.
registry_install() {
  mkdir -p "$DIST_DIR"
  if ! dist_complete "$APICURIO_DIR"; then
    local started tmp=$DIST_DIR/apicurio.tmp
    started=$(now_ms)
    rm -rf "$tmp"
    servers_maven dependency:unpack@apicurio -Dtravya.apicurio.dir="$tmp"
    [[ -f $tmp/quarkus-run.jar ]] || die "the Apicurio Registry distribution has no quarkus-run.jar (in $tmp)"
    dist_fingerprint >"$tmp/.travya-dist"
    rm -rf "$APICURIO_DIR" && mv "$tmp" "$APICURIO_DIR"
    say "registry  downloaded Apicurio Registry $APICURIO_VERSION into $(pretty_path "$APICURIO_DIR") in $(elapsed "$started")"
  fi
}
