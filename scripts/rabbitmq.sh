#!/usr/bin/env bash
# Makes a RabbitMQ broker available on 127.0.0.1:5672 (guest/guest) for the tests and the sample.
#
#   scripts/rabbitmq.sh up      reuse a broker that answers, else start an installed one,
#                               else (as root on Debian) install rabbitmq-server with apt and start it
#   scripts/rabbitmq.sh down    stop a broker that this script can control
#   scripts/rabbitmq.sh status  say whether a broker answers
#
# Idempotent: running "up" twice leaves one broker. Every step says what it did.
set -euo pipefail

HOST=127.0.0.1
PORT=5672
# Broker plugins the project uses: consistent hashing feeds partitioned queues.
PLUGINS=(rabbitmq_consistent_hash_exchange)

say() { printf 'rabbitmq.sh: %s\n' "$*"; }
fail() { printf 'rabbitmq.sh: ERROR: %s\n' "$*" >&2; exit 1; }

answers() { (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; }

wait_for_port() {
  local deadline=$((SECONDS + 90))
  until answers; do
    ((SECONDS < deadline)) || return 1
    sleep 1
  done
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo "$@"; else return 1; fi
}

install_broker() {
  command -v apt-get >/dev/null || fail "no broker on $HOST:$PORT, rabbitmq-server is not installed and this is not a Debian-like system. Install RabbitMQ 3.10+ and start it on $HOST:$PORT (guest/guest), or run the tests where Docker is available (Testcontainers)."
  as_root true || fail "no broker on $HOST:$PORT and rabbitmq-server is not installed; installing it needs root. Run: sudo apt-get install -y rabbitmq-server && sudo rabbitmq-server -detached"
  say "installing rabbitmq-server with apt-get"
  as_root apt-get update -qq
  # The package's service start is refused in containers (policy-rc.d); we start it ourselves below.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rabbitmq-server >/dev/null
  say "installed $(dpkg-query -W -f='rabbitmq-server ${Version}' rabbitmq-server 2>/dev/null || echo rabbitmq-server)"
}

enable_plugins() {
  command -v rabbitmq-plugins >/dev/null || { say "rabbitmq-plugins not found: not enabling ${PLUGINS[*]} (enable them on your broker yourself)"; return 0; }
  if as_root rabbitmq-plugins --offline enable "${PLUGINS[@]}" >/dev/null 2>&1; then
    say "plugins enabled: ${PLUGINS[*]}"
  else
    say "could not enable ${PLUGINS[*]} here: enable them on your broker yourself"
  fi
}

enable_plugins_online() {
  command -v rabbitmq-plugins >/dev/null || return 0
  if as_root rabbitmq-plugins enable "${PLUGINS[@]}" >/dev/null 2>&1; then
    say "plugins enabled on the running broker: ${PLUGINS[*]}"
  else
    say "the running broker is not controllable from here; make sure these plugins are enabled: ${PLUGINS[*]}"
  fi
}

up() {
  if answers; then
    say "a broker already answers on $HOST:$PORT: reusing it"
    enable_plugins_online
    return 0
  fi
  command -v rabbitmq-server >/dev/null || install_broker
  enable_plugins
  say "starting rabbitmq-server"
  as_root rabbitmq-server -detached || fail "rabbitmq-server -detached failed; see /var/log/rabbitmq/"
  wait_for_port || fail "rabbitmq-server did not answer on $HOST:$PORT within 90 s; see /var/log/rabbitmq/"
  as_root rabbitmqctl await_startup >/dev/null 2>&1 || true
  say "broker up on $HOST:$PORT (guest/guest)"
}

down() {
  if ! answers; then say "no broker answers on $HOST:$PORT"; return 0; fi
  command -v rabbitmqctl >/dev/null || fail "a broker answers on $HOST:$PORT but rabbitmqctl is not installed here: stop it where it runs"
  as_root rabbitmqctl shutdown >/dev/null
  say "broker stopped"
}

case "${1:-up}" in
  up) up ;;
  down) down ;;
  status) if answers; then say "a broker answers on $HOST:$PORT"; else say "no broker on $HOST:$PORT"; exit 1; fi ;;
  *) fail "usage: $0 [up|down|status]" ;;
esac
