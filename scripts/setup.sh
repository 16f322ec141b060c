#!/usr/bin/env bash
# Installs everything sluice needs on a fresh Debian/Ubuntu machine: Java 17 for DynamoDB Local
# and Chromium for the console's browser test (each only if missing; SLUICE_SKIP_CHROMIUM=1 skips
# Chromium), the local connector peers (kcat, mosquitto, redis-server) and the npm dependencies
# from the lockfile.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v java >/dev/null 2>&1; then
  echo "• java not found: installing openjdk-17-jre-headless (DynamoDB Local needs Java 17+)"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  if command -v apt-get >/dev/null 2>&1; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq openjdk-17-jre-headless >/dev/null
  else
    echo "error: no apt-get here. Install any Java 17+ runtime so that 'java' is on PATH, then re-run." >&2
    exit 2
  fi
fi
java -version 2>&1 | head -1 | sed 's/^/• /'

# The console's browser test drives Debian's Chromium (never a downloaded browser).
if ! command -v chromium >/dev/null 2>&1 && [ "${SLUICE_SKIP_CHROMIUM:-}" != "1" ]; then
  echo "• chromium not found: installing Debian's chromium (for the console's browser test)"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  if command -v apt-get >/dev/null 2>&1; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  else
    echo "warning: no apt-get here; install Chromium at /usr/bin/chromium (or set SLUICE_CHROMIUM) to run the browser test" >&2
  fi
fi

# The local peers of the Kafka and MQTT connectors (and the Redis sink): librdkafka's mock cluster
# through kcat, mosquitto (MQTT 5) and redis-server, from Debian (each only if missing).
missing=()
command -v kcat >/dev/null 2>&1 || missing+=(kcat)
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || missing+=(mosquitto)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  echo "• installing the local connector peers: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  if command -v apt-get >/dev/null 2>&1; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "warning: no apt-get here; install ${missing[*]} to run the Kafka/MQTT/Redis connectors locally" >&2
  fi
fi

echo "• npm ci"
npm ci --no-audit --no-fund --loglevel=error
echo "• setup done"
