# shellcheck shell=bash
# ----------------------------------------------------------------------------------------------
# TLS: a local certificate authority (made once, kept in $TLS_DIR) and a certificate per server,
# for 127.0.0.1 and localhost, signed by it. Every client trusts that CA only (TRAVYA_TLS_CA).
# ----------------------------------------------------------------------------------------------
TLS_SERVERS=(postgres kafka redis registry)

tls_ensure() {
  mkdir -p "$TLS_DIR"
  chmod 755 "$TLS_DIR" # the certificates are public; each key is mode 600
  local log=$LOG_DIR/tls.log server
  if [[ ! -s $TLS_DIR/ca.crt || ! -s $TLS_DIR/ca.key ]]; then
    rm -f "$TLS_DIR"/*.crt "$TLS_DIR"/*.p12
    (umask 077 && openssl req -x509 -newkey rsa:3072 -nodes -sha256 -days 3650 -subj "/CN=Travya local CA ($(hostname))" \
      -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
      -keyout "$TLS_DIR/ca.key" -out "$TLS_DIR/ca.crt") >>"$log" 2>&1 ||
      { show_log_tail "$log"; die "creating the local certificate authority failed"; }
    chmod 644 "$TLS_DIR/ca.crt"
    say "tls       created the local certificate authority $(pretty_path "$TLS_DIR/ca.crt")"
  fi
  for server in "${TLS_SERVERS[@]}"; do
    [[ -s $TLS_DIR/$server.crt && -s $TLS_DIR/$server.key ]] &&
      openssl verify -CAfile "$TLS_DIR/ca.crt" "$TLS_DIR/$server.crt" >/dev/null 2>&1 && continue
    (umask 077 && openssl req -newkey rsa:2048 -nodes -subj "/CN=$server" -keyout "$TLS_DIR/$server.key" \
      -out "$TLS_DIR/$server.csr" && openssl x509 -req -sha256 -days 825 -in "$TLS_DIR/$server.csr" \
      -CA "$TLS_DIR/ca.crt" -CAkey "$TLS_DIR/ca.key" -CAcreateserial -out "$TLS_DIR/$server.crt" \
      -extfile <(printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n')) \
      >>"$log" 2>&1 || { show_log_tail "$log"; die "creating the certificate of $server failed"; }
    chmod 644 "$TLS_DIR/$server.crt"
    rm -f "$TLS_DIR/$server.csr" "$TLS_DIR/$server.p12"
  done
  # the JVM servers' and clients' stores (PKCS12): Kafka's keystore, and a truststore with the CA
  if [[ ! -s $TLS_DIR/kafka.p12 ]]; then
    (umask 077 && openssl pkcs12 -export -name kafka -in "$TLS_DIR/kafka.crt" -inkey "$TLS_DIR/kafka.key" \
      -certfile "$TLS_DIR/ca.crt" -out "$TLS_DIR/kafka.p12" -passout "pass:$(secret tls-keystore)") >>"$log" 2>&1 ||
      { show_log_tail "$log"; die "creating Kafka's keystore failed"; }
  fi
  if [[ ! -s $TLS_DIR/truststore.p12 || $TLS_DIR/ca.crt -nt $TLS_DIR/truststore.p12 ]]; then
    rm -f "$TLS_DIR/truststore.p12"
    "$(dirname "$(find_java 17 lowest)")/keytool" -importcert -noprompt -alias travya-ca -file "$TLS_DIR/ca.crt" \
      -keystore "$TLS_DIR/truststore.p12" -storetype PKCS12 -storepass "$(secret tls-truststore)" >>"$log" 2>&1 ||
      { show_log_tail "$log"; die "creating the truststore failed"; }
    chmod 644 "$TLS_DIR/truststore.p12"
  fi
}
