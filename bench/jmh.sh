#!/usr/bin/env bash
# The JMH benchmark of one hook's work without HTTP (bench/README.md). Arguments go to JMH, e.g.
#   bench/jmh.sh -p resources=60            (one record size, about a minute)
#   bench/jmh.sh -prof gc                   (allocation per evaluation)
set -euo pipefail
cd "$(dirname "$0")/.."

# test-compile runs JMH's annotation processor, which writes the benchmark list
mvn -q -B -ntp -DskipTests test-compile
classpath=target/bench/classpath.txt
if [[ ! -s "$classpath" || pom.xml -nt "$classpath" ]]; then
  mkdir -p target/bench
  mvn -q -B -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath"
fi
exec java -cp "target/test-classes:target/classes:$(cat "$classpath")" org.openjdk.jmh.Main '(CqlEvaluation|RequestReading)Benchmark' "$@"
