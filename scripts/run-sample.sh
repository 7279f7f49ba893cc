#!/usr/bin/env bash
# Runs the sample order service end to end on this machine:
#   1. makes a RabbitMQ broker available (scripts/rabbitmq.sh up),
#   2. builds and installs the project (./mvnw -q -B install -DskipTests),
#   3. starts sample-order-service in the background and waits until it is ready (/actuator/health/readiness on the
#      management port, which the sample binds to 127.0.0.1); it keeps its orders in its default database, an
#      embedded H2 file under ~/.mmate-sample that it creates when missing (nothing to install),
#   4. POSTs an order, which answers 201 once the order service has placed it and replied through the broker, then
#      GETs it back (a query through the broker),
#   5. POSTs a fulfilment of that order (the order fulfilment workflow: reserve stock, charge payment, ship), which
#      answers 202, and GETs its status until it is completed and the order shows SHIPPED; then places an order above
#      the card limit (sample.card-limit, 500) and fulfils it, until its status is compensated (the payment was
#      declined and the stock reservation released),
#   6. prints the responses and the mmate component of /actuator/health, stops the application and exits 0.
# Any failure stops the application and exits non-zero with a message saying what went wrong.
#
# Environment: SAMPLE_PORT (default 8080) is the HTTP port of the sample, SAMPLE_MANAGEMENT_PORT (default 8081) the
#              port of its actuator endpoints;
#              SAMPLE_START_TIMEOUT (default 120) is how long start-up may take, SAMPLE_ORDER_TIMEOUT (default 30)
#              how long one call to the sample may take, in seconds.
set -euo pipefail

PORT="${SAMPLE_PORT:-8080}"
MANAGEMENT_PORT="${SAMPLE_MANAGEMENT_PORT:-8081}"
START_TIMEOUT="${SAMPLE_START_TIMEOUT:-120}"
ORDER_TIMEOUT="${SAMPLE_ORDER_TIMEOUT:-30}"
BASE_URL="http://127.0.0.1:$PORT"
MANAGEMENT_URL="http://127.0.0.1:$MANAGEMENT_PORT"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/run-sample.XXXXXX")"
APP_LOG="$WORK/sample-order-service.log"
APP_PID=""

say() { printf 'run-sample.sh: %s\n' "$*"; }

fail() {
  printf 'run-sample.sh: ERROR: %s\n' "$*" >&2
  if [ -s "$APP_LOG" ]; then
    printf 'run-sample.sh: last lines of the application log (%s):\n' "$APP_LOG" >&2
    tail -n 40 "$APP_LOG" | sed 's/^/    /' >&2
  fi
  exit 1
}

