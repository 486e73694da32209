#!/usr/bin/env bash
# Start the local RabbitMQ (and PostgreSQL, for the tests) when installed but stopped.
# With INSTALL_MISSING=1 (CI), install them from Debian's packages when absent.
set -euo pipefail

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  local port=$1 name=$2
  for _ in $(seq 1 60); do port_open "$port" && return 0; sleep 1; done
  echo "$name did not open port $port within 60 s" >&2
  return 1
}

install_pkgs() {
  if [ "${INSTALL_MISSING:-0}" = "1" ] && command -v apt-get >/dev/null; then
    echo "installing $* from Debian's packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    return 1
  fi
}

if ! port_open 5672; then
  if ! command -v rabbitmq-server >/dev/null; then
    install_pkgs rabbitmq-server || {
      echo "RabbitMQ is not installed. Install it with: sudo apt-get install rabbitmq-server" >&2
      exit 1; }
  fi
  echo "starting RabbitMQ"
  rabbitmq-server -detached >/dev/null 2>&1 || true
  wait_port 5672 RabbitMQ
fi

if [ "${NEED_POSTGRES:-0}" = "1" ] && ! port_open 5432; then
  if ! command -v pg_ctlcluster >/dev/null; then
    install_pkgs postgresql || {
      echo "PostgreSQL is not installed. Install it with: sudo apt-get install postgresql" >&2
      exit 1; }
  fi
  version=$(ls /etc/postgresql | sort -V | tail -1)
  hba=/etc/postgresql/$version/main/pg_hba.conf
  # The tests connect as postgres over loopback without a password, as on the dev machines.
  if [ -w "$hba" ] && ! grep -q "contest-tests" "$hba"; then
    sed -i '1i host all all 127.0.0.1/32 trust # contest-tests' "$hba"
  fi
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  wait_port 5432 PostgreSQL
fi
