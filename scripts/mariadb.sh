#!/usr/bin/env bash
# Makes a MariaDB (or MySQL) server available on 127.0.0.1:3306 with database mmate and user mmate (password mmate,
# all privileges on mmate, from 127.0.0.1 and localhost), for the on-demand outbox tests on MariaDB
# (OutboxMariaDbIntegrationTests, test group "mariadb").
#
#   scripts/mariadb.sh up      reuse a server that answers on 127.0.0.1:3306, else start an installed one
#                              (service mariadb start, /etc/init.d/mariadb start, else mysqld_safe in the background),
#                              else (as root on Debian) install mariadb-server with apt and start it; then ensure the
#                              database and the user
#   scripts/mariadb.sh down    stop the server, when this script can control it
#   scripts/mariadb.sh status  exit 0 when a login as mmate to database mmate on 127.0.0.1:3306 works
#
# Idempotent: running "up" twice leaves one server, one database and one user. Every step says what it did.
set -euo pipefail

HOST=127.0.0.1
PORT=3306
USER_NAME=mmate
PASSWORD=mmate
DATABASE=mmate

say() { printf 'mariadb.sh: %s\n' "$*"; }
fail() { printf 'mariadb.sh: ERROR: %s\n' "$*" >&2; exit 1; }

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

# The command-line client: mariadb (10.4+), else mysql.
client() {
  if command -v mariadb >/dev/null; then echo mariadb; elif command -v mysql >/dev/null; then echo mysql; else return 1; fi
}

mmate_connects() {
  local c
  c=$(client) || return 1
  "$c" --protocol=TCP -h "$HOST" -P "$PORT" -u "$USER_NAME" -p"$PASSWORD" -D "$DATABASE" -Nse 'select 1' >/dev/null 2>&1
}

# SQL as the server's root, through the local socket (unix_socket authentication, Debian's default for root).
as_admin() { as_root "$(client)" -u root -Nse "$1"; }

installed() { command -v mariadbd >/dev/null || command -v mysqld >/dev/null || [ -x /usr/sbin/mariadbd ] || [ -x /usr/sbin/mysqld ]; }

install_server() {
  command -v apt-get >/dev/null || fail "nothing answers on $HOST:$PORT, no MariaDB is installed and this is not a Debian-like system. Install MariaDB 10.6+ (or MySQL 8+) and start it on $HOST:$PORT."
  as_root true || fail "nothing answers on $HOST:$PORT and MariaDB is not installed; installing it needs root. Run: sudo apt-get install -y mariadb-server && sudo service mariadb start"
  say "installing mariadb-server with apt-get"
  as_root apt-get update -qq
  # The package's service start is refused in containers (policy-rc.d); we start the server ourselves below.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server >/dev/null
  say "installed $(dpkg-query -W -f='mariadb-server ${Version}' mariadb-server 2>/dev/null || echo mariadb-server)"
}

start_server() {
  installed || install_server
  as_root true || fail "MariaDB is installed but not running, and starting it needs root. Run: sudo service mariadb start"
  if command -v service >/dev/null && [ -e /etc/init.d/mariadb ] && as_root service mariadb start >/dev/null 2>&1; then
    say "started MariaDB (service mariadb start)"
  elif [ -x /etc/init.d/mysql ] && as_root /etc/init.d/mysql start >/dev/null 2>&1; then
    say "started the server (/etc/init.d/mysql start)"
  elif command -v mysqld_safe >/dev/null; then
    as_root mkdir -p /run/mysqld
    as_root chown mysql:mysql /run/mysqld 2>/dev/null || true
    as_root sh -c 'nohup mysqld_safe >/dev/null 2>&1 &'
    say "started mysqld_safe in the background"
  else
    fail "could not start the installed server: neither service mariadb, /etc/init.d/mysql nor mysqld_safe works"
  fi
  wait_for_port || fail "the server did not answer on $HOST:$PORT within 60 s; see /var/log/mysql/ or journal output of mysqld_safe"
  say "MariaDB up on $HOST:$PORT"
}

# Creates the database and the user when missing, as the server's root on the local socket.
ensure_database_and_user() {
  if ! as_root true 2>/dev/null || ! as_admin 'select 1' >/dev/null 2>&1; then
    mmate_connects && { say "user $USER_NAME and database $DATABASE answer on $HOST:$PORT"; return 0; }
    fail "cannot log in as the server's root to create database $DATABASE and user $USER_NAME; create them yourself: CREATE DATABASE $DATABASE; CREATE USER '$USER_NAME'@'127.0.0.1' IDENTIFIED BY '$PASSWORD'; CREATE USER '$USER_NAME'@'localhost' IDENTIFIED BY '$PASSWORD'; GRANT ALL ON $DATABASE.* TO both"
  fi
  if [ "$(as_admin "select count(*) from information_schema.schemata where schema_name = '$DATABASE'")" = 1 ]; then
    say "database $DATABASE exists"
  else
    as_admin "create database $DATABASE"
    say "created database $DATABASE"
  fi
  local host
  for host in 127.0.0.1 localhost; do
    if [ "$(as_admin "select count(*) from mysql.user where user = '$USER_NAME' and host = '$host'")" = 1 ]; then
      as_admin "alter user '$USER_NAME'@'$host' identified by '$PASSWORD'"
      say "user $USER_NAME@$host exists: ensured its password"
    else
      as_admin "create user '$USER_NAME'@'$host' identified by '$PASSWORD'"
      say "created user $USER_NAME@$host (password $PASSWORD)"
    fi
    as_admin "grant all privileges on $DATABASE.* to '$USER_NAME'@'$host'"
    say "granted all privileges on $DATABASE.* to $USER_NAME@$host"
  done
}

up() {
  if answers; then
    say "a server already answers on $HOST:$PORT: reusing it"
  else
    start_server
  fi
  client >/dev/null || fail "neither the mariadb nor the mysql client is installed here (apt-get install -y mariadb-client)"
  ensure_database_and_user
  if mmate_connects; then
    say "$USER_NAME:$PASSWORD@$HOST:$PORT/$DATABASE answers ($(version))"
  else
    fail "$USER_NAME@$HOST:$PORT/$DATABASE does not answer: check that the server listens on $HOST:$PORT and the user's grants"
  fi
}

version() {
  "$(client)" --protocol=TCP -h "$HOST" -P "$PORT" -u "$USER_NAME" -p"$PASSWORD" -Nse 'select version()' 2>/dev/null
}

down() {
  if ! answers; then say "nothing answers on $HOST:$PORT"; return 0; fi
  as_root true || fail "stopping the server needs root"
  if command -v service >/dev/null && [ -e /etc/init.d/mariadb ] && as_root service mariadb stop >/dev/null 2>&1; then
    :
  elif command -v mariadb-admin >/dev/null && as_root mariadb-admin -u root shutdown >/dev/null 2>&1; then
    :
  else
    fail "could not stop the server on $HOST:$PORT from here: stop it where it runs"
  fi
  say "MariaDB stopped"
}

status() {
  if mmate_connects; then
    say "$USER_NAME:$PASSWORD@$HOST:$PORT/$DATABASE answers ($(version))"
    return 0
  fi
  if answers; then
    say "a server answers on $HOST:$PORT but the login as $USER_NAME to $DATABASE does not work (run '$0 up')"
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
