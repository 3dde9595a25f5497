#!/usr/bin/env bash
# Generates, once, every password of the dev overlay into secrets/ (git ignores it) with the script
# docker-compose runs (infra/compose/secrets.sh), plus trip-service's signing-key encryption key.
# Idempotent: a password, once made, stays; kustomization.yaml's secretGenerator reads the files.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../../.." && pwd)
TRAVYA_SECRETS_DIR=$here/secrets TRAVYA_INFRA_DIR=$repo/infra bash "$repo/infra/compose/secrets.sh"
key=$here/secrets/trip-service/TRAVYA_SIGNING_KEY_ENCRYPTION_KEY
if [[ ! -s $key ]]; then
  (umask 077 && head -c 32 /dev/urandom | base64 -w0 >"$key")
fi
