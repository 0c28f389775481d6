#!/usr/bin/env bash
# Installs what the hub and its tests need on a fresh machine: npm packages and, when it is
# missing, redis-server from Debian's packages. Safe to run again; does nothing that is done.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v redis-server >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing redis-server from Debian's packages" >&2
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
      if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
        echo "setup: redis-server is missing and this user is not root; run: sudo apt-get install -y redis-server" >&2
        exit 1
      fi
    fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends redis-server >/dev/null
    # The hub runs its own private redis-server; the distribution's system service is not needed.
    ($SUDO systemctl disable --now redis-server >/dev/null 2>&1 || $SUDO service redis-server stop >/dev/null 2>&1 || true)
  else
    echo "setup: redis-server is missing. Install Redis 7 (https://redis.io/docs/latest/operate/oss_and_stack/install/) or set REDIS_URL to an existing Redis." >&2
    exit 1
  fi
fi

# Install npm packages when they are missing or older than the lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages" >&2
  # npm ci installs exactly the lock file; if this npm judges the lock out of step (npm majors
  # disagree about optional platform packages), fall back to npm install rather than fail.
  if ! npm ci --no-audit --no-fund --loglevel=error; then
    echo "setup: npm ci refused the lock file; falling back to npm install" >&2
    npm install --no-audit --no-fund --loglevel=error
  fi
fi
