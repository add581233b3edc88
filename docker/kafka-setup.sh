#!/bin/sh
# Secures the compose file's Kafka: a SCRAM-SHA-512 user per PlateStream role with a
# random password (kept in the clients volume, made once), the ACLs each role needs,
# the pipeline's topics, and each role's client settings file. Written from the code
# (StageAcls, TopicLayout) by KafkaSetupScriptTest: do not edit by hand.
set -eu
BOOTSTRAP=kafka:19092
CLIENTS=/etc/platestream/kafka
ADMIN=/tmp/admin.properties
PATH=/opt/kafka/bin:$PATH
TRUSTSTORE_PASSWORD=$(cat "$CLIENTS/truststore.password")
umask 077
cat > "$ADMIN" <<EOF
security.protocol=SASL_SSL
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$KAFKA_ADMIN_PASSWORD";
ssl.truststore.type=PKCS12
ssl.truststore.location=$CLIENTS/truststore.p12
ssl.truststore.password=$TRUSTSTORE_PASSWORD
EOF

# Topics, as the stages would create them (they may not: no role holds Create).
kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --create --if-not-exists --topic platestream.frames --partitions 6 --config max.message.bytes=8388608 --config retention.ms=3600000
kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --create --if-not-exists --topic platestream.plates --partitions 6 --config retention.ms=86400000
kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --create --if-not-exists --topic platestream.frames.dlq --partitions 1 --config max.message.bytes=8388608
kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --create --if-not-exists --topic platestream.shadow --partitions 6
kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --create --if-not-exists --topic platestream.ledger --partitions 1 --config cleanup.policy=compact
kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --create --if-not-exists --topic platestream.reads --partitions 6
kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --create --if-not-exists --topic platestream.events --partitions 6
kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --create --if-not-exists --topic platestream.plates.dlq --partitions 1
kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --create --if-not-exists --topic platestream.alerts --partitions 6
kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --create --if-not-exists --topic platestream.events.dlq --partitions 1
kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --create --if-not-exists --topic platestream.watchlists --partitions 1 --config cleanup.policy=compact
kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --create --if-not-exists --topic platestream.labels --partitions 1 --config cleanup.policy=compact
kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --create --if-not-exists --topic platestream.models --partitions 1 --config cleanup.policy=compact
kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --create --if-not-exists --topic platestream.artifacts --partitions 1 --config cleanup.policy=compact

# ingest
if [ ! -s "$CLIENTS/ingest.password" ]; then
  head -c 24 /dev/urandom | base64 | tr -d '/+=\n' > "$CLIENTS/ingest.password"
fi
PASSWORD=$(cat "$CLIENTS/ingest.password")
kafka-configs.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --alter --add-config "SCRAM-SHA-512=[password=$PASSWORD]" --entity-type users --entity-name ingest
cat > "$CLIENTS/ingest.properties" <<EOF
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="ingest" password="$PASSWORD";
ssl.truststore.type=PKCS12
ssl.truststore.location=$CLIENTS/truststore.p12
ssl.truststore.password=$TRUSTSTORE_PASSWORD
EOF
chown 10001 "$CLIENTS/ingest.properties" "$CLIENTS/ingest.password"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:ingest --operation Describe --topic platestream. --resource-pattern-type prefixed
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:ingest --operation DescribeConfigs --topic platestream. --resource-pattern-type prefixed
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:ingest --operation IdempotentWrite --cluster
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:ingest --operation Write --topic platestream.frames
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:ingest --operation Write --topic platestream.ledger
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:ingest --operation Read --topic platestream.ledger

# detect
if [ ! -s "$CLIENTS/detect.password" ]; then
  head -c 24 /dev/urandom | base64 | tr -d '/+=\n' > "$CLIENTS/detect.password"
fi
PASSWORD=$(cat "$CLIENTS/detect.password")
kafka-configs.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --alter --add-config "SCRAM-SHA-512=[password=$PASSWORD]" --entity-type users --entity-name detect
cat > "$CLIENTS/detect.properties" <<EOF
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="detect" password="$PASSWORD";
ssl.truststore.type=PKCS12
ssl.truststore.location=$CLIENTS/truststore.p12
ssl.truststore.password=$TRUSTSTORE_PASSWORD
EOF
chown 10001 "$CLIENTS/detect.properties" "$CLIENTS/detect.password"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:detect --operation Describe --topic platestream. --resource-pattern-type prefixed
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:detect --operation DescribeConfigs --topic platestream. --resource-pattern-type prefixed
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:detect --operation IdempotentWrite --cluster
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:detect --operation Read --topic platestream.frames
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:detect --operation Write --topic platestream.plates
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:detect --operation Write --topic platestream.frames.dlq
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:detect --operation Write --topic platestream.shadow
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:detect --operation Write --topic platestream.ledger
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:detect --operation Read --topic platestream.models
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:detect --operation Read --topic platestream.artifacts
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:detect --operation Read --group platestream-detect --resource-pattern-type prefixed
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:detect --operation Write --transactional-id platestream-detect --resource-pattern-type prefixed
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:detect --operation Describe --transactional-id platestream-detect --resource-pattern-type prefixed
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:detect --operation All --topic platestream-detect --resource-pattern-type prefixed

# recognize
if [ ! -s "$CLIENTS/recognize.password" ]; then
  head -c 24 /dev/urandom | base64 | tr -d '/+=\n' > "$CLIENTS/recognize.password"
