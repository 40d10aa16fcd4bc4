#!/bin/sh
# Runs a command in a fresh network namespace whose only interface is lo, so that browser tests
# and benchmarks cannot send to any other address of this machine, nor beyond it.
# Usage: sh scripts/only-loopback.sh <command> [arguments...]
set -e
# Root makes the namespace directly; anyone else through a user namespace mapped to root.
userns=""
[ "$(id -u)" = 0 ] || userns="--map-root-user"
exec unshare $userns --net sh -c '
  set -e
  ip link set lo up
  others=$(ip -o link show | grep -v "^[0-9]*: lo:" || true)
  if [ -n "$others" ]; then
    echo "only-loopback: the namespace has interfaces other than lo: $others" >&2
    exit 1
  fi
  exec "$@"' only-loopback "$@"
