#!/usr/bin/env bash
# Installs what Fenghuo needs on Debian 12, only what is missing. Idempotent.
#   scripts/install-deps.sh            build + test dependencies and npm packages
#   scripts/install-deps.sh --bench    also the benchmark tools (wrk, nginx, PostGIS, sqlite3, mosquitto_pub)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  # build
  build-essential cmake ninja-build ccache pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libpq-dev libspdlog-dev libfmt-dev libcli11-dev libtomlplusplus-dev
  libsodium-dev libssl-dev libgeographiclib-dev libxlsxwriter-dev libzip-dev libmagic-dev
  libxml2-dev libmosquitto-dev
  # tests
  libgtest-dev libgmock-dev libbenchmark-dev postgresql-15 curl openssl
  chromium fonts-noto-cjk procps mosquitto
)
if [[ "${1:-}" == "--bench" ]]; then
  packages+=(wrk nginx-light postgresql-15-postgis-3 sqlite3 mosquitto-clients)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  # policy-rc.d keeps package scripts from starting system services (nginx, postgresql):
  # tests and benchmarks start their own instances on their own ports.
  if [[ ! -e /usr/sbin/policy-rc.d && $(id -u) -eq 0 ]]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Web app packages: npm ci only when the lock file changed since the last install.
if [[ -f web/package-lock.json ]]; then
  # Node.js is not installed here: it comes with the machine (Debian 12's own nodejs is 18,
  # too old for the web toolchain). Say so plainly instead of failing inside npm.
  if ! command -v npm >/dev/null 2>&1 ||
    ! node -e 'const [a, b] = process.versions.node.split(".").map(Number);
               process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' 2>/dev/null; then
    echo "install-deps: the web app needs Node.js >= 20.19 with npm; found" \
      "$(node --version 2>/dev/null || echo 'no node'), $(npm --version 2>/dev/null || echo 'no npm')" >&2
    exit 1
  fi
  stamp=web/node_modules/.fenghuo-lock-stamp
  if [[ ! -f "$stamp" ]] || ! cmp -s web/package-lock.json "$stamp"; then
    (cd web && npm ci --no-audit --no-fund --loglevel=error)
    cp web/package-lock.json "$stamp"
  fi
fi