app_alive() { [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; }

stop_app() {
  app_alive || return 0
  say "stopping the application (pid $APP_PID)"
  local started_ms
  started_ms=$(date +%s%3N)
  kill -TERM "$APP_PID" 2>/dev/null || true
  local deadline=$((SECONDS + 30))
  while app_alive && ((SECONDS < deadline)); do sleep 0.05; done
  app_alive || say "the application stopped in $(( $(date +%s%3N) - started_ms )) ms"
  if app_alive; then
    say "the application did not stop within 30 s: killing it"
    kill -KILL "$APP_PID" 2>/dev/null || true
  fi
  wait "$APP_PID" 2>/dev/null || true
  APP_PID=""
}

cleanup() {
  local status=$?
  stop_app
  # Keep the log of a failed run for inspection.
  if [ "$status" -ne 0 ] && [ -s "$APP_LOG" ]; then
    say "application log kept in $APP_LOG"
  else
    rm -rf "$WORK"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# --- prerequisites -------------------------------------------------------------------------------------------
command -v curl >/dev/null 2>&1 || fail "curl is needed to call the sample: install it (for example 'sudo apt-get install curl')"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
command -v "$JAVA" >/dev/null 2>&1 || fail "java 17 or newer is needed: install a JDK (for example 'sudo apt-get install openjdk-17-jdk') or set JAVA_HOME"

# --- 1. broker -----------------------------------------------------------------------------------------------
say "making a RabbitMQ broker available"
bash "$ROOT/scripts/rabbitmq.sh" up || fail "no RabbitMQ broker on 127.0.0.1:5672 (see the message of scripts/rabbitmq.sh above)"

# --- 2. build ------------------------------------------------------------------------------------------------
say "building the project: ./mvnw -q -B install -DskipTests"
(cd "$ROOT" && ./mvnw -q -B install -DskipTests) || fail "the build failed (see the Maven output above)"
JAR=""
for candidate in "$ROOT"/sample-order-service/target/sample-order-service-*.jar; do
  case "$candidate" in *-sources.jar | *-javadoc.jar | *-tests.jar) continue ;; esac
  [ -f "$candidate" ] && JAR="$candidate" && break
done
[ -n "$JAR" ] || fail "the build produced no sample-order-service/target/sample-order-service-*.jar"

# --- 3. start ------------------------------------------------------------------------------------------------
port_answers "$PORT" && fail "something already listens on port $PORT: stop it, or choose another port with SAMPLE_PORT=..."
port_answers "$MANAGEMENT_PORT" \
  && fail "something already listens on port $MANAGEMENT_PORT: stop it, or choose another port with SAMPLE_MANAGEMENT_PORT=..."
say "starting $(basename "$JAR") on port $PORT, actuator on 127.0.0.1:$MANAGEMENT_PORT (log: $APP_LOG)"
"$JAVA" -jar "$JAR" --server.port="$PORT" --management.server.port="$MANAGEMENT_PORT" >"$APP_LOG" 2>&1 &
APP_PID=$!

# Ready means: Spring Boot says it started and the readiness group answers 200, which includes the mmate health
# component: the broker is reachable and the service queue has its consumer, so a command sent now is handled.
say "waiting up to ${START_TIMEOUT} s for the application to be ready"
deadline=$((SECONDS + START_TIMEOUT))
until grep -q 'Started OrderServiceApplication' "$APP_LOG" 2>/dev/null \
    && curl -sf -o /dev/null --max-time 2 "$MANAGEMENT_URL/actuator/health/readiness"; do
  app_alive || fail "the application exited during start-up"
  ((SECONDS < deadline)) || fail "the application did not become ready within ${START_TIMEOUT} s"
  sleep 1
done
say "the application is ready (orders in the H2 database file $HOME/.mmate-sample/order-db.mv.db)"

# --- 4. place an order and read it back ----------------------------------------------------------------------
ORDER='{"customerId":"customer-42","amount":59.97,"items":[{"sku":"MUG-001","quantity":3,"price":19.99}]}'
say "POST $BASE_URL/orders $ORDER"
POST_STATUS=$(curl -sS -o "$WORK/post.json" -w '%{http_code}' --max-time "$ORDER_TIMEOUT" \
  -H 'Content-Type: application/json' -d "$ORDER" "$BASE_URL/orders") \
  || fail "POST /orders did not get an answer"
POST_BODY=$(cat "$WORK/post.json")
[ "$POST_STATUS" = 201 ] || fail "POST /orders answered $POST_STATUS instead of 201: $POST_BODY"
ORDER_ID=$(printf '%s' "$POST_BODY" | sed -n 's/.*"orderId"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p')
[ -n "$ORDER_ID" ] || fail "POST /orders answered 201 without an orderId: $POST_BODY"
printf 'POST /orders -> %s %s\n' "$POST_STATUS" "$POST_BODY"

# The 201 came with the handler's reply, sent after it stored the order: the query finds it at once.
say "GET $BASE_URL/orders/$ORDER_ID"
GET_STATUS=$(curl -sS -o "$WORK/get.json" -w '%{http_code}' --max-time "$ORDER_TIMEOUT" "$BASE_URL/orders/$ORDER_ID") \
  || fail "GET /orders/$ORDER_ID did not get an answer"
GET_BODY=$(cat "$WORK/get.json")
[ "$GET_STATUS" = 200 ] || fail "GET /orders/$ORDER_ID answered $GET_STATUS instead of 200: $GET_BODY"
grep -q '"status":"PLACED"' "$WORK/get.json" || fail "GET /orders/$ORDER_ID did not show a placed order: $GET_BODY"
printf 'GET /orders/%s -> %s %s\n' "$ORDER_ID" "$GET_STATUS" "$GET_BODY"

# --- 5. fulfil the order, then one the card declines -----------------------------------------------------------
# Start a fulfilment of order $1 and print the 202; the instance id is left in FULFILMENT_ID.
start_fulfilment() {
  say "POST $BASE_URL/fulfilments {\"orderId\":\"$1\"}"
  local status
  status=$(curl -sS -o "$WORK/fulfilment.json" -w '%{http_code}' --max-time "$ORDER_TIMEOUT" \
    -H 'Content-Type: application/json' -d "{\"orderId\":\"$1\"}" "$BASE_URL/fulfilments") \
    || fail "POST /fulfilments did not get an answer"
  local body
  body=$(cat "$WORK/fulfilment.json")
  [ "$status" = 202 ] || fail "POST /fulfilments answered $status instead of 202: $body"
  FULFILMENT_ID=$(printf '%s' "$body" | sed -n 's/.*"instanceId"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p')
  [ -n "$FULFILMENT_ID" ] || fail "POST /fulfilments answered 202 without an instanceId: $body"
  printf 'POST /fulfilments -> %s %s\n' "$status" "$body"
}

# GET the status of fulfilment $1 until it is $2 (the stages run through the broker after the 202), and print it.
await_fulfilment() {
  say "GET $BASE_URL/fulfilments/$1 until its status is $2"
  local deadline=$((SECONDS + ORDER_TIMEOUT)) status body
  while :; do
    status=$(curl -sS -o "$WORK/fulfilment.json" -w '%{http_code}' --max-time "$ORDER_TIMEOUT" \
      "$BASE_URL/fulfilments/$1") || fail "GET /fulfilments/$1 did not get an answer"
    body=$(cat "$WORK/fulfilment.json")
    [ "$status" = 200 ] || fail "GET /fulfilments/$1 answered $status instead of 200: $body"
    case "$body" in
      *"\"status\":\"$2\""*) break ;;
      *'"status":"running"'*) ;;
      # Failed with completed stages is on its way to compensated: the compensations run after the failure.
      *'"status":"failed"'*) [ "$2" = compensated ] || fail "fulfilment $1 ended, but not $2: $body" ;;
      *) fail "fulfilment $1 ended, but not $2: $body" ;;
    esac
    ((SECONDS < deadline)) || fail "fulfilment $1 was not $2 within ${ORDER_TIMEOUT} s: $body"
    sleep 0.2
  done
  printf 'GET /fulfilments/%s -> %s %s\n' "$1" "$status" "$body"
}

