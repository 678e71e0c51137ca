#!/usr/bin/env bash
# Install Debian's chromium for the docs browser check (tools/docs_check.py), only if
# no chromium is on the PATH. Called by `make docs`.
set -euo pipefail
for b in chromium chromium-browser google-chrome; do
    if command -v "$b" >/dev/null 2>&1; then exit 0; fi
done
echo "docs: installing Debian's chromium for the browser check" >&2
SUDO=""
if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "docs: chromium is missing; install it (apt-get install -y chromium) and rerun" >&2; exit 1; }
    SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium >/dev/null