fi
PASSWORD=$(cat "$CLIENTS/recognize.password")
kafka-configs.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --alter --add-config "SCRAM-SHA-512=[password=$PASSWORD]" --entity-type users --entity-name recognize
cat > "$CLIENTS/recognize.properties" <<EOF
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="recognize" password="$PASSWORD";
ssl.truststore.type=PKCS12
ssl.truststore.location=$CLIENTS/truststore.p12
ssl.truststore.password=$TRUSTSTORE_PASSWORD
EOF
chown 10001 "$CLIENTS/recognize.properties" "$CLIENTS/recognize.password"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:recognize --operation Describe --topic platestream. --resource-pattern-type prefixed
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:recognize --operation DescribeConfigs --topic platestream. --resource-pattern-type prefixed
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:recognize --operation IdempotentWrite --cluster
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:recognize --operation Read --topic platestream.plates
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:recognize --operation Write --topic platestream.reads
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:recognize --operation Write --topic platestream.events
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:recognize --operation Write --topic platestream.plates.dlq
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:recognize --operation Write --topic platestream.shadow
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:recognize --operation Write --topic platestream.ledger
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:recognize --operation Read --topic platestream.models
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:recognize --operation Read --topic platestream.artifacts
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:recognize --operation Read --group platestream-recognize --resource-pattern-type prefixed
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:recognize --operation Write --transactional-id platestream-recognize --resource-pattern-type prefixed
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:recognize --operation Describe --transactional-id platestream-recognize --resource-pattern-type prefixed
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:recognize --operation All --topic platestream-recognize --resource-pattern-type prefixed

# sink
if [ ! -s "$CLIENTS/sink.password" ]; then
  head -c 24 /dev/urandom | base64 | tr -d '/+=\n' > "$CLIENTS/sink.password"
fi
PASSWORD=$(cat "$CLIENTS/sink.password")
kafka-configs.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --alter --add-config "SCRAM-SHA-512=[password=$PASSWORD]" --entity-type users --entity-name sink
cat > "$CLIENTS/sink.properties" <<EOF
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="sink" password="$PASSWORD";
ssl.truststore.type=PKCS12
ssl.truststore.location=$CLIENTS/truststore.p12
ssl.truststore.password=$TRUSTSTORE_PASSWORD
EOF
chown 10001 "$CLIENTS/sink.properties" "$CLIENTS/sink.password"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:sink --operation Describe --topic platestream. --resource-pattern-type prefixed
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:sink --operation DescribeConfigs --topic platestream. --resource-pattern-type prefixed
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:sink --operation IdempotentWrite --cluster
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:sink --operation Read --topic platestream.events
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:sink --operation Read --topic platestream.watchlists
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:sink --operation Read --topic platestream.labels
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:sink --operation Read --topic platestream.models
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:sink --operation Write --topic platestream.alerts
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:sink --operation Write --topic platestream.events.dlq
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:sink --operation Write --topic platestream.watchlists
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:sink --operation Write --topic platestream.labels
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:sink --operation Read --group platestream-hotlist --resource-pattern-type prefixed
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:sink --operation Write --transactional-id platestream-hotlist --resource-pattern-type prefixed
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:sink --operation Describe --transactional-id platestream-hotlist --resource-pattern-type prefixed
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:sink --operation All --topic platestream-hotlist --resource-pattern-type prefixed
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:sink --operation Read --group platestream-history --resource-pattern-type prefixed
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:sink --operation Read --group platestream-webhook --resource-pattern-type prefixed
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:sink --operation Read --topic platestream.alerts

# models
if [ ! -s "$CLIENTS/models.password" ]; then
  head -c 24 /dev/urandom | base64 | tr -d '/+=\n' > "$CLIENTS/models.password"
fi
PASSWORD=$(cat "$CLIENTS/models.password")
kafka-configs.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --alter --add-config "SCRAM-SHA-512=[password=$PASSWORD]" --entity-type users --entity-name models
cat > "$CLIENTS/models.properties" <<EOF
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="models" password="$PASSWORD";
ssl.truststore.type=PKCS12
ssl.truststore.location=$CLIENTS/truststore.p12
ssl.truststore.password=$TRUSTSTORE_PASSWORD
EOF
chown 10001 "$CLIENTS/models.properties" "$CLIENTS/models.password"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:models --operation Describe --topic platestream. --resource-pattern-type prefixed
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:models --operation DescribeConfigs --topic platestream. --resource-pattern-type prefixed
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:models --operation IdempotentWrite --cluster
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:models --operation Read --topic platestream.models
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:models --operation Read --topic platestream.artifacts
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:models --operation Write --topic platestream.models
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:models --operation Write --topic platestream.artifacts
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:models --operation Create --topic platestream.models
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:models --operation Create --topic platestream.artifacts
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:models --operation Read --topic platestream.shadow

# registry
if [ ! -s "$CLIENTS/registry.password" ]; then
  head -c 24 /dev/urandom | base64 | tr -d '/+=\n' > "$CLIENTS/registry.password"
fi
PASSWORD=$(cat "$CLIENTS/registry.password")
kafka-configs.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --alter --add-config "SCRAM-SHA-512=[password=$PASSWORD]" --entity-type users --entity-name registry
cat > "$CLIENTS/registry.properties" <<EOF
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="registry" password="$PASSWORD";
ssl.truststore.type=PKCS12
ssl.truststore.location=$CLIENTS/truststore.p12
ssl.truststore.password=$TRUSTSTORE_PASSWORD
EOF
chown 1000 "$CLIENTS/registry.properties" "$CLIENTS/registry.password"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:registry --operation All --topic _schemas
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:registry --operation Read --group schema-registry --resource-pattern-type prefixed
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add --allow-principal User:registry --operation IdempotentWrite --cluster
echo "Kafka users, ACLs and topics are set up"
