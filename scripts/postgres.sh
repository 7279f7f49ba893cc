#!/usr/bin/env bash
# Makes a PostgreSQL server available on 127.0.0.1:5432 with role mmate (password mmate, LOGIN, CREATEDB) and
# database mmate owned by it, reachable with password authentication, for the outbox and inbox tests and the sample.
#
#   scripts/postgres.sh up      reuse a server that answers on 127.0.0.1:5432, else start an installed Debian cluster
#                               (pg_lsclusters / pg_ctlcluster), else (as root on Debian) install postgresql with apt
#                               and start it; then ensure the role and the database
#   scripts/postgres.sh down    stop the Debian cluster that listens on port 5432, when this script can control it
#   scripts/postgres.sh status  exit 0 when psql postgresql://mmate:mmate@127.0.0.1:5432/mmate -c 'select 1' works
#
# Idempotent: running "up" twice leaves one server, one role and one database. Every step says what it did.
set -euo pipefail

HOST=127.0.0.1
PORT=5432
ROLE=mmate
PASSWORD=mmate
DATABASE=mmate
URL="postgresql://$ROLE:$PASSWORD@$HOST:$PORT/$DATABASE"

say() { printf 'postgres.sh: %s\n' "$*"; }
fail() { printf 'postgres.sh: ERROR: %s\n' "$*" >&2; exit 1; }

answers() { (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; }

wait_for_port() {
  local deadline=$((SECONDS + 60))
  until answers; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo "$@"; else return 1; fi
}

# Runs a command as the postgres superuser (peer authentication on the local socket, Debian's default).
as_postgres() {
  if [ "$(id -un)" = postgres ]; then
    "$@"
  elif [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    sudo -n -u postgres "$@"
  fi
}

mmate_connects() { command -v psql >/dev/null && psql "$URL" -Atqc 'select 1' >/dev/null 2>&1; }

# The Debian cluster configured on port 5432, as "version name", if any.
debian_cluster() {
  command -v pg_lsclusters >/dev/null || return 1
  pg_lsclusters -h 2>/dev/null | awk -v port="$PORT" '$3 == port { print $1, $2; found = 1; exit } END { exit !found }'
}

install_server() {
  command -v apt-get >/dev/null || fail "nothing answers on $HOST:$PORT, no PostgreSQL cluster is installed and this is not a Debian-like system. Install PostgreSQL 12+ and start it on $HOST:$PORT, or set the connection yourself."
  as_root true || fail "nothing answers on $HOST:$PORT and PostgreSQL is not installed; installing it needs root. Run: sudo apt-get install -y postgresql && sudo pg_ctlcluster <version> main start"
  say "installing postgresql with apt-get"
  as_root apt-get update -qq
  # The package's service start is refused in containers (policy-rc.d); we start the cluster ourselves below.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  say "installed $(dpkg-query -W -f='postgresql ${Version}' postgresql 2>/dev/null || echo postgresql)"
}

start_server() {
  local cluster
  if ! cluster=$(debian_cluster); then
    install_server
    cluster=$(debian_cluster) || fail "postgresql is installed but no cluster is configured on port $PORT (see pg_lsclusters; create one with: pg_createcluster <version> main --port $PORT)"
  fi
  set -- $cluster
  say "starting PostgreSQL cluster $1/$2 (pg_ctlcluster $1 $2 start)"
  as_root pg_ctlcluster "$1" "$2" start || fail "pg_ctlcluster $1 $2 start failed; see /var/log/postgresql/postgresql-$1-$2.log"
  wait_for_port || fail "PostgreSQL cluster $1/$2 did not answer on $HOST:$PORT within 60 s; see /var/log/postgresql/postgresql-$1-$2.log"
  say "PostgreSQL $1/$2 up on $HOST:$PORT"
}

# Creates the role and the database when missing, through the local superuser; only possible where this script runs
# next to the server as root or postgres.
ensure_role_and_database() {
  if ! { [ "$(id -un)" = postgres ] || as_root true; } 2>/dev/null; then
    mmate_connects && { say "role $ROLE and database $DATABASE answer on $HOST:$PORT"; return 0; }
    fail "cannot become the postgres user to create role $ROLE and database $DATABASE; create them yourself: CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD'; CREATE DATABASE $DATABASE OWNER $ROLE;"
  fi
  local psql_su=(as_postgres psql -X -v ON_ERROR_STOP=1 -Atq -d postgres)
  if [ "$("${psql_su[@]}" -c "select 1 from pg_roles where rolname = '$ROLE'")" = 1 ]; then
    "${psql_su[@]}" -c "alter role $ROLE with login createdb password '$PASSWORD'"
    say "role $ROLE exists: ensured LOGIN, CREATEDB and its password"
  else
    "${psql_su[@]}" -c "create role $ROLE with login createdb password '$PASSWORD'"
    say "created role $ROLE (LOGIN, CREATEDB, password $PASSWORD)"
  fi
  if [ "$("${psql_su[@]}" -c "select 1 from pg_database where datname = '$DATABASE'")" = 1 ]; then
    "${psql_su[@]}" -c "alter database $DATABASE owner to $ROLE"
    say "database $DATABASE exists: ensured it is owned by $ROLE"
  else
    "${psql_su[@]}" -c "create database $DATABASE owner $ROLE"
    say "created database $DATABASE owned by $ROLE"
  fi
}

up() {
  if answers; then
    say "PostgreSQL already answers on $HOST:$PORT: reusing it"
  else
    start_server
  fi
  command -v psql >/dev/null || fail "psql is not installed here (apt-get install -y postgresql-client)"
  ensure_role_and_database
  if mmate_connects; then
    say "$URL answers (password authentication)"
  else
    fail "$URL does not answer: check that pg_hba.conf allows md5 or scram-sha-256 for host $HOST (Debian's default does), then reload"
  fi
}

down() {
  if ! answers; then say "nothing answers on $HOST:$PORT"; return 0; fi
  local cluster
  cluster=$(debian_cluster) || fail "PostgreSQL answers on $HOST:$PORT but no Debian cluster is configured on that port here: stop it where it runs"
  set -- $cluster
  as_root pg_ctlcluster "$1" "$2" stop || fail "pg_ctlcluster $1 $2 stop failed (needs root)"
  say "PostgreSQL cluster $1/$2 stopped"
}

status() {
  if mmate_connects; then
    say "$URL answers"
    return 0
  fi
  if answers; then
    say "PostgreSQL answers on $HOST:$PORT but $URL does not (run '$0 up')"
  else
    say "nothing answers on $HOST:$PORT (run '$0 up')"
  fi
  return 1
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) printf 'usage: %s up|down|status\n' "$0" >&2; exit 2 ;;
esac
