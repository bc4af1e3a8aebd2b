#!/usr/bin/env bash
# Installs Debian's Chromium and ChromeDriver for the headless-browser test of the demo page
# (DemoPageBrowserTest). Idempotent: does nothing when both are installed. Quiet unless apt fails.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  as_root=(sudo)
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
    && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      chromium chromium-driver; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "install-browser: apt-get could not install chromium and chromium-driver" >&2
  exit 1
fi
command -v chromium >/dev/null && command -v chromedriver >/dev/null
