#!/usr/bin/env bash
# Runs the benchmarks against the local broker (set up if needed), for example:
#   scripts/benchmark.sh throughput payloads publish prefetch
# Options such as --messages=20000 --rounds=1 pass through. Results are printed and written to benchmarks/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/rabbitmq.sh up
./mvnw -q -B -Pbenchmarks -pl benchmarks -am package -DskipTests
./mvnw -q -B -f benchmarks/perf-test/pom.xml dependency:build-classpath \
  -Dmdep.outputFile=target/perf-test.classpath
java "-Dmmate.benchmarks.perf-test-classpath=$(cat benchmarks/perf-test/target/perf-test.classpath)" \
  -jar benchmarks/target/benchmarks.jar "${@:-throughput}"
