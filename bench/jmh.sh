#!/usr/bin/env bash
# The JMH benchmark of one hook's work without HTTP (bench/README.md). Arguments go to JMH, e.g.
#   bench/jmh.sh -p resources=60            (one record size, about a minute)
#   bench/jmh.sh -prof gc                   (allocation per evaluation)
#   bench/jmh.sh RequestReadingBenchmark.readRequest -p resources=60   (one benchmark: a pattern first)
set -euo pipefail
cd "$(dirname "$0")/.."

# test-compile runs JMH's annotation processor, which writes the benchmark list
mvn -q -B -ntp -DskipTests test-compile
classpath=target/bench/classpath.txt
if [[ ! -s "$classpath" || pom.xml -nt "$classpath" ]]; then
  mkdir -p target/bench
  mvn -q -B -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath"
fi
# a first argument that is not an option selects the benchmarks (JMH would run those matching any
# pattern, so the default one is given only when there is no other)
pattern='(CqlEvaluation|RequestReading)Benchmark'
if [[ $# -gt 0 && "$1" != -* ]]; then
  pattern=$1
  shift
fi
exec java -cp "target/test-classes:target/classes:$(cat "$classpath")" org.openjdk.jmh.Main "$pattern" "$@"
