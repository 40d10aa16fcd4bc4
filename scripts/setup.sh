#!/bin/sh
# Installs what moot needs on a Debian machine; safe to run again.
# With --test it also installs what the test suite needs (Chromium, Firefox ESR, gcc, slapd,
# openssl, iproute2, php-cli, ruby, postgresql, sip-tester, sox, coturn, redis-server).
set -e
cd "$(dirname "$0")/.."

need=""
command -v janus >/dev/null 2>&1 || need="$need janus"
command -v janus-pp-rec >/dev/null 2>&1 || need="$need janus-tools"
command -v ffmpeg >/dev/null 2>&1 || need="$need ffmpeg"
# Recordings show the shared slides: their pages are drawn with poppler's pdftoppm.
command -v pdftoppm >/dev/null 2>&1 || need="$need poppler-utils"
# The managed Janus runs on jemalloc, which gives back the memory of its short-lived threads.
ls /usr/lib/*/libjemalloc.so.2 >/dev/null 2>&1 || need="$need libjemalloc2"
if [ "$1" = "--test" ]; then
  command -v chromium >/dev/null 2>&1 || need="$need chromium"
  command -v firefox-esr >/dev/null 2>&1 || need="$need firefox-esr"
  # `ip` brings up lo in the tests' own network namespace (scripts/only-loopback.sh).
  command -v ip >/dev/null 2>&1 || need="$need iproute2"
  command -v gcc >/dev/null 2>&1 || need="$need gcc libc6-dev"
  command -v slapd >/dev/null 2>&1 || need="$need slapd ldap-utils"
  command -v openssl >/dev/null 2>&1 || need="$need openssl"
  # The BigBlueButton API is tested with the signing of PHP and Ruby integrations.
  command -v php >/dev/null 2>&1 || need="$need php-cli"
  command -v ruby >/dev/null 2>&1 || need="$need ruby"
  # The Greenlight import is tested against a real PostgreSQL, started by the test itself.
  ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need="$need postgresql"
  # Dial-in is tested with SIPp as the caller and as a provider's registrar; the phone benchmark
  # makes its tone with sox.
  command -v sipp >/dev/null 2>&1 || need="$need sip-tester"
  command -v sox >/dev/null 2>&1 || need="$need sox"
  # Relay-only participants are tested through a real TURN server.
  command -v turnserver >/dev/null 2>&1 || need="$need coturn"
  # Several server processes are tested sharing one real Redis.
  command -v redis-server >/dev/null 2>&1 || need="$need redis-server"
fi
if [ -n "$need" ]; then
  echo "moot setup: installing Debian packages:$need"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $need
fi

# npm install only when the lock file changed since the last install.
stamp=node_modules/.moot-install-stamp
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  echo "moot setup: installing npm packages"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
  touch "$stamp"
fi
