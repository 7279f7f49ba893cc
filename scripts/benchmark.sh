#!/usr/bin/env bash
# Runs the benchmarks named on the command line against the local broker (set up if needed), for example:
#   scripts/benchmark.sh throughput wire payloads requestreply inprocess publish prefetch
# and `cluster`, against the local three-node cluster (started if needed), with quorum queues:
#   scripts/benchmark.sh cluster --seconds=40 --warm-up=10 --rounds=3
# Options such as --seconds=20 --warm-up=5 --rounds=1 pass through. Results are printed and written to benchmarks/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
names=("${@:-throughput}")
scripts/rabbitmq.sh up
if [[ " ${names[*]} " == *" cluster "* ]]; then
  scripts/rabbitmq.sh cluster up
fi
# The jar plugin keeps a jar whose own classes did not change, and Spring Boot does not repackage a repackaged jar:
# without this, a change to the starter alone would be benchmarked with the starter of the previous build.
rm -f benchmarks/target/benchmarks.jar benchmarks/target/benchmarks.jar.original
./mvnw -q -B -Pbenchmarks -pl benchmarks -am package -DskipTests
# PerfTest, the ceiling of the throughput comparison, runs in a JVM of its own on its own class path.
./mvnw -q -B -f benchmarks/perf-test/pom.xml dependency:build-classpath \
  -Dmdep.outputFile=target/perf-test.classpath
# JMH forks JVMs with the class path of this one, which must be plain jars, not the nested jars of the executable jar.
java -Djarmode=tools -jar benchmarks/target/benchmarks.jar extract --force --destination benchmarks/target/extracted
java "-Dmmate.benchmarks.perf-test-classpath=$(cat benchmarks/perf-test/target/perf-test.classpath)" \
  -jar benchmarks/target/extracted/benchmarks.jar "${names[@]}"
