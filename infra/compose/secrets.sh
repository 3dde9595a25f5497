#!/usr/bin/env bash
# docker-compose's first step (service `secrets`): generates every password once, keeps them in the
# volume `secrets` (generated/, root only) and writes, for each server and service, the files it
# reads them from, owned by the user it runs as and readable by that user alone:
#   postgres (uid 999)      postgres/superuser, postgres/passwords.sql   (infra/compose/postgres-init.sh)
#   redis (uid 999)         redis/users.acl, redis/admin                  (infra/redis/users.acl)
#   kafka (uid 1000)        kafka/admin, kafka/controller                 (infra/compose/kafka.sh)
#   registry (uid 1001)     registry/application.properties
#   each service (10001-3)  <service>/TRAVYA_* (a Spring Boot config tree)
#   gateway (10004)         gateway/TRAVYA_REDIS_PASSWORD
# The set-up steps (kafka-setup, schemas) run as root and read generated/ directly. Idempotent: a
# password, once made, stays. The same names as ./travya's $TRAVYA_HOME/secrets.
# deploy/k8s/overlays/dev/make-secrets.sh runs it too, as a user, into a directory of its own
# (TRAVYA_SECRETS_DIR, TRAVYA_INFRA_DIR); then the files keep the user's ownership.
set -euo pipefail
S=${TRAVYA_SECRETS_DIR:-/run/travya}
INFRA=${TRAVYA_INFRA_DIR:-/infra}
umask 077
mkdir -p "$S/generated"

secret() {
  local file=$S/generated/$1 value
  if [[ ! -s $file ]]; then
    value=$(head -c 96 /dev/urandom | base64 -w0 | tr -dc 'A-Za-z0-9')
    printf '%s\n' "${value:0:32}" >"$file.tmp" && mv "$file.tmp" "$file"
  fi
  head -n1 "$file"
}

# put <uid> <path> : stdin into $S/<path>, owned by uid, mode 400
put() {
  mkdir -p "$(dirname "$S/$2")"
  chmod 755 "$(dirname "$S/$2")"
  cat >"$S/$2.tmp"
  if ((EUID == 0)); then chown "$1" "$S/$2.tmp"; fi
  chmod 400 "$S/$2.tmp"
  mv "$S/$2.tmp" "$S/$2"
}

schemas=(trips bookings conversations)
declare -A uid=([trip-service]=10001 [booking-service]=10002 [conversation-service]=10003)
declare -A schema=([trip-service]=trips [booking-service]=bookings [conversation-service]=conversations)

# PostgreSQL: the superuser's password exists only for the image's entrypoint (postgres-init.sh
# rejects the superuser over TCP); every other role's is applied by postgres-init.sh.
secret pg-postgres | put 999 postgres/superuser
{
  printf "ALTER ROLE travya_admin PASSWORD '%s';\n" "$(secret pg-travya_admin)"
  for s in "${schemas[@]}"; do
    for role in "${s}_owner" "${s}_app" "${s}_relay"; do
      printf "ALTER ROLE %s PASSWORD '%s';\n" "$role" "$(secret "pg-$role")"
    done
  done
  printf "ALTER ROLE registry PASSWORD '%s';\n" "$(secret pg-registry)"
} | put 999 postgres/passwords.sql

# Redis: infra/redis/users.acl for the prefix travya, passwords as SHA-256 hashes
while IFS= read -r line; do
  [[ $line =~ ^user\ ([^ ]+) ]] || continue
  name=${BASH_REMATCH[1]}
  if [[ $line == *'{password}'* ]]; then
    hash=$(printf '%s' "$(secret "redis-$name")" | sha256sum | cut -d' ' -f1)
    line=${line//\{password\}/#$hash}
  fi
  printf '%s\n' "${line//\{prefix\}/travya}"
done <"$INFRA/redis/users.acl" | put 999 redis/users.acl
secret redis-admin | put 999 redis/admin

# Kafka: the super user admin and the controller listener's user; the services' users are made by
# kafka-setup (infra/kafka/KafkaAccess.java) from generated/kafka-<service>
secret kafka-admin | put 1000 kafka/admin
secret kafka-controller | put 1000 kafka/controller
for service in "${!uid[@]}"; do secret "kafka-$service" >/dev/null; done

# The registry: its database password and its one administrator
{
  printf 'apicurio.datasource.password=%s\n' "$(secret pg-registry)"
  printf 'quarkus.security.users.embedded.plain-text=true\n'
  printf 'quarkus.security.users.embedded.users.admin=%s\n' "$(secret registry-admin)"
  printf 'quarkus.security.users.embedded.roles.admin=sr-admin\n'
} | put 1001 registry/application.properties

# The services: their database roles, Kafka user and Redis user, as a Spring Boot config tree
for service in "${!uid[@]}"; do
  s=${schema[$service]}
  secret "pg-${s}_app" | put "${uid[$service]}" "$service/TRAVYA_DB_PASSWORD"
  secret "pg-${s}_owner" | put "${uid[$service]}" "$service/TRAVYA_DB_OWNER_PASSWORD"
  secret "pg-${s}_relay" | put "${uid[$service]}" "$service/TRAVYA_DB_RELAY_PASSWORD"
  secret "kafka-$service" | put "${uid[$service]}" "$service/TRAVYA_KAFKA_PASSWORD"
done
secret redis-trip-service | put 10001 trip-service/TRAVYA_REDIS_PASSWORD
# the gateway (uid 10004): its Redis user only (rate limits)
secret redis-gateway | put 10004 gateway/TRAVYA_REDIS_PASSWORD
echo "secrets ready in the volume (generated once, kept across restarts)"
