#!/bin/sh
# Makes the compose file's TLS identities once: a self-signed key for the Kafka broker and one
# for the dashboard, and a trust store with the broker's certificate for every Kafka client.
# Replace them with your own CA's (same file names) for anything beyond a single host.
set -eu
TLS=/etc/platestream/tls
CLIENTS=/etc/platestream/kafka
umask 077
if [ -s "$TLS/store.password" ]; then
  echo "TLS identities already made"
  exit 0
fi
head -c 24 /dev/urandom | base64 | tr -d '/+=\n' > "$TLS/store.password"
PASSWORD=$(cat "$TLS/store.password")
keytool -genkeypair -alias kafka -keyalg RSA -keysize 2048 -validity 825 -dname CN=kafka \
  -ext SAN=dns:kafka,dns:localhost -storetype PKCS12 -keystore "$TLS/kafka.p12" -storepass "$PASSWORD"
keytool -exportcert -alias kafka -keystore "$TLS/kafka.p12" -storepass "$PASSWORD" -file "$TLS/kafka.crt"
# The trust store holds only a public certificate: its own password may be read by every client.
head -c 24 /dev/urandom | base64 | tr -d '/+=\n' > "$CLIENTS/truststore.password"
keytool -importcert -noprompt -alias kafka -file "$TLS/kafka.crt" -storetype PKCS12 \
  -keystore "$CLIENTS/truststore.p12" -storepass "$(cat "$CLIENTS/truststore.password")"
keytool -genkeypair -alias dashboard -keyalg RSA -keysize 2048 -validity 825 -dname CN=localhost \
  -ext SAN=dns:localhost,ip:127.0.0.1 -storetype PKCS12 -keystore "$TLS/dashboard.p12" -storepass "$PASSWORD"
# The broker (uid 1000 in the Kafka image) and the dashboard (10001) read their own key stores.
chown 1000 "$TLS/kafka.p12" "$TLS/store.password"
cp "$TLS/store.password" "$TLS/dashboard.password"
chown 10001 "$TLS/dashboard.p12" "$TLS/dashboard.password"
chmod 644 "$CLIENTS/truststore.p12" "$CLIENTS/truststore.password"
echo "TLS identities made in $TLS"
