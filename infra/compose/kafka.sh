#!/usr/bin/env bash
# Kafka under docker-compose (apache/kafka image, as its user appuser): the settings of
# infra/kafka/server.properties, as ./travya runs it (infra/lib/kafka.sh), with two client listeners
# (containers use <host>:19092, the host 127.0.0.1:$TRAVYA_KAFKA_PORT), both SASL_PLAINTEXT: the services as SCRAM-SHA-512 users, the super user admin with
# PLAIN against this configuration. Passwords from infra/compose/secrets.sh.
# The single broker by default; a node of the profile cluster's three (as ./travya up --cluster,
# infra/lib/kafka-cluster.sh) with TRAVYA_KAFKA_NODE_ID, TRAVYA_KAFKA_HOST (its name on the compose
# network), TRAVYA_KAFKA_VOTERS (the quorum) and TRAVYA_KAFKA_CLUSTER=yes (infra/kafka/cluster.properties).
set -euo pipefail
admin=$(head -n1 /run/travya/kafka/admin)
controller=$(head -n1 /run/travya/kafka/controller)
# the host's listener, on the port docker-compose publishes (infra/settings.env's TRAVYA_KAFKA_PORT)
port=${TRAVYA_KAFKA_PORT:?}
node=${TRAVYA_KAFKA_NODE_ID:-1}
host=${TRAVYA_KAFKA_HOST:-kafka}
voters=${TRAVYA_KAFKA_VOTERS:-1@kafka:9093}
config=/tmp/server.properties
umask 077
{
  cat <<PROPS
controller.quorum.voters=$voters
listeners=INTERNAL://:19092,EXTERNAL://:$port,CONTROLLER://:9093
advertised.listeners=INTERNAL://$host:19092,EXTERNAL://127.0.0.1:$port
inter.broker.listener.name=INTERNAL
listener.security.protocol.map=INTERNAL:SASL_PLAINTEXT,EXTERNAL:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
listener.name.internal.sasl.enabled.mechanisms=SCRAM-SHA-512,PLAIN
listener.name.internal.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.internal.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$admin" user_admin="$admin";
listener.name.external.sasl.enabled.mechanisms=SCRAM-SHA-512,PLAIN
listener.name.external.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.external.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$admin" user_admin="$admin";
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="controller" password="$controller" user_controller="$controller";
log.dirs=/var/lib/kafka/data
PROPS
  cat /infra/kafka/server.properties
  if [[ ${TRAVYA_KAFKA_CLUSTER:-} == yes ]]; then cat /infra/kafka/cluster.properties; fi
  printf 'node.id=%s\n' "$node"
} >"$config"
cat >/tmp/admin.properties <<PROPS
security.protocol=SASL_PLAINTEXT
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$admin";
PROPS
if [[ ! -f /var/lib/kafka/data/meta.properties ]]; then
  /opt/kafka/bin/kafka-storage.sh format --cluster-id "${CLUSTER_ID:?}" --config "$config"
fi
exec /opt/kafka/bin/kafka-server-start.sh "$config"
