#!/usr/bin/env bash
# Builds a class-data-sharing (AppCDS) archive for the service, so that the JVM maps the classes of
# Spring, HAPI and the CQL engine from one file instead of finding, reading and verifying ~13,000
# of them in nested jars on every start (bench/README.md, "Startup").
#   docker/cds-archive.sh <service jar> <output dir>
# leaves <output dir>/app/<jar> (the jar extracted, with lib/) and <output dir>/app.jsa; run with
#   java -XX:SharedArchiveFile=<output dir>/app.jsa -jar <output dir>/app/<jar>
# An archive that does not fit the JVM or the jar is ignored (-Xshare:auto): the service then
# starts as it would without one, only slower. Used by docker/Dockerfile and bench/run.sh.
set -euo pipefail
jar=$(realpath "$1")
out=$(mkdir -p "$2" && realpath "$2")
java=${JAVA:-java}

rm -rf "$out/app" "$out/app.jsa" "$out/classes.lst"
"$java" -Djarmode=tools -jar "$jar" extract --destination "$out/app" > /dev/null
app="$out/app/$(basename "$jar")"

# A training start that records the classes it loads and exits once the application context is
# ready; in a scratch directory, so that the embedded database it creates is thrown away.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
(cd "$scratch" && "$java" -XX:DumpLoadedClassList="$out/classes.all" -Dspring.context.exit=onRefresh \
  -jar "$app" --server.port=0 --server.address=127.0.0.1 > "$scratch/training.log" 2>&1) || {
  echo "cds-archive: the training start failed:" >&2; tail -20 "$scratch/training.log" >&2; exit 1; }

# Java 17's static dump crashes on archived lambda proxy classes (a JVM bug:
# SystemDictionaryShared::adjust_lambda_proxy_class_dictionary, seen on 17.0.15); leaving them out
# costs little, they are spun at runtime as without an archive.
grep -v '^@lambda-proxy' "$out/classes.all" > "$out/classes.lst"
rm -f "$out/classes.all"
"$java" -Xshare:dump -XX:SharedClassListFile="$out/classes.lst" -XX:SharedArchiveFile="$out/app.jsa" \
  -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$app" > "$scratch/dump.log" 2>&1 || {
  echo "cds-archive: the dump failed:" >&2; tail -20 "$scratch/dump.log" >&2; exit 1; }
echo "$app"
