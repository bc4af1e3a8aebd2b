#!/usr/bin/env bash
# The HTTP benchmark (bench/README.md): builds the jar if the sources changed and its
# class-data archive (docker/cds-archive.sh, as the Docker image does), starts it on a free loopback
# port in the bench profile (which has the floor endpoint; HttpBenchmark includes it on the service's
# command line), measures, and writes bench/results/latest.md.
# Knobs: BENCH_ROUNDS (default 5), BENCH_SECONDS per round (2), BENCH_SERVICE_OPTS (extra JVM
# options for the service, e.g. a JFR recording). About six minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=$(ls target/mcrpc-cds-hooks-*.jar 2>/dev/null | head -n 1 || true)
if [[ -z "$jar" || -n "$(find src cql fhir-resources pom.xml -newer "$jar" -print -quit)" ]]; then
  echo "[bench] building: mvn -q -DskipTests package" >&2
  mvn -q -B -ntp -DskipTests package
  jar=$(ls target/mcrpc-cds-hooks-*.jar | head -n 1)
fi
# the class-data archive the image starts with (docker/Dockerfile), remade with the jar; one per JVM,
# since an archive fits only the JVM that made it (run under another JDK: put its bin/ first in PATH)
java_version=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.runtime\.version = //p')
cds=target/bench/cds/${java_version:-unknown}
if [[ ! -s "$cds/app.jsa" || "$jar" -nt "$cds/app.jsa" ]]; then
  echo "[bench] building the class-data archive: docker/cds-archive.sh" >&2
  docker/cds-archive.sh "$jar" "$cds" > /dev/null
fi
# the load generator is test code (HdrHistogram is a test dependency): run it from the build's classes
classpath=target/bench/classpath.txt
if [[ ! -s "$classpath" || pom.xml -nt "$classpath" ]]; then
  mkdir -p target/bench
  mvn -q -B -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath"
fi

# the build's label; bench/results/ is the benchmark's own output and does not make a build dirty
label=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n "$(git status --porcelain -- . ':!bench/results' 2>/dev/null)" ]]; then
  label="$label with local changes"
fi

# the service runs with the image's JVM options (docker/Dockerfile) in the memory the Kubernetes
# manifest gives it (1 GiB): the heap, the collector and the archive are the ones operators run
image_options=$(sed -n 's/.*JAVA_TOOL_OPTIONS="\([^"]*\)".*/\1/p' docker/Dockerfile)
if [[ -z "$image_options" ]]; then
  echo "[bench] docker/Dockerfile sets no JAVA_TOOL_OPTIONS" >&2
  exit 1
fi

exec java -Xmx512m \
  -Dbench.rounds="${BENCH_ROUNDS:-5}" -Dbench.seconds="${BENCH_SECONDS:-2}" \
  -Dbench.serviceOptions="-XX:MaxRAM=1g $image_options ${BENCH_SERVICE_OPTS:-}" -Dbench.cds="$cds" \
  -cp "target/test-classes:target/classes:$(cat "$classpath")" \
  org.mcrpccds.bench.HttpBenchmark "$jar" bench/results/latest.md "$label"
