#!/usr/bin/env bash
# Makes a RabbitMQ broker available on 127.0.0.1:5672 (guest/guest) for the tests and the sample, with its
# management HTTP API on port 15672.
#
#   scripts/rabbitmq.sh up      reuse a broker that answers, else start an installed one,
#                               else (as root on Debian) install rabbitmq-server with apt and start it
#   scripts/rabbitmq.sh down    stop a broker that this script can control
#   scripts/rabbitmq.sh status  say whether a broker answers
#
# A local three-node cluster for failover tests, next to the broker above (which it never touches):
#
#   scripts/rabbitmq.sh cluster up       start nodes mmate-1..3@localhost (AMQP on 127.0.0.1:5673, 5674, 5675,
#                                        management HTTP API on 127.0.0.1:15673, 15674, 15675, guest/guest) and
#                                        cluster 2 and 3 with 1; reuses nodes that run
#   scripts/rabbitmq.sh cluster down     stop the three nodes and delete their data and logs
#   scripts/rabbitmq.sh cluster status   each node's state and the cluster's members;
#                                        exit 0 when all three run in one cluster, 1 when none runs, else 2
#   scripts/rabbitmq.sh cluster kill N   SIGKILL node N's Erlang VM, as a crash would
#   scripts/rabbitmq.sh cluster stop N   stop node N gracefully, as in a rolling restart
#   scripts/rabbitmq.sh cluster start N  start node N again (it keeps its data) and wait until it has rejoined
#
# Idempotent: running "up" twice leaves one broker (or one cluster). Every step says what it did.
set -euo pipefail

HOST=127.0.0.1
PORT=5672
# The management plugin's HTTP API (RabbitMQ's default port), which the health indicator reads the cluster from.
MANAGEMENT_PORT=15672
# Broker plugins the project uses: consistent hashing feeds partitioned queues; management serves the HTTP API.
PLUGINS=(rabbitmq_consistent_hash_exchange rabbitmq_management)

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