start_fulfilment "$ORDER_ID"
SHIPPED_ID="$FULFILMENT_ID"
await_fulfilment "$SHIPPED_ID" completed
curl -sS -o "$WORK/get.json" --max-time "$ORDER_TIMEOUT" "$BASE_URL/orders/$ORDER_ID" \
  || fail "GET /orders/$ORDER_ID did not get an answer"
grep -q '"status":"SHIPPED"' "$WORK/get.json" \
  || fail "GET /orders/$ORDER_ID did not show a shipped order after its fulfilment: $(cat "$WORK/get.json")"
printf 'GET /orders/%s -> %s\n' "$ORDER_ID" "$(cat "$WORK/get.json")"

DECLINED_ORDER='{"customerId":"customer-42","amount":600.00,"items":[{"sku":"TEE-001","quantity":40,"price":15.00}]}'
say "POST $BASE_URL/orders $DECLINED_ORDER (above the card limit)"
curl -sS -o "$WORK/post.json" --max-time "$ORDER_TIMEOUT" -H 'Content-Type: application/json' \
  -d "$DECLINED_ORDER" "$BASE_URL/orders" || fail "POST /orders did not get an answer"
DECLINED_ID=$(sed -n 's/.*"orderId"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$WORK/post.json")
[ -n "$DECLINED_ID" ] || fail "POST /orders did not place the order above the card limit: $(cat "$WORK/post.json")"
start_fulfilment "$DECLINED_ID"
COMPENSATED_ID="$FULFILMENT_ID"
await_fulfilment "$COMPENSATED_ID" compensated

# --- 6. health, then done ------------------------------------------------------------------------------------
say "GET $MANAGEMENT_URL/actuator/health/mmate (the mmate component of /actuator/health)"
HEALTH_STATUS=$(curl -sS -o "$WORK/health.json" -w '%{http_code}' --max-time "$ORDER_TIMEOUT" \
  "$MANAGEMENT_URL/actuator/health/mmate") || fail "GET /actuator/health/mmate did not get an answer"
HEALTH_BODY=$(cat "$WORK/health.json")
[ "$HEALTH_STATUS" = 200 ] || fail "GET /actuator/health/mmate answered $HEALTH_STATUS: $HEALTH_BODY"
printf 'GET /actuator/health/mmate -> %s %s\n' "$HEALTH_STATUS" "$HEALTH_BODY"

HEALTH=$(printf '%s' "$HEALTH_BODY" | sed -n 's/.*"status"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p')

stop_app
say "OK: order $ORDER_ID was placed over HTTP through RabbitMQ, read back by a query and fulfilled (fulfilment $SHIPPED_ID completed); order $DECLINED_ID was declined and its fulfilment $COMPENSATED_ID compensated; mmate health is $HEALTH"
