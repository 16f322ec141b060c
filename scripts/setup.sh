#!/usr/bin/env bash
# Installs everything sluice needs on a fresh Debian/Ubuntu machine: Java 17 for DynamoDB Local
# (only if `java` is missing) and the npm dependencies from the lockfile.
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

echo "• npm ci"
npm ci --no-audit --no-fund --loglevel=error
echo "• setup done"
