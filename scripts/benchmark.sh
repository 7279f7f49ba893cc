#!/usr/bin/env bash
# Runs the benchmarks against the local broker (set up if needed), for example: scripts/benchmark.sh publish
# Results are printed and written to benchmarks/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/rabbitmq.sh up
./mvnw -q -B -Pbenchmarks -pl benchmarks -am package -DskipTests
java -jar benchmarks/target/benchmarks.jar "${@:-publish}"
