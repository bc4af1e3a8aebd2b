#!/usr/bin/env bash
# Container health check: GET /actuator/health through bash's /dev/tcp, because the JRE image
# has no curl. Healthy when the service answers {"status":"UP",...}.
set -eu
exec 3<>"/dev/tcp/127.0.0.1/${SERVER_PORT:-8080}"
printf 'GET /actuator/health HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
grep -q '"status":"UP"' <&3
