#!/usr/bin/env bash
# Replays docker/Dockerfile on a machine without a Docker engine, as far as that is possible:
#  - every stage gets a folder under a temporary root that stands for its filesystem;
#  - WORKDIR, COPY (also --from=<stage>, --chmod) and ENV are applied to those folders;
#  - RUN steps of the build stage run here, with this machine's Maven and JDK standing in for the
#    maven image (BuildKit --mount options are dropped: the local ~/.m2 is the cache);
#  - RUN steps of the runtime stage that run a script the stage holds (the class-data archive) run
#    here with their paths mapped into the stage; the others (creating the user, chown) need root
#    inside the image and are only listed, not run;
#  - then the ENTRYPOINT is started with the stage's ENV and the HEALTHCHECK command is polled
#    until it succeeds; the demo page, discovery and /fhir are fetched and one hook is called.
# Not exercised: the base images themselves, the non-root user, file ownership, BuildKit caching.
# The one deviation: the replay listens on 127.0.0.1 and a free port, not 0.0.0.0:8080.
# Usage: docker/verify-dockerfile.sh        (from anywhere; takes a few minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
CONTEXT=$PWD
ROOT=$(mktemp -d)
APP_PID=""
cleanup() {
  if [ -n "$APP_PID" ]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
  rm -rf "$ROOT"
}
trap cleanup EXIT

stage=""; build_stage=""; workdir=/; start_period=120
entrypoint=(); healthcheck=(); run_env=()
declare -A stage_names=()

# Dockerfile lines with continuations joined, comments and blank lines dropped
mapfile -t lines < <(sed -e ':a' -e '/\\$/N; s/\\\n/ /; ta' docker/Dockerfile | grep -v -E '^\s*(#|$)')

json_words() { # ["a", "b c"] -> a bash array declaration body
  local body=${1#[}; body=${body%]}
  printf '%s' "${body//\", \"/\" \"}"
}
in_stage() { printf '%s' "$ROOT/$stage$1"; }

map_paths() { # absolute paths that exist in the runtime stage folder are rewritten into it
  local word
  for word in "$@"; do
    if [[ $word == /* && -e $ROOT/$stage$word ]]; then printf '%s\n' "$ROOT/$stage$word"
    elif [[ $word == /* && -e $ROOT/$stage$(dirname "$word") ]]; then printf '%s\n' "$ROOT/$stage$word"  # to be made
    elif [[ $word == -*=/* && -e $ROOT/$stage${word#*=} ]]; then printf '%s\n' "${word%%=*}=$ROOT/$stage${word#*=}"
    else printf '%s\n' "$word"; fi
  done
}
for line in "${lines[@]}"; do
  instruction=${line%% *}; args=${line#* }
  case $instruction in
    FROM)
      image=${args%% *}; stage=stage${#stage_names[@]}
      if [[ $args == *" AS "* ]]; then stage=${args##* AS }; fi
      stage_names[$stage]=$image; workdir=/; mkdir -p "$ROOT/$stage"
      [ -n "$build_stage" ] || build_stage=$stage
      echo "== stage $stage (FROM $image: not pulled; this machine's tools stand in)";;
    WORKDIR)
      workdir=$args; mkdir -p "$(in_stage "$workdir")";;
    COPY)
      from=""; mode=""; read -r -a words <<<"$args"
      while [[ ${words[0]} == --* ]]; do
        case ${words[0]} in --from=*) from=${words[0]#--from=};; --chmod=*) mode=${words[0]#--chmod=};; esac
        words=("${words[@]:1}")
      done
      source=${words[0]}; target=${words[1]}
      [[ $target == /* ]] || target=$workdir/$target
      if [ -n "$from" ]; then source_path=$ROOT/$from$source; else source_path=$CONTEXT/$source; fi
      mkdir -p "$(dirname "$(in_stage "$target")")"
      cp -r "$source_path" "$(in_stage "$target")"
      [ -z "$mode" ] || chmod -R "$mode" "$(in_stage "$target")"
      echo "COPY ${from:+--from=$from }$source -> $target";;
    RUN)
      command=$(sed -E 's/--mount=[^ ]+ //g' <<<"$args")
      read -r -a run_words <<<"$command"
      if [ "$stage" = "$build_stage" ]; then
        echo "RUN $command"
        (cd "$(in_stage "$workdir")" && bash -euo pipefail -c "$command")
      elif [[ ${run_words[0]} == /* && -x $ROOT/$stage${run_words[0]} ]]; then
        echo "RUN (paths in the stage) $command"
        mapfile -t mapped < <(map_paths "${run_words[@]}")
        (cd "$(in_stage "$workdir")" && "${mapped[@]}" > /dev/null)
      else
        echo "NOT RUN (needs root in the image): $command"
      fi;;
    ENV)
      eval "pairs=($args)"
      for pair in "${pairs[@]}"; do run_env+=("$pair"); done;;
    HEALTHCHECK)
      [[ $args =~ --start-period=([0-9]+)s ]] && start_period=${BASH_REMATCH[1]}
      eval "healthcheck=($(json_words "${args#*CMD }"))";;
    ENTRYPOINT)
      eval "entrypoint=($(json_words "$args"))";;
    USER|EXPOSE)
      echo "$instruction $args (recorded; not applicable without an image)";;
    *)
      echo "unknown instruction: $instruction" >&2; exit 1;;
  esac
done

mapfile -t start < <(map_paths "${entrypoint[@]}")
mapfile -t check < <(map_paths "${healthcheck[@]}")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

echo "== starting: ${entrypoint[*]} (port $port)"
(cd "$(in_stage "$workdir")" && exec env "${run_env[@]}" SERVER_ADDRESS=127.0.0.1 SERVER_PORT="$port" "${start[@]}") \
  >"$ROOT/service.log" 2>&1 &
APP_PID=$!

deadline=$((SECONDS + start_period))
until env SERVER_PORT="$port" "${check[@]}" 2>/dev/null; do
  if ! kill -0 "$APP_PID" 2>/dev/null || [ $SECONDS -gt $deadline ]; then
    echo "FAILED: the HEALTHCHECK did not pass within ${start_period}s; service log:" >&2
    tail -50 "$ROOT/service.log" >&2
    exit 1
  fi
  sleep 3
done
echo "HEALTHCHECK passed after ${SECONDS}s in all"
for path in / /cds-services /fhir/metadata; do
  status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$path")
  echo "GET $path -> $status"
  [ "$status" = 200 ]
done
# one hook call through the packaged jar: the service reads the sample patient from its own /fhir
body=$(python3 -c 'import json, sys
request = json.load(open(sys.argv[1]))
request.pop("prefetch")
request["fhirServer"] = sys.argv[2]
print(json.dumps(request))' fhir-resources/requests/patient-view-mcrpc-post-docetaxel-psma-positive.json "http://127.0.0.1:$port/fhir")
for endpoint in cds-services explain; do
  answer=$(curl -s -X POST -H 'Content-Type: application/json' --data "$body" "http://127.0.0.1:$port/$endpoint/mcrpc-patient-view")
  grep -q '"org.mcrpccds.rule":"R1"' <<<"$answer" || { echo "FAILED: POST /$endpoint/mcrpc-patient-view: $answer" >&2; exit 1; }
  echo "POST /$endpoint/mcrpc-patient-view (fhirServer = the jar's own /fhir) -> an R1 card"
done
echo "OK: the Dockerfile's build steps produce a jar that starts with the image's settings, passes its health check and answers hooks"
