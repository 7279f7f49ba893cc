#!/usr/bin/env bash
# Writes the AsyncAPI 3.0 document of the sample order service to a file:
#   1. builds the sample and the starter (./mvnw -q -B -pl sample-order-service -am package -DskipTests),
#   2. runs the sample once with mmate.asyncapi.export-path set: it writes the document when it has started, then
#      stops (mmate.asyncapi.exit-after-export=true).
#
#   scripts/asyncapi.sh [FILE]    FILE defaults to sample-order-service/target/asyncapi.json
#
# The run needs no broker: the application starts without one. With a broker on spring.rabbitmq.*, it consumes
# nothing (mmate.listener.auto-startup=false) and announces no contracts (mmate.contracts.enabled=false).
# Any other service works the same way: run it with the two mmate.asyncapi.* properties.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/sample-order-service/target/asyncapi.json}"

say() { printf 'asyncapi.sh: %s\n' "$*"; }
fail() { printf 'asyncapi.sh: ERROR: %s\n' "$*" >&2; exit 1; }

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
command -v "$JAVA" >/dev/null 2>&1 || fail "java 17 or newer is needed: install a JDK or set JAVA_HOME"

say "building the sample: ./mvnw -q -B -pl sample-order-service -am package -DskipTests"
(cd "$ROOT" && ./mvnw -q -B -pl sample-order-service -am package -DskipTests) || fail "the build failed"
JAR=""
for candidate in "$ROOT"/sample-order-service/target/sample-order-service-*.jar; do
  case "$candidate" in *-sources.jar | *-javadoc.jar | *-tests.jar | *.original) continue ;; esac
  [ -f "$candidate" ] && JAR="$candidate" && break
done
[ -n "$JAR" ] || fail "the build produced no sample-order-service/target/sample-order-service-*.jar"

rm -f "$OUT"
say "running $(basename "$JAR") to write $OUT"
"$JAVA" -jar "$JAR" --spring.main.web-application-type=none --mmate.listener.auto-startup=false \
  --mmate.contracts.enabled=false --mmate.asyncapi.export-path="$OUT" --mmate.asyncapi.exit-after-export=true \
  --logging.level.root=WARN || fail "the application did not write the document (see its log above)"
[ -s "$OUT" ] || fail "the application ended without writing $OUT"
say "OK: wrote $OUT ($(wc -c <"$OUT") bytes)"