port_answers() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# Waits up to $2 seconds until port $1 accepts connections.
await_port() {
  local deadline=$((SECONDS + $2))
  until port_answers "$1"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

# The management plugin starts its HTTP listener a moment after the plugin is reported enabled.
await_management() {
  await_port "$MANAGEMENT_PORT" 30 || fail "the management API does not answer on $HOST:$MANAGEMENT_PORT 30 s after rabbitmq_management was enabled; see /var/log/rabbitmq/"
  say "management API on http://$HOST:$MANAGEMENT_PORT"
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
    await_management
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
  await_management
}

down() {
  if ! answers; then say "no broker answers on $HOST:$PORT"; return 0; fi
  command -v rabbitmqctl >/dev/null || fail "a broker answers on $HOST:$PORT but rabbitmqctl is not installed here: stop it where it runs"
  as_root rabbitmqctl shutdown >/dev/null
  say "broker stopped"
}

# ----------------------------------------------------------------------------------------------------------------
# The local cluster. Node N is mmate-N@localhost: AMQP on 127.0.0.1:(5672+N), the management HTTP API on
# 127.0.0.1:(15672+N), Erlang distribution on 25672+N, and its configuration, data, logs and pid file in
# $CLUSTER_DIR/node-N. Nodes and CLI calls run as the rabbitmq user with a clean environment, so they share its Erlang
# cookie and nothing of the broker above leaks in (its /etc/rabbitmq/rabbitmq-env.conf, rabbitmq.conf and
# enabled_plugins are not read).

CLUSTER_SIZE=3
CLUSTER_USER=rabbitmq
CLUSTER_DIR=/var/lib/rabbitmq/mmate-cluster

node_name() { printf 'mmate-%s@localhost' "$1"; }
amqp_port() { echo $((PORT + $1)); }
dist_port() { echo $((PORT + 20000 + $1)); }
management_port() { echo $((MANAGEMENT_PORT + $1)); }
node_dir() { printf '%s/node-%s' "$CLUSTER_DIR" "$1"; }
node_answers() { port_answers "$(amqp_port "$1")"; }
now_us() { echo "${EPOCHREALTIME/./}"; }
since() { local us=$(($(now_us) - $1)); printf '%d.%d s' $((us / 1000000)) $((us % 1000000 / 100000)); }

# Runs a command as the rabbitmq user, in its home (where the shared Erlang cookie lives), with a clean environment.
as_rabbitmq() {
  local home
  home=$(getent passwd "$CLUSTER_USER" | cut -d: -f6)
  local clean=(env -i HOME="$home" PATH="$PATH" LANG=C.UTF-8 LC_ALL=C.UTF-8)
  if [ "$(id -un)" = "$CLUSTER_USER" ]; then
    (cd "$home" && "${clean[@]}" "$@")
  elif [ "$(id -u)" = 0 ]; then
    (cd "$home" && runuser -u "$CLUSTER_USER" -- "${clean[@]}" "$@")
  else
    (cd "$home" && sudo -n -u "$CLUSTER_USER" "${clean[@]}" "$@")
  fi
}

# The package's own scripts: Debian's /usr/sbin wrappers would switch users again and redirect the output.
rabbitmq_tool() {
  if [ -x "/usr/lib/rabbitmq/bin/$1" ]; then echo "/usr/lib/rabbitmq/bin/$1"; else command -v "$1"; fi
}

ctl() { local n=$1; shift; as_rabbitmq "$(rabbitmq_tool rabbitmqctl)" -n "$(node_name "$n")" "$@"; }

cluster_preflight() {
  if [ -z "$(rabbitmq_tool rabbitmq-server)" ]; then
    command -v apt-get >/dev/null || fail "the cluster needs rabbitmq-server, which is not installed, and this is not a Debian-like system: install RabbitMQ 3.10+ (server and CLI tools) first"
    as_root true || fail "the cluster needs rabbitmq-server, which is not installed; installing it needs root. Run: sudo apt-get install -y rabbitmq-server"
    install_broker
  fi
  getent passwd "$CLUSTER_USER" >/dev/null || fail "there is no '$CLUSTER_USER' user, which the cluster's nodes run as: reinstall rabbitmq-server (apt-get install --reinstall rabbitmq-server)"
  if [ "$(id -un)" != "$CLUSTER_USER" ] && [ "$(id -u)" != 0 ] && ! { command -v sudo >/dev/null && sudo -n true 2>/dev/null; }; then
    fail "the cluster's nodes run as the '$CLUSTER_USER' user: run this script as root, as $CLUSTER_USER or with password-less sudo"
  fi
  # Nodes started together would each create a cookie of their own when there is none yet.
  # shellcheck disable=SC2016 # $HOME is the rabbitmq user's, expanded by its shell
  if ! as_rabbitmq sh -c 'test -s "$HOME/.erlang.cookie"'; then
    as_rabbitmq sh -c 'umask 077 && tr -dc A-Z </dev/urandom | head -c 20 >"$HOME/.erlang.cookie" && chmod 400 "$HOME/.erlang.cookie"' \
      || fail "could not create the Erlang cookie of the '$CLUSTER_USER' user"
    say "created the Erlang cookie of the '$CLUSTER_USER' user"
  fi
}

# The OS pid of node N's Erlang VM, from its pid file, when that process is the node's VM (not a stale or reused pid).
vm_pid() {
  local pid
  pid=$(as_rabbitmq cat "$(node_dir "$1")/pid" 2>/dev/null) || return 1
  is_node_vm "$1" "$pid" && echo "$pid"
}

# RabbitMQ names its node at boot, so the node's name is in the VM's environment rather than its command line.
is_node_vm() {
  local environment
  [[ "$2" =~ ^[0-9]+$ ]] || return 1
  environment=$(as_rabbitmq cat "/proc/$2/environ" 2>/dev/null | tr '\0' '\n') || return 1
  grep -qx "RABBITMQ_NODENAME=$(node_name "$1")" <<<"$environment"
}

# Nodes as node N sees them: "all" members or the "all_running" ones, one name a line.
members() { { ctl "$1" -q eval "rabbit_nodes:$2()." 2>/dev/null || true; } | { grep -o 'mmate-[0-9]*@localhost' || true; } | sort -u; }

# The nodes whose AMQP port answers, one name a line.
answering_nodes() {
  local n
  for n in $(seq "$CLUSTER_SIZE"); do
    if node_answers "$n"; then node_name "$n"; echo; fi
  done | sort -u
}

any_vm_runs() {
  local n
  for n in $(seq "$CLUSTER_SIZE"); do vm_pid "$n" >/dev/null && return 0; done
  return 1
}

complete_on_disk() {
  local n
  for n in $(seq "$CLUSTER_SIZE"); do [ -d "$(node_dir "$n")/mnesia/$(node_name "$n")" ] || return 1; done
}

ports_free() {
  local n=$1
  ! node_answers "$n" || fail "port $(amqp_port "$n") is taken by another program, so node $(node_name "$n") cannot listen there: stop that program"
  ! port_answers "$(dist_port "$n")" || fail "port $(dist_port "$n") is taken by another program, so node $(node_name "$n") cannot use it for Erlang distribution: stop that program"
  ! port_answers "$(management_port "$n")" || fail "port $(management_port "$n") is taken by another program, so node $(node_name "$n") cannot serve its management API there: stop that program"
}

# Directories and configuration of node N; its data, if any, stays.
prepare_node() {
  local n=$1 dir plugins
  dir=$(node_dir "$n")
  as_rabbitmq mkdir -p "$dir/mnesia" "$dir/log"
  as_rabbitmq tee "$dir/rabbitmq-env.conf" >/dev/null <<CONF
# Node $(node_name "$n"): scripts/rabbitmq.sh sets everything in the environment; this file keeps
# /etc/rabbitmq/rabbitmq-env.conf, which belongs to the broker on $HOST:$PORT, from being read.
CONF
  as_rabbitmq tee "$dir/rabbitmq.conf" >/dev/null <<CONF
# Node $(node_name "$n") of the local cluster (scripts/rabbitmq.sh cluster).
cluster_name = mmate-local
# guest/guest may log in from the loopback interface only (RabbitMQ's default, stated here).
loopback_users.guest = true
# The management HTTP API, on a port of its own next to the broker's 15672.
management.tcp.ip = $HOST
management.tcp.port = $(management_port "$n")
# A node without data joins the first node's cluster as it boots; a node with data keeps the cluster it has.
cluster_formation.peer_discovery_backend = classic_config
cluster_formation.classic_config.nodes.1 = $(node_name 1)
CONF
  plugins=$(IFS=,; echo "${PLUGINS[*]}")
  echo "[$plugins]." | as_rabbitmq tee "$dir/enabled_plugins" >/dev/null
}

launch_node() {
  local n=$1 dir
  dir=$(node_dir "$n")
  as_rabbitmq rm -f "$dir/pid"
  as_rabbitmq env \
    RABBITMQ_NODENAME="$(node_name "$n")" \
    RABBITMQ_NODE_IP_ADDRESS="$HOST" \
    RABBITMQ_NODE_PORT="$(amqp_port "$n")" \
    RABBITMQ_DIST_PORT="$(dist_port "$n")" \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
    RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq-env.conf" \
    RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" \
    RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" \
    RABBITMQ_MNESIA_BASE="$dir/mnesia" \
    RABBITMQ_LOG_BASE="$dir/log" \
    RABBITMQ_PID_FILE="$dir/pid" \
    "$(rabbitmq_tool rabbitmq-server)" -detached \
    || fail "rabbitmq-server -detached failed for node $(node_name "$n"); see $dir/log/"
}

# Nodes started here read PLUGINS from their enabled_plugins file; a node that ran before may predate a new one.
ensure_plugins() {
  local n=$1 plugins=(env RABBITMQ_ENABLED_PLUGINS_FILE="$(node_dir "$1")/enabled_plugins" "$(rabbitmq_tool rabbitmq-plugins)" -n "$(node_name "$1")" -q)
  as_rabbitmq "${plugins[@]}" is_enabled "${PLUGINS[@]}" >/dev/null 2>&1 && return 0
  as_rabbitmq "${plugins[@]}" enable "${PLUGINS[@]}" >/dev/null 2>&1 \
    || fail "could not enable ${PLUGINS[*]} on $(node_name "$n"); see $(node_dir "$n")/log/"
  say "plugins enabled on $(node_name "$n"): ${PLUGINS[*]}"
}

# A running node can be reused when it read a configuration with a management port of its own at boot; otherwise the
# management plugin would take the broker's port.
check_reusable() {
  as_rabbitmq grep -q '^management.tcp.port' "$(node_dir "$1")/rabbitmq.conf" 2>/dev/null \
    || fail "node $(node_name "$1") runs with a configuration older than this script's (no management API port): run '$0 cluster down', then '$0 cluster up'"
}

# Waits until node N's RabbitMQ application and plugins run.
await_node() {
  ctl "$1" -q wait "$(node_dir "$1")/pid" --timeout 90 >/dev/null 2>&1 \
    || fail "node $(node_name "$1") did not start within 90 s; see $(node_dir "$1")/log/"
}

# The management plugin starts its HTTP listener a moment after the node reports itself started.
await_node_management() {
  await_port "$(management_port "$1")" 30 \
    || fail "the management API of node $(node_name "$1") does not answer on $HOST:$(management_port "$1") within 30 s; see $(node_dir "$1")/log/"
}

# Whether node N counts node 1 among its cluster's members; a node that cannot be asked is not joined (a join resets it).
clustered_with_first() {
  local known
  known=$(members "$1" all)
  [ -n "$known" ] || fail "could not ask node $(node_name "$1") for its cluster's members; see $(node_dir "$1")/log/"
  grep -x "$(node_name 1)" <<<"$known" >/dev/null
}

join_node() {
  local n=$1 seed output
  seed=$(node_name 1)
  say "joining $(node_name "$n") to $seed"
  # The CLI reports a fresh node's routine feature-flag and connection-tracking notices on stderr: shown on failure only.
  output=$( { ctl "$n" -q stop_app && ctl "$n" -q reset && ctl "$n" -q join_cluster "$seed" && ctl "$n" -q start_app; } 2>&1) \
    || { printf '%s\n' "$output" >&2; fail "could not join $(node_name "$n") to $seed; see $(node_dir "$n")/log/ and $(node_dir 1)/log/"; }
}

# Waits until node N counts every node whose AMQP port answers as a running member of its cluster.
await_rejoined() {
  local n=$1 deadline=$((SECONDS + 60)) expected running
  while :; do
    expected=$(answering_nodes)
    running=$(members "$n" all_running)
    [ "$running" = "$expected" ] && return 0
    ((SECONDS < deadline)) || return 1
    sleep 1
  done
}

cluster_up() {
  cluster_preflight
  local start started=() reused=() n anew=false
  start=$(now_us)
  # Nothing runs: a whole cluster left on disk starts again (its nodes wait for each other), else it begins anew.
  if ! any_vm_runs && [ -d "$CLUSTER_DIR" ] && ! complete_on_disk; then
    say "removing an incomplete cluster left in $CLUSTER_DIR"
    as_rabbitmq rm -rf "$CLUSTER_DIR"
  fi
  [ -d "$CLUSTER_DIR" ] || anew=true
  for n in $(seq "$CLUSTER_SIZE"); do
    if vm_pid "$n" >/dev/null; then
      check_reusable "$n"
      reused+=("$n")
    else
      ports_free "$n"
      prepare_node "$n"
      launch_node "$n"
      started+=("$n")
      # A new cluster: the others find the first node running as they boot, and join it without a restart.
      if [ "$anew" = true ] && ((n == 1)); then await_node 1; fi
    fi
  done
  ((${#started[@]} == 0)) || say "started $(for n in "${started[@]}"; do node_name "$n"; echo; done | paste -sd' ')"
  ((${#reused[@]} == 0)) || say "reusing running $(for n in "${reused[@]}"; do node_name "$n"; echo; done | paste -sd' ')"
  for n in $(seq "$CLUSTER_SIZE"); do await_node "$n"; done
  for n in $(seq 2 "$CLUSTER_SIZE"); do clustered_with_first "$n" || join_node "$n"; done
  for n in "${reused[@]}"; do ensure_plugins "$n"; done
  for n in $(seq "$CLUSTER_SIZE"); do await_node_management "$n"; done
  await_rejoined 1 || fail "the nodes did not form one cluster within 60 s; see 'scripts/rabbitmq.sh cluster status' and $CLUSTER_DIR/node-*/log/"
  say "cluster up in $(since "$start"): $(cluster_addresses) (guest/guest), plugins ${PLUGINS[*]}, management API on $(management_urls)"
}

cluster_addresses() { for n in $(seq "$CLUSTER_SIZE"); do echo "$HOST:$(amqp_port "$n")"; done | paste -sd,; }
management_urls() { for n in $(seq "$CLUSTER_SIZE"); do echo "http://$HOST:$(management_port "$n")"; done | paste -sd' '; }

cluster_down() {
  cluster_preflight
  local n pid pids=()
  for n in $(seq "$CLUSTER_SIZE"); do
    pid=$(vm_pid "$n") || continue
    pids+=("$pid")
    # The nodes go down together: the data is deleted below, so no node needs to wait for the others.
    { ctl "$n" -q shutdown >/dev/null 2>&1 || { say "node $(node_name "$n") did not shut down: killing its VM"; as_rabbitmq kill -KILL "$pid"; }; } &
  done
  wait
  for pid in "${pids[@]}"; do
    ! [ -e "/proc/$pid" ] || fail "process $pid of the cluster still runs; kill it, then run '$0 cluster down' again"
  done
  if ((${#pids[@]} == 0)); then say "no cluster node runs"; else say "stopped ${#pids[@]} cluster node(s)"; fi
  if [ -d "$CLUSTER_DIR" ]; then
    as_rabbitmq rm -rf "$CLUSTER_DIR"
    say "removed $CLUSTER_DIR"
  fi
}

cluster_status() {
  local n pid state asked="" running=0 alive=0
  for n in $(seq "$CLUSTER_SIZE"); do
    if pid=$(vm_pid "$n"); then
      alive=$((alive + 1))
      if node_answers "$n"; then
        state="running (pid $pid)"; running=$((running + 1)); [ -n "$asked" ] || asked=$n
        ! port_answers "$(management_port "$n")" || state+=", management API on http://$HOST:$(management_port "$n")"
      else
        state="Erlang VM up (pid $pid), RabbitMQ not (yet) running"
      fi
    elif node_answers "$n"; then
      state="stopped, and another program holds its port"
    else
      state="stopped"
    fi
    say "$(node_name "$n") on $HOST:$(amqp_port "$n"): $state"
  done
  if [ -z "$asked" ]; then
    ((alive > 0)) || { say "the cluster is down (start it with '$0 cluster up')"; exit 1; }
    say "no node runs RabbitMQ yet (complete the cluster with '$0 cluster up')"
    exit 2
  fi
  local all up
  all=$(members "$asked" all | paste -sd' ')
  up=$(members "$asked" all_running | paste -sd' ')
  say "cluster members as $(node_name "$asked") sees them: ${all:-none}; running: ${up:-none}"
  if ((running == CLUSTER_SIZE)) && [ "$(wc -w <<<"$up")" = "$CLUSTER_SIZE" ]; then
    say "the cluster is up: $(cluster_addresses)"
  else
    say "the cluster is incomplete (complete it with '$0 cluster up')"
    exit 2
  fi
}

node_number() {
  if ! [[ "${1:-}" =~ ^[0-9]+$ ]] || (($1 < 1 || $1 > CLUSTER_SIZE)); then
    fail "name a node from 1 to $CLUSTER_SIZE, e.g. '$0 cluster $2 2'"
  fi
}

cluster_kill() {
  node_number "${1:-}" kill
  cluster_preflight
  local n=$1 pid start
  # The pid file, else the node itself tells its OS pid (a node started some other way has no pid file of ours).
  if ! pid=$(vm_pid "$n"); then
    pid=$(ctl "$n" -q eval 'os:getpid().' 2>/dev/null | tr -dc 0-9) && is_node_vm "$n" "$pid" || pid=""
  fi
  [ -n "$pid" ] || { say "node $(node_name "$n") is not running: nothing to kill"; return 0; }
  start=$(now_us)
  as_rabbitmq kill -KILL "$pid" || fail "could not send SIGKILL to process $pid of node $(node_name "$n")"
  local deadline=$((SECONDS + 30))
  while [ -e "/proc/$pid" ] || node_answers "$n"; do
    ((SECONDS < deadline)) || fail "process $pid of node $(node_name "$n") is still there 30 s after SIGKILL"
    sleep 0.1
  done
  say "killed node $(node_name "$n") (pid $pid, SIGKILL) in $(since "$start")"
}

cluster_stop() {
  node_number "${1:-}" stop
  cluster_preflight
  local n=$1 pid start
  pid=$(vm_pid "$n") || { say "node $(node_name "$n") is not running: nothing to stop"; return 0; }
  start=$(now_us)
  # A graceful stop, as in a rolling restart: the node hands its queue leaders over before it goes.
  ctl "$n" -q stop >/dev/null 2>&1 || fail "rabbitmqctl could not stop node $(node_name "$n"); kill it with '$0 cluster kill $n'"
  local deadline=$((SECONDS + 60))
  while [ -e "/proc/$pid" ] || node_answers "$n"; do
    ((SECONDS < deadline)) || fail "node $(node_name "$n") is still there 60 s after it was told to stop"
    sleep 0.1
  done
  say "stopped node $(node_name "$n") in $(since "$start")"
}

cluster_start() {
  node_number "${1:-}" start
  cluster_preflight
  local n=$1 start
  [ -d "$(node_dir "$n")/mnesia/$(node_name "$n")" ] || fail "node $(node_name "$n") has no data here: start the whole cluster with '$0 cluster up'"
  start=$(now_us)
  if vm_pid "$n" >/dev/null; then
    if node_answers "$n"; then
      say "node $(node_name "$n") already runs"
    else
      say "starting RabbitMQ in the running Erlang VM of $(node_name "$n")"
      ctl "$n" -q start_app >/dev/null 2>&1 || true
    fi
  else
    ports_free "$n"
    prepare_node "$n"
    launch_node "$n"
    say "started $(node_name "$n") on $HOST:$(amqp_port "$n")"
  fi
  await_node "$n"
  if ((n != 1)) && node_answers 1 && ! clustered_with_first "$n"; then join_node "$n"; fi
  await_node_management "$n"
  await_rejoined "$n" || fail "node $(node_name "$n") runs but has not rejoined the cluster within 60 s; see $(node_dir "$n")/log/"
  say "node $(node_name "$n") is back in the cluster ($(members "$n" all_running | paste -sd' ') running) after $(since "$start")"
}

cluster() {
  case "${1:-status}" in
    up) cluster_up ;;
    down) cluster_down ;;
    status) cluster_status ;;
    kill) cluster_kill "${2:-}" ;;
    stop) cluster_stop "${2:-}" ;;
    start) cluster_start "${2:-}" ;;
    *) fail "usage: $0 cluster up|down|status|kill N|stop N|start N" ;;
  esac
}

case "${1:-up}" in
  up) up ;;
  down) down ;;
  status) if answers; then say "a broker answers on $HOST:$PORT"; else say "no broker on $HOST:$PORT"; exit 1; fi ;;
  cluster) shift; cluster "$@" ;;
  *) fail "usage: $0 [up|down|status] | cluster up|down|status|kill N|stop N|start N" ;;
esac
